import { Schema, type Connection, type Model } from 'mongoose';

// One document per customer with an open case; its unique _id (the account reference) decides
// which of two simultaneous first reports opens the case and which is attached to it.
export interface OpenCaseDocument {
  _id: string;
  caseId: string;
  claimedAt: Date;
}

const openCaseSchema = new Schema<OpenCaseDocument>(
  // caseId: the retention purge removes a purged case's claim by it.
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true, index: true },
    claimedAt: { type: Date, required: true },
  },
  { collection: 'open_cases', versionKey: false },
);

export function openCaseModel(connection: Connection): Model<OpenCaseDocument> {
  return (
    (connection.models.OpenCase as Model<OpenCaseDocument> | undefined) ??
    connection.model<OpenCaseDocument>('OpenCase', openCaseSchema)
  );
}
