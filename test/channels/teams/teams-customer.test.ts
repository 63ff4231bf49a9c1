import { cardAction } from '../../../src/channels/teams/card-actions.js';
import { runCommand } from '../../../src/channels/teams/commands.js';
import { TEXT } from '../../../src/channels/teams/teams-text.js';
import { VERBS, type AdaptiveCard } from '../../../adaptive-cards/card-types.js';
import { MongoMessageRefRepository } from '../../../src/store/mongo-message-ref.repository.js';
import { caseFixture, type Fixture, type PersonKey } from '../../app/case-services.fixture.js';
import { openTestDatabase, type TestDatabase } from '../../support/database/test-database.js';
import { cardErrors } from './card-schema.js';

// Teams' `customer ACC-1` (the record as a card to edit) and `check ACC-1` (the front line's
// answer), as Slack's `/lcp customer` and `/lcp check` do them (issue 12 §1, §4).

let db: TestDatabase;
let fx: Fixture;
const replies: ({ text: string } | { card: AdaptiveCard })[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
  fx = await caseFixture(db.connection);
});
afterAll(() => db.close());
beforeEach(() => {
  replies.length = 0;
});

async function say(who: PersonKey, text: string) {
  const person = (await fx.services.people.findById(fx.ids[who]))!;
  await runCommand(
    {
      services: fx.services,
      messageRefs: new MongoMessageRefRepository(db.connection),
      reply: async (r) => void replies.push(r),
    },
    person,
    text,
  );
  return replies.at(-1)!;
}

async function click(who: PersonKey, data: Record<string, unknown>, id: string): Promise<AdaptiveCard> {
  const person = (await fx.services.people.findById(fx.ids[who]))!;
  return cardAction(
    { services: fx.services, messageRefs: new MongoMessageRefRepository(db.connection) },
    { person, verb: VERBS.customer, data, activityId: id },
  );
}

const json = (card: AdaptiveCard) => JSON.stringify(card);

test('the CXM gets the record as a valid card and saves it; bad input comes back beside its field, nothing saved', async () => {
  const reply = await say('cxm', 'customer ACC-777');
  if (!('card' in reply)) throw new Error(`expected a card, got ${reply.text}`);
  expect(cardErrors(reply.card)).toEqual([]);
  expect(json(reply.card)).toContain(VERBS.customer);

  const bad = await click(
    'cxm',
    { accountRef: 'ACC-777', email: 'nope', email_ok: 'yes', postal_address: '1 Road\nTown' },
    'a1',
  );
  expect(cardErrors(bad)).toEqual([]);
  expect(json(bad)).toContain('an e-mail address such as name@example.org');
  expect(await fx.services.customers.findByAccountRef('ACC-777')).toBeNull();

  const saved = await click(
    'cxm',
    {
      accountRef: 'ACC-777',
      vulnerabilities: 'Sight loss',
      adjustments: 'needs_telephone: calls, not letters',
      format_needs: 'large_print',
      email_ok: 'no',
      postal_address: '1 Road\nTown\nAB1 2CD',
    },
    'a2',
  );
  expect(json(saved)).toContain('Saved. Changed:');
  expect(await fx.services.customers.findByAccountRef('ACC-777')).toMatchObject({
    formatNeeds: ['large_print'],
    postalAddress: ['1 Road', 'Town', 'AB1 2CD'],
    adjustments: [{ kind: 'needs_telephone', agreedBy: { name: 'Cora Experience' } }],
  });
  expect((await fx.services.customers.changes('ACC-777'))[0]).toMatchObject({
    source: 'teams',
    by: { personId: fx.ids.cxm },
  });
});

test('a colleague is refused the record, by the command and by a crafted save; nothing is saved', async () => {
  expect(await say('reporter', 'customer ACC-778')).toEqual({
    text: expect.stringContaining('Only the customer experience manager'),
  });
  const crafted = await click('reporter', { accountRef: 'ACC-778', email_ok: 'no', vulnerabilities: 'made up' }, 'a3');
  expect(json(crafted)).toContain('Only the customer experience manager');
  expect(await fx.services.customers.findByAccountRef('ACC-778')).toBeNull();
  expect(await say('cxm', 'customer')).toEqual({ text: TEXT.customerUsage });
});

test('check: any colleague gets a valid card with no case details; without a reference, how to ask', async () => {
  const reply = await say('reporter', 'check ACC-12345');
  if (!('card' in reply)) throw new Error('expected a card');
  expect(cardErrors(reply.card)).toEqual([]);
  expect(json(reply.card)).toContain('No restrictions on contact are in force');
  expect(await say('reporter', 'check')).toEqual({ text: TEXT.checkUsage });
});
