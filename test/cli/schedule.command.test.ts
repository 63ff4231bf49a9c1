import { formatListing } from '../../src/cli/commands/schedule.command.js';
import { scheduleListing } from '../../src/scheduling/schedule-listing.js';
import { runSweep } from '../../src/scheduling/sweep.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { london, schedulingFixture } from '../scheduling/scheduling.fixture.js';

let db: TestDatabase;
afterEach(() => db.close());

describe('lcp schedule', () => {
  test('lists sent, due and upcoming reminders for one case from the sweep plan, without the customer', async () => {
    db = await openTestDatabase();
    const fx = await schedulingFixture(db, london('2026-12-24 10:00'));
    const kase = await fx.openCase({ occurredAt: '2026-12-24T09:00:00Z' });
    const now = london('2026-12-30 10:00');
    fx.setNow(now);
    await runSweep(fx.deps, now, ['decision_deadline']);

    const rows = await scheduleListing(fx.deps, london('2026-12-30 18:00'), { caseNumber: kase.number });
    expect(rows!.map((r) => [r.dueDate, r.n, r.status])).toEqual([
      ['2026-12-30', 1, 'sent'],
      ['2026-12-31', 2, 'upcoming'],
    ]);
    const text = formatListing(rows!);
    expect(text).toContain(kase.number);
    expect(text).toMatch(/2026-12-31 .*decision deadline #2 +upcoming +from 2026-12-31 09:00/);
    expect(text).not.toMatch(/Alex|ACC-10001/);
    expect(await scheduleListing(fx.deps, now, { caseNumber: 'LCP-2026-9999' })).toBeNull();

    const all = await scheduleListing(fx.deps, london('2027-01-02 10:00'));
    expect(all!.find((r) => r.caseNumber === kase.number && r.n === 2)).toMatchObject({
      status: 'waiting_for_working_hours',
    });
  });
});
