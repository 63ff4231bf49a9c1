import type { Case } from '../../src/cases/index.js';
import { dispatchReminders } from '../../src/scheduling/reminder-plan.js';
import { scheduleListing } from '../../src/scheduling/schedule-listing.js';
import { runSweep } from '../../src/scheduling/sweep.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { london, schedulingFixture, type SchedulingFixture } from './scheduling.fixture.js';

// Issue 12 §5: a letter not dispatched two working days after approval reminds the customer
// experience manager, once; recording the dispatch stops it. Working days skip weekends and
// England and Wales bank holidays (src/scheduling/working-time.ts).

let db: TestDatabase;
let fx: SchedulingFixture;

beforeEach(async () => {
  db = await openTestDatabase();
  fx = await schedulingFixture(db, london('2026-11-30 10:00')); // a Monday
});
afterEach(() => db.close());

async function sweepAt(at: string) {
  const now = london(at);
  fx.setNow(now);
  return runSweep(fx.deps, now, ['letter_dispatch']);
}

const dispatch = (kase: Case, letterIndex: number, dispatchedOn: string) =>
  fx.act(kase, 'cxm', { action: 'record_dispatch', letterIndex, method: 'posted', dispatchedOn });

test('two working days after approval the CXM is reminded, once per letter, naming the case and not the customer', async () => {
  let kase = await fx.toRestricted(await fx.openCase()); // warning and restriction letters approved on Mon 30 Nov
  kase = await dispatch(kase, 0, '2026-11-30'); // the warning letter went the same day

  expect(await sweepAt('2026-12-01 10:00')).toMatchObject({ due: 0, sent: 0 });
  expect(await sweepAt('2026-12-02 10:00')).toMatchObject({ due: 1, sent: 1 });
  expect(fx.sender.sent).toEqual([
    {
      personIds: [fx.ids.cxm],
      caseId: kase.id,
      text: expect.stringContaining(`Case ${kase.number}: the restriction letter approved on Mon, 30 Nov 2026`),
    },
  ]);
  expect(fx.sender.sent[0]!.text).not.toContain(kase.customer.name);
  expect(fx.sender.sent[0]!.text).not.toContain(kase.customer.accountRef);

  // Once only: the next sweeps find it sent.
  expect(await sweepAt('2026-12-02 10:15')).toMatchObject({ sent: 0, alreadySent: 1 });
  expect(await sweepAt('2026-12-03 10:00')).toMatchObject({ sent: 0, alreadySent: 1 });
  expect(fx.sender.sent).toHaveLength(1);

  const rows = await scheduleListing(fx.deps, london('2026-12-03 10:00'), { caseNumber: kase.number });
  expect(rows!.filter((r) => r.kind === 'letter_dispatch').map((r) => [r.dueDate, r.status])).toEqual([
    ['2026-12-02', 'sent'],
  ]);
});

test('a letter whose dispatch is recorded in time is not reminded about', async () => {
  let kase = await fx.toRestricted(await fx.openCase());
  fx.setNow(london('2026-12-01 16:00'));
  kase = await dispatch(kase, 0, '2026-12-01');
  await dispatch(kase, 1, '2026-12-01');
  expect(await sweepAt('2026-12-02 10:00')).toMatchObject({ due: 0, sent: 0 });
  expect(fx.sender.sent).toEqual([]);
});

test('a closed case is found too: the letter that lifted the restrictions is chased', async () => {
  let kase = await fx.toRestricted(await fx.openCase());
  kase = await dispatch(kase, 0, '2026-11-30');
  kase = await dispatch(kase, 1, '2026-11-30');
  fx.setNow(london('2026-12-07 10:00'));
  kase = await fx.act(kase, 'chc', { action: 'review_lift', rationale: 'Behaviour has improved.' });
  expect(kase.state).toBe('closed');
  expect(await sweepAt('2026-12-08 10:00')).toMatchObject({ due: 0 });
  expect(await sweepAt('2026-12-09 10:00')).toMatchObject({ due: 1, sent: 1 });
  expect(fx.sender.sent[0]!.text).toContain('restrictions lifted letter approved on Mon, 7 Dec 2026');
});

test('the two working days skip weekends and bank holidays (approved Thu 24 Dec 2026: due Wed 30 Dec)', async () => {
  const kase = await fx.toRestricted(await fx.openCase());
  const christmasEve = '2026-12-24T15:00:00.000Z';
  const letters = kase.letters.map((l) => ({ ...l, approvedAt: christmasEve, sentAt: christmasEve }));
  expect(dispatchReminders({ ...kase, letters }).map((r) => r.dueDate)).toEqual(['2026-12-30', '2026-12-30']);
  // Letters approved before dispatch records existed (no `dispatch` field) are not chased.
  const older = letters.map(({ dispatch: _dispatch, ...rest }) => rest);
  expect(dispatchReminders({ ...kase, letters: older })).toEqual([]);
});
