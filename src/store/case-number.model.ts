import { Schema, type Connection, type Model } from 'mongoose';

// Case numbers are claimed by inserting them: the unique _id makes a number impossible to hand
// out twice, without relying on findOneAndUpdate being atomic (it is not on FerretDB).
export interface CaseNumberDocument {
  _id: string;
  year: number;
  seq: number;
  caseId: string;
}

const caseNumberSchema = new Schema<CaseNumberDocument>(
  {
    _id: { type: String, required: true },
    year: { type: Number, required: true },
    seq: { type: Number, required: true },
    caseId: { type: String, required: true },
  },
  { collection: 'case_numbers', versionKey: false },
);
caseNumberSchema.index({ year: 1, seq: -1 });

export function caseNumberModel(connection: Connection): Model<CaseNumberDocument> {
  return (
    (connection.models.CaseNumber as Model<CaseNumberDocument> | undefined) ??
    connection.model<CaseNumberDocument>('CaseNumber', caseNumberSchema)
  );
}
