import { Schema, type Connection, type Model } from 'mongoose';
import type { Customer, CustomerChange } from '../app/ports.js';

export type CustomerDocument = Customer & { _id: string };

const stamp = { _id: false, personId: String, name: String };

const customerSchema = new Schema<CustomerDocument>(
  {
    _id: { type: String, required: true },
    accountRef: { type: String, required: true },
    name: { type: String, required: true },
    markers: {
      type: [{ _id: false, kind: String, status: String, reason: String, caseNumber: String, since: String }],
      default: [],
    },
    adjustments: {
      type: [
        {
          _id: false,
          id: String,
          kind: String,
          description: String,
          agreedBy: { type: stamp, default: null },
          agreedAt: { type: String, default: null },
        },
      ],
      default: [],
    },
    formatNeeds: { type: [String], default: [] },
    // Issue 12: what the customer needs, how letters reach them (§20–23).
    vulnerabilities: {
      type: [
        {
          _id: false,
          description: String,
          status: String,
          source: String,
          caseNumber: { type: String, default: null },
          recordedBy: stamp,
          recordedAt: String,
        },
      ],
      default: [],
    },
    advocate: {
      type: new Schema(
        { name: String, kind: String, postalAddress: [String], email: String, phone: String },
        { _id: false },
      ),
      default: null,
    },
    preferredChannel: { type: String, default: null },
    postalAddress: { type: [String], default: [] },
    email: { type: String, default: null },
    emailAcceptable: { type: Boolean, default: false },
  },
  { collection: 'customers', versionKey: false },
);

// The retention purge removes the markers a purged case set.
customerSchema.index({ 'markers.caseNumber': 1 });

export function customerModel(connection: Connection): Model<CustomerDocument> {
  return (
    (connection.models.Customer as Model<CustomerDocument> | undefined) ??
    connection.model<CustomerDocument>('Customer', customerSchema)
  );
}

/** Append-only: every change to a customer record, with who made it (issue 12). */
const customerChangeSchema = new Schema<CustomerChange>(
  {
    accountRef: { type: String, required: true },
    at: { type: String, required: true },
    by: { type: stamp, required: true },
    source: { type: String, required: true },
    fields: { type: [String], default: [] },
    before: { type: Schema.Types.Mixed, default: {} },
    after: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'customer_changes', versionKey: false, minimize: false },
);
// Serves changes(accountRef) in order, and retention's deletion of a customer's changes.
customerChangeSchema.index({ accountRef: 1, at: 1 });

export function customerChangeModel(connection: Connection): Model<CustomerChange> {
  return (
    (connection.models.CustomerChange as Model<CustomerChange> | undefined) ??
    connection.model<CustomerChange>('CustomerChange', customerChangeSchema)
  );
}
