// `lcp equality import-base FILE` (characteristic,group,count) and `lcp equality import-customers
// FILE` (account_ref and one column per characteristic): the inputs of equality monitoring.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { importBase, importCustomers } from '../../reports/equality-import.js';
import { MongoEqualityStore } from '../../store/mongo-equality.store.js';
import { CliError, reportAction, withDatabase } from './report-cli-support.js';

async function read(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export function registerEquality(program: Command): void {
  const equality = program
    .command('equality')
    .description("equality monitoring data: the customer base and customers' protected characteristics");
  equality
    .command('import-base <file>')
    .description('replace the customer base with aggregate counts from a CSV: characteristic,group,count')
    .action(
      reportAction(async (file: string) => {
        const text = await read(file);
        await withDatabase(async (connection) => {
          const outcome = await importBase(new MongoEqualityStore(connection), text, file, new Date());
          process.stdout.write(
            `Imported ${file}: ${outcome.imported} groups${outcome.problems.length ? `; ${outcome.problems.length} bad rows:\n${outcome.problems.join('\n')}` : '; no bad rows'}\n`,
          );
          if (outcome.imported === 0) process.exitCode = 1;
        });
      }),
    );
  equality
    .command('import-customers <file>')
    .description(
      "record customers' characteristics from a CSV: account_ref,age_band,disability,sex_gender,race_ethnicity,religion_belief,sexual_orientation (blank: not recorded)",
    )
    .action(
      reportAction(async (file: string) => {
        const text = await read(file);
        await withDatabase(async (connection) => {
          const outcome = await importCustomers(new MongoEqualityStore(connection), text, new Date());
          process.stdout.write(
            `Imported ${file}: ${outcome.created ?? 0} new customers, ${outcome.updated ?? 0} updated${outcome.problems.length ? `; ${outcome.problems.length} bad rows:\n${outcome.problems.join('\n')}` : '; no bad rows'}\n`,
          );
        });
      }),
    );
}
