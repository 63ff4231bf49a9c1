import { Schema, type Connection, type Model } from 'mongoose';
import type { CaseView } from '../reports/ports.js';

// Who was shown a case's details, append-only. Kept apart from case_events: a view is not a change
// to the case, so it must not move the case's version or its hash chain.
export interface CaseViewDocument extends CaseView {
  _id: string;
}

const caseViewSchema = new Schema<CaseViewDocument>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    caseNumber: { type: String, required: true },
    personId: { type: String, required: true },
    name: { type: String, required: true },
    via: { type: String, required: true },
    at: { type: String, required: true },
  },
  { collection: 'case_views', versionKey: false },
);

// A case's views, in time order (evidence packs).
caseViewSchema.index({ caseId: 1, at: 1 });

export function caseViewModel(connection: Connection): Model<CaseViewDocument> {
  return (
    (connection.models.CaseView as Model<CaseViewDocument> | undefined) ??
    connection.model<CaseViewDocument>('CaseView', caseViewSchema)
  );
}
