import { Schema, type Connection, type Model } from 'mongoose';
import type { StoredLetter } from '../letters/letter-archive.js';

// One approved letter: `_id` is "<caseId>#<index>", so the unique _id is the arbiter when the
// step that stores letters runs twice (a retry, two processes): one insert wins, on MongoDB and
// FerretDB alike. The PDF itself is in the GridFS bucket "letters", written before this record,
// so a record always points at a complete file.
export interface CaseLetterDocument extends StoredLetter {
  _id: string;
  /** The LetterModel the PDF was rendered from. */
  model: Record<string, unknown>;
}

const caseLetterSchema = new Schema<CaseLetterDocument>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    caseNumber: { type: String, required: true },
    index: { type: Number, required: true },
    kind: { type: String, required: true },
    label: { type: String, required: true },
    templateVersion: { type: String, required: true },
    sha256: { type: String, required: true },
    sentAt: { type: String, required: true },
    approvedAt: { type: String, required: true },
    approvedBy: { type: String, required: true },
    fileId: { type: String, required: true },
    filename: { type: String, required: true },
    size: { type: Number, required: true },
    largePrint: { type: Boolean, required: true },
    otherFormatNeeds: { type: [String], default: [] },
    storedAt: { type: String, required: true },
    dispatch: { type: Schema.Types.Mixed, default: null },
    model: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'case_letters', versionKey: false, minimize: false },
);

export const letterKey = (caseId: string, index: number) => `${caseId}#${index}`;

// A case's letters, in order (evidence packs, retention).
caseLetterSchema.index({ caseId: 1, index: 1 });

export function caseLetterModel(connection: Connection): Model<CaseLetterDocument> {
  return (
    (connection.models.CaseLetter as Model<CaseLetterDocument> | undefined) ??
    connection.model<CaseLetterDocument>('CaseLetter', caseLetterSchema)
  );
}
