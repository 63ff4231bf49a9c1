import { Schema, type Connection, type Model } from 'mongoose';
import type { Case } from '../cases/index.js';

// The current state of each case. The full case is kept as one sub-document (it is the pure
// core's value, already validated there); the fields queries need are copied beside it.
export interface CaseDocument {
  _id: string;
  number: string;
  state: string;
  version: number;
  customerAccountRef: string;
  /** Copied from the snapshot so "my reports" is an indexed query. */
  reporterIds: string[];
  nextReviewDue: string | null;
  /**
   * The approval date (London) of the oldest letter still waiting for its dispatch record, or
   * null: the scheduler's dispatch reminder reads the cases that have one (issue 12 §5).
   */
  letterAwaitingDispatchSince?: string | null;
  updatedAt: string;
  snapshot: Case;
}

const caseSchema = new Schema<CaseDocument>(
  {
    _id: { type: String, required: true },
    number: { type: String, required: true, unique: true },
    state: { type: String, required: true, index: true },
    version: { type: Number, required: true },
    customerAccountRef: { type: String, required: true, index: true },
    reporterIds: { type: [String], default: [], index: true },
    nextReviewDue: { type: String, default: null },
    letterAwaitingDispatchSince: { type: String, default: null },
    // Reports read the cases changed since their period began.
    updatedAt: { type: String, required: true, index: true },
    snapshot: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'cases', versionKey: false, minimize: false },
);

// The register reads the cases that ever had a restriction letter.
caseSchema.index({ 'snapshot.restrictionLetterDate': 1 });

// The dispatch reminder reads the cases with a letter approved by a date and not yet dispatched.
caseSchema.index({ letterAwaitingDispatchSince: 1 });

// Serves listByCustomer (the contact check): a customer's cases, newest first.
caseSchema.index({ customerAccountRef: 1, updatedAt: -1 });

export function caseModel(connection: Connection): Model<CaseDocument> {
  return (
    (connection.models.Case as Model<CaseDocument> | undefined) ?? connection.model<CaseDocument>('Case', caseSchema)
  );
}
