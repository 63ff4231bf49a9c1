import type { Connection, Model } from 'mongoose';
import { SANITIZE, stringKey } from './filter-guard.js';
import type { CustomerAdjustment } from '../cases/index.js';
import type { Customer, CustomerChange, CustomerRepository } from '../app/ports.js';
import type { CustomerDetails, Vulnerability } from '../customers/customer-record.js';
import { customerChangeModel, customerModel, type CustomerDocument } from './customer.model.js';
import { isDuplicateKeyError } from './duplicate-key.js';
import { normaliseAccountRef } from './mongo-open-case.registry.js';

const toCustomer = (doc: CustomerDocument): Customer => ({
  accountRef: doc.accountRef,
  name: doc.name,
  markers: doc.markers ?? [],
  vulnerabilities: doc.vulnerabilities ?? [],
  adjustments: (doc.adjustments ?? []).map((a) => ({
    id: a.id,
    kind: a.kind,
    description: a.description,
    agreedBy: a.agreedBy ?? null,
    agreedAt: a.agreedAt ?? null,
  })),
  formatNeeds: doc.formatNeeds ?? [],
  advocate: doc.advocate
    ? {
        name: doc.advocate.name,
        kind: doc.advocate.kind,
        postalAddress: doc.advocate.postalAddress ?? [],
        email: doc.advocate.email ?? null,
        phone: doc.advocate.phone ?? null,
      }
    : null,
  preferredChannel: doc.preferredChannel ?? null,
  postalAddress: doc.postalAddress ?? [],
  email: doc.email ?? null,
  emailAcceptable: doc.emailAcceptable ?? false,
});

const toChange = ({ accountRef, at, by, source, fields, before, after }: CustomerChange): CustomerChange => ({
  accountRef,
  at,
  by: { personId: by.personId, name: by.name },
  source,
  fields,
  before,
  after,
});

export class MongoCustomerRepository implements CustomerRepository {
  private readonly customers: Model<CustomerDocument>;
  private readonly changeLog: Model<CustomerChange>;

  constructor(connection: Connection) {
    this.customers = customerModel(connection);
    this.changeLog = customerChangeModel(connection);
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
      const doc = await this.customers
        .findOneAndUpdate({ _id }, { $setOnInsert: created }, { upsert: true, returnDocument: 'after' })
        .lean<CustomerDocument>();
      if (doc) return toCustomer(doc);
    } catch (error) {
      // Two first reports upserting at once (no server makes the upsert atomic here): the other one
      // created it, which is all this needs.
      if (!isDuplicateKeyError(error)) throw error;
    }
    return (await this.findByAccountRef(accountRef))!;
  }

  async addAdjustment(accountRef: string, adjustment: CustomerAdjustment): Promise<void> {
    await this.customers.updateOne(
      { _id: normaliseAccountRef(accountRef) },
      { $push: { adjustments: { ...adjustment, agreedBy: null, agreedAt: null } } },
    );
  }

  async addMarker(accountRef: string, marker: Customer['markers'][number]): Promise<void> {
    await this.customers.updateOne({ _id: normaliseAccountRef(accountRef) }, { $push: { markers: marker } });
  }

  async saveDetails(accountRef: string, name: string, details: CustomerDetails, change: CustomerChange): Promise<void> {
    await this.ensure(accountRef, name);
    // The audit entry first: a change is never applied without its record of who made it.
    await this.changeLog.create({ ...change, accountRef: normaliseAccountRef(accountRef) });
    await this.customers.updateOne(
      { _id: normaliseAccountRef(accountRef) },
      { $set: { ...details, ...(name ? { name } : {}) } },
    );
  }

  async addVulnerability(
    accountRef: string,
    name: string,
    vulnerability: Vulnerability,
    change: CustomerChange,
  ): Promise<boolean> {
    const customer = await this.ensure(accountRef, name);
    const same = (v: Vulnerability) =>
      v.description.trim().toLowerCase() === vulnerability.description.trim().toLowerCase();
    if (customer.vulnerabilities.some(same)) return false;
    await this.changeLog.create({ ...change, accountRef: normaliseAccountRef(accountRef) });
    await this.customers.updateOne(
      { _id: normaliseAccountRef(accountRef) },
      { $push: { vulnerabilities: vulnerability } },
    );
    return true;
  }

  async changes(accountRef: string): Promise<CustomerChange[]> {
    const key = stringKey(accountRef);
    if (key === null) return [];
    const docs = await this.changeLog
      .find({ accountRef: normaliseAccountRef(key) })
      .sort({ at: 1 })
      .setOptions(SANITIZE)
      .lean();
    return docs.map(toChange);
  }
}
