import type { PersonRepository } from '../directory/person.js';
import { parseCustomerCsv } from '../customers/customer-csv.js';
import { editCustomerAs } from './customer-records.js';
import type { CustomerRepository } from './ports.js';
import { resolveActor } from './resolve-actor.js';

// `lcp customers import FILE --as EMAIL`: the CSV's rows become customer records, each change
// audited with the person the import runs as (who must be the CXM or above, as in chat). A bad row
// is reported by its line and column and skipped; the other rows are saved, each whole or not at all.

export interface CustomerImportOutcome {
  saved: number;
  unchanged: number;
  problems: string[];
}

export interface CustomerImportDeps {
  customers: CustomerRepository;
  people: PersonRepository;
  clock: () => Date;
}

export class CustomerImportRefused extends Error {}

export async function importCustomerRecords(
  deps: CustomerImportDeps,
  text: string,
  operatorEmail: string,
): Promise<CustomerImportOutcome> {
  const now = deps.clock();
  const operator = await deps.people.findByEmail(operatorEmail);
  const actor = operator ? await resolveActor(deps.people, operator.id, now) : null;
  if (!actor) throw new CustomerImportRefused(`--as ${operatorEmail}: not in the directory`);
  const { rows, problems } = parseCustomerCsv(text);
  let saved = 0;
  let unchanged = 0;
  for (const row of rows) {
    const result = await editCustomerAs(
      deps,
      actor,
      { actorPersonId: actor.personId, accountRef: row.accountRef, name: row.name, values: row.values, source: 'csv' },
      now,
    );
    if (!result.ok) {
      if (result.code === 'CUSTOMER.NOT_ALLOWED')
        throw new CustomerImportRefused(`--as ${operatorEmail}: ${result.message}`);
      const detail = result.errors
        ? Object.entries(result.errors)
            .map(([field, message]) => `${field}: ${message}`)
            .join('; ')
        : result.message;
      problems.push(`line ${row.line}: ${detail}`);
      continue;
    }
    if (result.changed.length > 0) saved += 1;
    else unchanged += 1;
  }
  problems.sort((a, b) => Number(/^line (\d+)/.exec(a)?.[1] ?? 0) - Number(/^line (\d+)/.exec(b)?.[1] ?? 0));
  return { saved, unchanged, problems };
}
