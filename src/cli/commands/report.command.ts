// `lcp report board --year 2026 [--out dir]` and `lcp report equality --from --to [--out dir]`:
// the annual board report (§35) and equality monitoring, each as a PDF and a CSV.
import type { Command } from 'commander';
import { buildBoardReport } from '../../reports/board-report.js';
import { boardReportCsv, boardReportPdf } from '../../reports/board-report.export.js';
import { buildEqualityReport, publishedText } from '../../reports/equality.js';
import { equalityReportCsv, equalityReportPdf } from '../../reports/equality.export.js';
import { MongoEqualityStore } from '../../store/mongo-equality.store.js';
import { MongoReportCaseSource } from '../../store/mongo-report-case.source.js';
import {
  CliError,
  cliNow,
  isoDateArg,
  organisationName,
  reportAction,
  withDatabase,
  writeOutputs,
} from './report-cli-support.js';

export function registerReport(program: Command): void {
  const report = program
    .command('report')
    .description('reports: the annual board report (§35) and equality monitoring');
  report
    .command('board')
    .description('the annual board report for a calendar year, as PDF and CSV')
    .requiredOption('--year <year>', 'calendar year, e.g. 2026')
    .option('--out <dir>', 'where to write the files', '.')
    .action(
      reportAction(async (options: { year: string; out: string }) => {
        if (!/^\d{4}$/.test(options.year))
          throw new CliError(`--year expects a year such as 2026 (got "${options.year}")`);
        const year = Number(options.year);
        await withDatabase(async (connection, settings) => {
          const board = await buildBoardReport(new MongoReportCaseSource(connection), year, cliNow(settings));
          const files = await writeOutputs(options.out, {
            [`board-report-${year}.pdf`]: await boardReportPdf(board, organisationName(settings)),
            [`board-report-${year}.csv`]: boardReportCsv(board),
          });
          process.stdout.write(
            `Board report ${year}: ${board.uses.warnings} warnings, ${board.uses.restrictions} restrictions, ${board.uses.refusals} refusals of all contact; ${board.reviews.held} reviews (${board.reviews.onTime} on time); ${board.appeals.received} appeals\n${files.map((f) => `wrote ${f}`).join('\n')}\n`,
          );
        });
      }),
    );
  report
    .command('equality')
    .description(
      'equality monitoring: the policy applied by protected characteristic against the customer base, as PDF and CSV',
    )
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD')
    .option('--out <dir>', 'where to write the files', '.')
    .action(
      reportAction(async (options: { from: string; to: string; out: string }) => {
        const from = isoDateArg('--from', options.from);
        const to = isoDateArg('--to', options.to);
        if (to < from) throw new CliError('--to must not be before --from');
        await withDatabase(async (connection, settings) => {
          const equality = await buildEqualityReport(
            new MongoReportCaseSource(connection),
            new MongoEqualityStore(connection),
            { from, to },
            cliNow(settings),
          );
          const name = `equality-${from}-to-${to}`;
          const files = await writeOutputs(options.out, {
            [`${name}.pdf`]: await equalityReportPdf(equality, organisationName(settings)),
            [`${name}.csv`]: equalityReportCsv(equality),
          });
          const flagged = equality.sections.flatMap((s) =>
            s.rows.filter((r) => r.disproportionate).map((r) => `${s.characteristic}=${r.group}`),
          );
          const warning = equality.baseImportedAt
            ? ''
            : ' (no customer base imported: run `lcp equality import-base FILE`)';
          process.stdout.write(
            `Equality monitoring ${from} to ${to}: ${publishedText(equality.customersApplied)} customers; ${flagged.length ? `disproportionate: ${flagged.join(', ')}` : 'no group flagged'}${warning}\n${files.map((f) => `wrote ${f}`).join('\n')}\n`,
          );
        });
      }),
    );
}
