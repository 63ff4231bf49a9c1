import { closeDatabase, openDatabase } from '../../src/store/connection.js';
import { childArgs, finishChild } from '../support/child-process.js';
import { insertClones, loadTemplate, type CaseTemplate } from '../seeding/clone-cases.js';
import { buildTemplates, type TemplateKind } from '../seeding/workflow-templates.js';

// Seeds `cases` cases for the board report: four templates taken through the workflow (restricted,
// warning issued, closed informally, awaiting the line manager), copied in turn. Only the case
// documents are copied (the report reads nothing else but the events of the templates): see
// docs/benchmarks.md on what FerretDB's inserts and scans cost.

export interface SeedBoardArgs {
  mongoUri: string;
  cases: number;
}

export interface SeedBoardResult {
  seeded: number;
  seedSeconds: number;
  byState: Record<string, number>;
}

const KINDS: TemplateKind[] = ['restricted', 'warning_issued', 'closed_informally', 'line_manager_review'];
const args = childArgs<SeedBoardArgs>();
const connection = await openDatabase(args.mongoUri);
await connection.dropDatabase();
const started = Date.now();
const built = await buildTemplates(connection, KINDS);
const templates: CaseTemplate[] = [];
for (const kind of KINDS) templates.push(await loadTemplate(connection, built[kind]!.id));
await insertClones(
  connection,
  args.cases - templates.length,
  (i) => ({
    template: templates[i % templates.length]!,
    number: `LCP-2026-${String(i + 10).padStart(6, '0')}`,
    accountRef: `BOARD-${i}`,
  }),
  {
    withEvents: false,
    casesOnly: true,
    batch: 2000,
    onProgress: (done) => {
      if (done % 20_000 === 0) process.stderr.write(`  [board seed] ${done} copies\n`);
    },
  },
);
const byState: Record<string, number> = {};
for (const kind of KINDS) {
  const state = built[kind]!.state;
  byState[state] = await connection.collection('cases').countDocuments({ state });
}
const seeded = await connection.collection('cases').countDocuments({});
await closeDatabase(connection);
const result: SeedBoardResult = { seeded, seedSeconds: (Date.now() - started) / 1000, byState };
finishChild({ ...result });
