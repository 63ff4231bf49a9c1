import { closeDatabase, openDatabase } from '../../src/store/connection.js';
import { isWorkingTime } from '../../src/scheduling/working-time.js';
import { childArgs, finishChild } from '../support/child-process.js';
import { insertClones, loadTemplate } from '../seeding/clone-cases.js';
import { buildTemplates } from '../seeding/workflow-templates.js';

// Seeds `restrictions` live restrictions whose quarterly reviews fall due on the same day: one case
// taken through the real workflow to `restricted`, then copied. Answers with the instant at which
// the sweep should run (the due day, in working hours).

export interface SeedRestrictionsArgs {
  mongoUri: string;
  restrictions: number;
  /** Store the copies' audit events too (FerretDB then scans them on every case read). */
  withEvents: boolean;
}

export interface SeedRestrictionsResult {
  seeded: number;
  seedSeconds: number;
  reviewDue: string;
  sweepAt: string;
}

const args = childArgs<SeedRestrictionsArgs>();
const connection = await openDatabase(args.mongoUri);
await connection.dropDatabase();
const started = Date.now();
const kase = (await buildTemplates(connection, ['restricted'])).restricted!;
if (kase.state !== 'restricted' || !kase.nextReviewDue)
  throw new Error(`template ended in ${kase.state} with review ${kase.nextReviewDue}`);

const template = await loadTemplate(connection, kase.id);
const year = Number(template.number.slice(4, 8));
await insertClones(
  connection,
  args.restrictions - 1,
  (i) => ({ template, number: `LCP-${year}-${String(i + 2).padStart(5, '0')}`, accountRef: `REVIEW-${i + 2}` }),
  { withEvents: args.withEvents },
);
const seeded = await connection
  .collection('cases')
  .countDocuments({ state: 'restricted', nextReviewDue: kase.nextReviewDue });

// The first working-hours instant on the due day (winter: London is UTC).
let sweepAt = new Date(`${kase.nextReviewDue}T09:30:00Z`);
while (!isWorkingTime(sweepAt)) sweepAt = new Date(sweepAt.getTime() + 3_600_000);
await closeDatabase(connection);
const result: SeedRestrictionsResult = {
  seeded,
  seedSeconds: (Date.now() - started) / 1000,
  reviewDue: kase.nextReviewDue,
  sweepAt: sweepAt.toISOString(),
};
finishChild({ ...result });
