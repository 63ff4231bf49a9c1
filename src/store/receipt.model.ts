import { Schema, type Connection, type Model } from 'mongoose';

// Idempotency receipts (Slack retries, Teams re-sent turns, double clicks, jobs that fire twice).
// They live in the database, not in memory, so every process and replica sees them. No TTL
// index (FerretDB has none): a scheduled job deletes old receipts by createdAt.
export interface ReceiptDocument {
  _id: string;
  scope: string;
  createdAt: Date;
  completedAt: Date | null;
  result: unknown;
}

const receiptSchema = new Schema<ReceiptDocument>(
  {
    _id: { type: String, required: true },
    scope: { type: String, required: true },
    createdAt: { type: Date, required: true, index: true },
    completedAt: { type: Date, default: null },
    result: { type: Schema.Types.Mixed, default: null },
  },
  { collection: 'idempotency_receipts', versionKey: false },
);

export function receiptModel(connection: Connection): Model<ReceiptDocument> {
  return (
    (connection.models.Receipt as Model<ReceiptDocument> | undefined) ??
    connection.model<ReceiptDocument>('Receipt', receiptSchema)
  );
}
