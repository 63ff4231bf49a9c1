import { Schema, type Connection, type Model } from 'mongoose';
import type { Customer } from '../app/ports.js';

export type CustomerDocument = Customer & { _id: string };

const customerSchema = new Schema<CustomerDocument>(
  {
    _id: { type: String, required: true },
    accountRef: { type: String, required: true },
    name: { type: String, required: true },
    markers: { type: [{ _id: false, kind: String, status: String, reason: String, caseNumber: String, since: String }], default: [] },
    adjustments: { type: [{ _id: false, id: String, kind: String, description: String }], default: [] },
    formatNeeds: { type: [String], default: [] },
  },
  { collection: 'customers', versionKey: false },
);

// The retention purge removes the markers a purged case set.
customerSchema.index({ 'markers.caseNumber': 1 });

export function customerModel(connection: Connection): Model<CustomerDocument> {
  return (connection.models.Customer as Model<CustomerDocument> | undefined) ?? connection.model<CustomerDocument>('Customer', customerSchema);
}
