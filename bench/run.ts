// `npm run bench`: every figure of issue 8's benchmark list, each beside its baseline, in one run
// against a real database (MONGODB_URI if set, else a local server as the tests start one).
// Prints a table and writes bench/results.json. Options: --seconds N (per load run, default 5),
// --only chat,scheduler,board (a subset, for working on one part; results.json is then not written
// unless --out is given), --restrictions N (default 10000), --cases N (default 20000), --sweep-cap S
// and --agenda-cap S (seconds the review sweep and the agenda baseline may take before they are
// reported unfinished; 180 and 120). The defaults keep a full run under 15 minutes on FerretDB,
// whose inserts (about 90 cases a second) make seeding 100,000 cases alone take 18 minutes; pass
// --cases 100000 for the board report at full size (docs/benchmarks.md).
import { writeFile } from 'node:fs/promises';
import { withDatabaseName } from '../src/store/mongodb-uri.js';
import { startLocalDatabase } from '../src/local-database/start-local-database.js';
import { runChatBenchmarks } from './chat/chat-benchmarks.js';
import { collectEnvironment } from './report/environment.js';
import { printTable } from './report/table.js';
import { evaluateTargets } from './report/targets.js';
import type { BenchResults } from './report/results.js';
import { runSchedulerBenchmarks } from './scheduler/scheduler-benchmarks.js';
import { runBoardReportBenchmark } from './board-report/board-report-benchmark.js';

const SECTIONS = ['chat', 'scheduler', 'board'] as const;

const HELP = `npm run bench [-- options]: the product beside its baselines, on the local database chain
(MONGODB_URI, else a mongod, else FerretDB on PostgreSQL, else FerretDB on SQLite).

  --only chat,scheduler,board  run only these sections (results.json is then written only with --out)
  --seconds N                  seconds per load run (default 5)
  --restrictions N             restrictions seeded for the scheduler section (default 10000)
  --sweep-cap S                seconds the review sweep may take before it is reported unfinished (default 180)
  --agenda-cap S               the same for the agenda baseline (default 120)
  --cases N                    cases seeded for the board report (default 20000)
  --out FILE                   where to write the results (default bench/results.json for a full run)
  --help                       this text`;

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
type Section = (typeof SECTIONS)[number];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const seconds = Number(option('seconds') ?? 5);
const only = option('only')?.split(',') as Section[] | undefined;
const out = option('out') ?? (only ? undefined : 'bench/results.json');
const wanted = (s: Section) => !only || only.includes(s);
const started = Date.now();
const say = (line: string) =>
  process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

const database = await startLocalDatabase({ log: (line) => say(`[database] ${line}`) });
say(`Database: ${database.description}`);
const results: BenchResults = {
  generatedAt: new Date().toISOString(),
  environment: await collectEnvironment(database.description),
  options: { secondsPerLoadRun: seconds, sections: only ?? [...SECTIONS] },
  chat: null,
  scheduler: null,
  boardReport: null,
  targets: [],
  wallSeconds: 0,
};
try {
  if (wanted('chat'))
    results.chat = await runChatBenchmarks({
      appDatabaseUri: withDatabaseName(database.uri, 'lcp_bench_chat'),
      seconds,
      openCases: 50,
      say,
    });
  if (wanted('scheduler'))
    results.scheduler = await runSchedulerBenchmarks({
      databaseUri: (name) => withDatabaseName(database.uri, name),
      restrictions: Number(option('restrictions') ?? 10_000),
      sweepCapSeconds: Number(option('sweep-cap') ?? 180),
      agendaCapSeconds: Number(option('agenda-cap') ?? 120),
      say,
    });
  if (wanted('board'))
    results.boardReport = await runBoardReportBenchmark({
      databaseUri: withDatabaseName(database.uri, 'lcp_bench_board'),
      cases: Number(option('cases') ?? 20_000),
      say,
    });
} finally {
  await database.stop();
}
results.wallSeconds = Math.round((Date.now() - started) / 1000);
results.targets = evaluateTargets(results);
printTable(results, (line) => process.stdout.write(`${line}\n`));
if (out) {
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  say(`written to ${out}`);
}
