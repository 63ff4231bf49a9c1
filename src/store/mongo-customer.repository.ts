import type { Connection, Model } from 'mongoose';
import { SANITIZE, stringKey } from './filter-guard.js';
import type { CustomerAdjustment } from '../cases/index.js';
import type { Customer, CustomerRepository } from '../app/ports.js';
import { customerModel, type CustomerDocument } from './customer.model.js';
import { isDuplicateKeyError } from './duplicate-key.js';
import { normaliseAccountRef } from './mongo-open-case.registry.js';

const toCustomer = ({ accountRef, name, markers, adjustments, formatNeeds }: CustomerDocument): Customer => ({ accountRef, name, markers, adjustments, formatNeeds });

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

  async ensure(accountRef: string, name: string): Promise<Customer> {
    const existing = await this.findByAccountRef(accountRef);
    if (existing) return existing;
    try {
      await this.customers.create({ _id: normaliseAccountRef(accountRef), accountRef: accountRef.trim(), name, markers: [], adjustments: [], formatNeeds: [] });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error; // created by a concurrent report: fine
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
