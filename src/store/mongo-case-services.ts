import type { Connection } from 'mongoose';
import type { Notifier } from '../app/ports.js';
import type { CaseServices } from '../app/services.js';
import { MongoCaseRepository } from './mongo-case.repository.js';
import { MongoCustomerRepository } from './mongo-customer.repository.js';
import { MongoOpenCaseRegistry } from './mongo-open-case.registry.js';
import { MongoPersonRepository } from './mongo-person.repository.js';
import { MongoReceiptRepository } from './mongo-receipt.repository.js';
import { MongoRefusedAttemptLog } from './mongo-refused-attempt.log.js';
import { MongoCaseViewLog } from './mongo-case-view.log.js';
import { STORE_MODELS } from './store-models.js';

/** Wires the use cases to MongoDB; each adapter (Slack, Teams, jobs, CLI) supplies its notifier. */
export function mongoCaseServices(
  connection: Connection,
  notifier: Notifier,
  clock: () => Date = () => new Date(),
): CaseServices {
  return {
    cases: new MongoCaseRepository(connection),
    openCases: new MongoOpenCaseRegistry(connection, clock),
    customers: new MongoCustomerRepository(connection),
    people: new MongoPersonRepository(connection),
    receipts: new MongoReceiptRepository(connection, clock),
    refusals: new MongoRefusedAttemptLog(connection),
    views: new MongoCaseViewLog(connection),
    notifier,
    clock,
  };
}

/**
 * Builds every index the store declares before the first request: the unique ones are the arbiters
 * of races, the others serve every query the product sends (test/store/index-coverage.test.ts).
 */
export async function ensureIndexes(connection: Connection): Promise<void> {
  for (const model of STORE_MODELS) model(connection);
  await Promise.all(Object.values(connection.models).map((model) => model.init()));
}
