// `lcp customers import FILE --as EMAIL`: customer records in bulk (issue 12 §1). Bad rows are
// listed by line and column and the rest is saved (exit 0); a file, person or database that cannot
// be used exits 1 with one line.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CustomerImportRefused, importCustomerRecords } from '../../app/import-customers.js';
import { CUSTOMER_CSV_HEADER } from '../../customers/customer-csv.js';
import { MongoCustomerRepository } from '../../store/mongo-customer.repository.js';
import { MongoPersonRepository } from '../../store/mongo-person.repository.js';
import { CliError, cliNow, reportAction, withDatabase } from './report-cli-support.js';

export function registerCustomers(program: Command): void {
  const customers = program
    .command('customers')
    .description('customer records: needs, agreed adjustments, letter format and address');
  customers
    .command('import <file>')
    .description(
      `save customer records from a CSV: ${CUSTOMER_CSV_HEADER.join(',')} ("|" separates lines or items within a cell)`,
    )
    .requiredOption(
      '--as <email>',
      'the directory e-mail of the customer experience manager (or above) the changes are recorded as',
    )
    .action(
      reportAction(async (file: string, options: { as: string }) => {
        let text: string;
        try {
          text = await readFile(file, 'utf8');
        } catch (error) {
          throw new CliError(
            `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
          );
        }
        await withDatabase(async (connection, settings) => {
          try {
            const outcome = await importCustomerRecords(
              {
                customers: new MongoCustomerRepository(connection),
                people: new MongoPersonRepository(connection),
                clock: () => cliNow(settings),
              },
              text,
              options.as,
            );
            process.stdout.write(
              `Imported ${file}: ${outcome.saved} customers saved, ${outcome.unchanged} unchanged${outcome.problems.length ? `; ${outcome.problems.length} bad rows:\n${outcome.problems.join('\n')}` : '; no bad rows'}\n`,
            );
          } catch (error) {
            if (error instanceof CustomerImportRefused) throw new CliError(error.message);
            throw error;
          }
        });
      }),
    );
}
