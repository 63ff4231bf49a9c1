import { buildBoardReport } from '../../src/reports/board-report.js';
import { boardReportCsv } from '../../src/reports/board-report.export.js';
import { closeDatabase, openDatabase } from '../../src/store/connection.js';
import { MongoReportCaseSource } from '../../src/store/mongo-report-case.source.js';
import { childArgs, finishChild } from '../support/child-process.js';

// The board report as the product builds it (the streamed case source, the accumulator), in a
// fresh process so that its peak memory is the report's own.

export interface BoardReportArgs {
  mongoUri: string;
  year: number;
}

export interface BoardReportRun {
  seconds: number;
  csvSeconds: number;
  peakRssMiB: number;
  rssBeforeMiB: number;
  peakHeapUsedMiB: number;
  casesOpened: number;
  uses: { warnings: number; restrictions: number; refusals: number };
  rationales: number;
  rationalesOmitted: number;
}

const args = childArgs<BoardReportArgs>();
const connection = await openDatabase(args.mongoUri);
const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const rssBefore = process.memoryUsage().rss;
let peakHeap = 0;
const timer = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 50);
const started = Date.now();
const report = await buildBoardReport(
  new MongoReportCaseSource(connection),
  args.year,
  new Date(`${args.year}-12-31T12:00:00Z`),
);
const seconds = (Date.now() - started) / 1000;
const csvStarted = Date.now();
boardReportCsv(report);
const csvSeconds = (Date.now() - csvStarted) / 1000;
clearInterval(timer);
await closeDatabase(connection);
const result: BoardReportRun = {
  seconds,
  csvSeconds,
  peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
  rssBeforeMiB: mib(rssBefore),
  peakHeapUsedMiB: mib(peakHeap),
  casesOpened: report.casesOpened,
  uses: report.uses,
  rationales: report.rationales.length,
  rationalesOmitted: report.rationalesOmitted,
};
finishChild({ ...result });
