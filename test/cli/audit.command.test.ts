import { seedCases, type Seeded } from '../reports/report-seed.js';
import { runLcp } from '../support/run-lcp.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';

// `lcp audit verify` as an operator runs it, against cases driven through the real workflow.

let db: TestDatabase;
let seeded: Seeded;
beforeAll(async () => {
  db = await openTestDatabase();
  seeded = await seedCases(db);
}, 120_000);
afterAll(() => db.close());

test('every trail verifies; one case on its own says how many events it has', async () => {
  const all = await runLcp(['audit', 'verify'], { MONGODB_URI: db.uri });
  expect(all).toMatchObject({ code: 0, stderr: '', stdout: '5 audit trail(s) checked, 0 broken\n' });
  const one = await runLcp(['audit', 'verify', '--case', seeded.cases.alex.number.toLowerCase()], {
    MONGODB_URI: db.uri,
  });
  expect(one.code).toBe(0);
  expect(one.stdout).toBe(
    `${seeded.cases.alex.number}: ${seeded.cases.alex.version} events, chain verified\n1 audit trail(s) checked, 0 broken\n`,
  );
});

test('an edited rationale is named with its case and event, and the command fails', async () => {
  const events = db.connection.db!.collection('case_events');
  await events.updateOne({ caseId: seeded.cases.bea.id, seq: 2 }, { $set: { rationale: 'rewritten afterwards' } });
  const run = await runLcp(['audit', 'verify'], { MONGODB_URI: db.uri });
  expect(run.code).toBe(1);
  expect(run.stdout).toContain(`${seeded.cases.bea.number}: BROKEN at event 2:`);
  expect(run.stdout).toContain('5 audit trail(s) checked, 1 broken');
});

test('an unknown case is one clear line and exit code 1', async () => {
  expect(await runLcp(['audit', 'verify', '--case', 'LCP-2026-9999'], { MONGODB_URI: db.uri })).toMatchObject({
    code: 1,
    stdout: '',
    stderr: 'lcp: no case LCP-2026-9999\n',
  });
});
