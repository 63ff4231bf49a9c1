import { runCommand } from '../../../src/channels/teams/commands.js';
import { TEXT } from '../../../src/channels/teams/teams-text.js';
import { MongoMessageRefRepository } from '../../../src/store/mongo-message-ref.repository.js';
import { caseFixture, type Fixture } from '../../app/case-services.fixture.js';
import { openTestDatabase, type TestDatabase } from '../../support/database/test-database.js';

// Teams' `delegate` does what Slack's `/lcp delegate` does, with the deputy named by e-mail.

let db: TestDatabase;
let fx: Fixture;
const replies: string[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
  fx = await caseFixture(db.connection);
});
afterAll(() => db.close());
beforeEach(() => {
  replies.length = 0;
});

async function say(who: 'chc' | 'edc', text: string): Promise<string> {
  const person = (await fx.services.people.findById(fx.ids[who]))!;
  await runCommand(
    {
      services: fx.services,
      messageRefs: new MongoMessageRefRepository(db.connection),
      reply: async (r) => void replies.push('text' in r ? r.text : 'card'),
    },
    person,
    text,
  );
  return replies.at(-1)!;
}

test('names the deputy until the end of the given day, recorded on the principal', async () => {
  expect(await say('edc', 'delegate dev.deputy@example.org until 2026-12-24')).toBe(
    'Dev Deputy can now decide for you until the end of 2026-12-24. Their decisions are recorded as made on your behalf.',
  );
  const edc = await fx.services.people.findById(fx.ids.edc);
  expect(edc!.deputies).toEqual([
    expect.objectContaining({ deputyPersonId: fx.ids.deputy, until: new Date('2026-12-25T00:00:00Z') }),
  ]);
});

test('refuses a past date, an unknown person and a malformed command, changing nothing', async () => {
  expect(await say('chc', 'delegate dev.deputy@example.org until 2026-11-01')).toBe(
    '2026-11-01 is not a date in the future.',
  );
  expect(await say('chc', 'delegate nobody@example.org until 2026-12-24')).toBe(
    'nobody@example.org is not in the Limited Contact directory.',
  );
  expect(await say('chc', 'delegate Dev tomorrow')).toBe(TEXT.delegateUsage);
  // Issue 11 §4: not oneself; at most 31 days at a time.
  expect(await say('chc', 'delegate hugo.head@example.org until 2026-12-24')).toBe(
    'You cannot be your own deputy: name a colleague who decides while you are away.',
  );
  expect(await say('chc', 'delegate dev.deputy@example.org until 2027-02-01')).toBe(
    'A deputy can be named for at most 31 days at a time: choose 2026-12-31 or earlier, and name them again when that ends.',
  );
  expect((await fx.services.people.findById(fx.ids.chc))!.deputies).toEqual([]);
});
