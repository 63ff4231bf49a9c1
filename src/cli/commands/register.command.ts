// `lcp register [--live] [--out dir]`: the restriction register (§34) as CSV, on stdout or in a file.
import type { Command } from 'commander';
import { buildRegister, liveRows } from '../../reports/register.js';
import { registerCsv } from '../../reports/register.export.js';
import { MongoReportCaseSource } from '../../store/mongo-report-case.source.js';
import { cliNow, reportAction, withDatabase, writeOutputs } from './report-cli-support.js';

export function registerRegister(program: Command): void {
  program
    .command('register')
    .description('the restriction register (§34): every live and past restriction, as CSV')
    .option('--live', 'only the restrictions in force or about to start')
    .option('--out <dir>', 'write restriction-register-<date>.csv there instead of printing it')
    .action(
      reportAction(async (options: { live?: boolean; out?: string }) => {
        await withDatabase(async (connection, settings) => {
          const now = cliNow(settings);
          const all = await buildRegister(new MongoReportCaseSource(connection), now);
          const csv = registerCsv(options.live ? liveRows(all) : all);
          if (!options.out) return void process.stdout.write(csv);
          const [file] = await writeOutputs(options.out, {
            [`restriction-register-${now.toISOString().slice(0, 10)}.csv`]: csv,
          });
          process.stdout.write(`wrote ${file}\n`);
        });
      }),
    );
}
