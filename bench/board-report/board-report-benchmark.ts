import { startChild } from '../support/child-process.js';
import type { BoardReportArgs, BoardReportRun } from './board-report.child.js';
import type { SeedBoardArgs, SeedBoardResult } from './seed-board.child.js';

// Item 4: the board report (src/reports/board-report.ts) over `cases` stored cases.

export type BoardReportResults =
  { available: true; seed: SeedBoardResult; run: BoardReportRun } | { available: false; reason: string };

export async function runBoardReportBenchmark(options: {
  databaseUri: string;
  cases: number;
  say: (line: string) => void;
}): Promise<BoardReportResults> {
  const { say } = options;
  say(`board report: seeding ${options.cases} cases`);
  const seeder = await startChild<SeedBoardResult>(
    'bench/board-report/seed-board.child.ts',
    { mongoUri: options.databaseUri, cases: options.cases } satisfies SeedBoardArgs,
    { timeoutMs: 1_800_000 },
  );
  await seeder.exited;
  const seed = seeder.ready;
  say(`  seeded ${seed.seeded} in ${seed.seedSeconds.toFixed(1)} s`);
  const reporter = await startChild<BoardReportRun>(
    'bench/board-report/board-report.child.ts',
    { mongoUri: options.databaseUri, year: 2026 } satisfies BoardReportArgs,
    { timeoutMs: 1_800_000 },
  );
  await reporter.exited;
  const run = reporter.ready;
  say(`  board report over ${seed.seeded} cases: ${run.seconds.toFixed(1)} s, peak RSS ${run.peakRssMiB} MiB`);
  return { available: true, seed, run };
}
