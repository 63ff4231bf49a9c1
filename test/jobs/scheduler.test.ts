import { startMongoScheduler } from '../../src/store/mongo-scheduling.js';
import { ALL_JOBS } from '../../jobs/index.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { london, schedulingFixture } from '../scheduling/scheduling.fixture.js';

let db: TestDatabase;
afterEach(() => db.close());

describe('the scheduler wiring (real agenda on the app connection)', () => {
  test('agenda runs the jobs from jobs/ on a short interval; a due reminder goes out once; stop drains and leaves the connection open', async () => {
    db = await openTestDatabase();
    const fx = await schedulingFixture(db, london('2026-12-24 10:00'));
    const kase = await fx.openCase({ occurredAt: '2026-12-24T09:00:00Z' });
    fx.setNow(london('2026-12-30 10:00'));

    const scheduler = await startMongoScheduler({
      jobs: ALL_JOBS,
      connection: db.connection,
      services: fx.services,
      sender: fx.sender,
      settings: fx.deps.settings,
      processEvery: 200,
      everyOverride: 300,
    });
    try {
      const deadline = Date.now() + 15_000;
      while (!fx.sender.sent.some((s) => s.caseId === kase.id) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 1_000)); // let the jobs fire a few more times
    } finally {
      await scheduler.stop();
    }
    expect(fx.sender.sent.filter((s) => s.caseId === kase.id)).toHaveLength(1);
    expect(db.connection.readyState).toBe(1);
    expect(
      await db.connection.db!.collection('agenda_jobs').countDocuments({ name: 'reminders.decision-deadlines' }),
    ).toBeGreaterThanOrEqual(1);
  });
});
