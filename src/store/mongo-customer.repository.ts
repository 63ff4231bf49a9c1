import type { Connection, Model } from 'mongoose';
import { SANITIZE, stringKey } from './filter-guard.js';
import type { CustomerAdjustment } from '../cases/index.js';
import type { Customer, CustomerRepository } from '../app/ports.js';
import { customerModel, type CustomerDocument } from './customer.model.js';
import { isDuplicateKeyError } from './duplicate-key.js';
import { normaliseAccountRef } from './mongo-open-case.registry.js';

// A record made by ensure's upsert may lack the lists (FerretDB 1.24 drops empty arrays from
// $setOnInsert); a missing list is an empty one.
const toCustomer = ({ accountRef, name, markers, adjustments, formatNeeds }: CustomerDocument): Customer => ({
  accountRef,
  name,
  markers: markers ?? [],
  adjustments: adjustments ?? [],
  formatNeeds: formatNeeds ?? [],
});

export class MongoCustomerRepository implements CustomerRepository {
  private readonly customers: Model<CustomerDocument>;

  constructor(connection: Connection) {
    this.customers = customerModel(connection);
  }

  async findByAccountRef(accountRef: string): Promise<Customer | null> {
    const key = stringKey(accountRef);
    if (key === null) return null;
    const doc = await this.customers.findById(normaliseAccountRef(key)).setOptions(SANITIZE).lean();
    return doc ? toCustomer(doc) : null;
  }

  /** One command (an upsert that returns the record), on the path of every report. */
  async ensure(accountRef: string, name: string): Promise<Customer> {
    const _id = normaliseAccountRef(accountRef);
    const created = { accountRef: accountRef.trim(), name, markers: [], adjustments: [], formatNeeds: [] };
    try {
      const doc = await this.customers.findOneAndUpdate({ _id }, { $setOnInsert: created }, { upsert: true, returnDocument: 'after' }).lean<CustomerDocument>();
      if (doc) return toCustomer(doc);
    } catch (error) {
      // Two first reports upserting at once (no server makes the upsert atomic here): the other one
      // created it, which is all this needs.
      if (!isDuplicateKeyError(error)) throw error;
    }
    return (await this.findByAccountRef(accountRef))!;
  }

  async addAdjustment(accountRef: string, adjustment: CustomerAdjustment): Promise<void> {
    await this.customers.updateOne({ _id: normaliseAccountRef(accountRef) }, { $push: { adjustments: adjustment } });
  }

  async addMarker(accountRef: string, marker: Customer['markers'][number]): Promise<void> {
    await this.customers.updateOne({ _id: normaliseAccountRef(accountRef) }, { $push: { markers: marker } });
  }
}
