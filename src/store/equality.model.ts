import { Schema, type Connection, type Model } from 'mongoose';
import type { Characteristics, EqualityBaseRow } from '../reports/ports.js';

// The customer base as aggregate counts (one document per import, replaced whole), and the
// characteristics of individual customers, kept on the customer record itself.
export interface EqualityBaseDocument {
  _id: string;
  rows: EqualityBaseRow[];
  fileName: string;
  importedAt: string;
}

const equalityBaseSchema = new Schema<EqualityBaseDocument>(
  {
    _id: { type: String, required: true },
    rows: { type: [{ _id: false, characteristic: String, group: String, count: Number }], default: [] },
    fileName: { type: String, required: true },
    importedAt: { type: String, required: true },
  },
  { collection: 'equality_base', versionKey: false },
);

// Serves retention's deletion of an import older than the cutoff.
equalityBaseSchema.index({ importedAt: 1 });

export function equalityBaseModel(connection: Connection): Model<EqualityBaseDocument> {
  return (
    (connection.models.EqualityBase as Model<EqualityBaseDocument> | undefined) ??
    connection.model<EqualityBaseDocument>('EqualityBase', equalityBaseSchema)
  );
}

/** The equality fields of a customer document (collection `customers`; the rest belongs to customer.model.ts). */
export interface CustomerEqualityDocument {
  _id: string;
  equality?: { characteristics: Characteristics; recordedAt: string } | null;
}

const customerEqualitySchema = new Schema<CustomerEqualityDocument>(
  {
    _id: { type: String, required: true },
    equality: { type: Schema.Types.Mixed, default: null },
  },
  // strict: false so that this view of the collection never strips the fields customer.model.ts owns.
  { collection: 'customers', versionKey: false, strict: false },
);

// Serves retention's deletion of characteristics imported before the cutoff.
customerEqualitySchema.index({ 'equality.recordedAt': 1 });

export function customerEqualityModel(connection: Connection): Model<CustomerEqualityDocument> {
  return (
    (connection.models.CustomerEquality as Model<CustomerEqualityDocument> | undefined) ??
    connection.model<CustomerEqualityDocument>('CustomerEquality', customerEqualitySchema)
  );
}
