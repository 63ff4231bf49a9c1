import { Schema, type Connection, type InferSchemaType, type Model, type Types } from 'mongoose';
import type { DirectoryImportLog, DirectoryImportRecord } from '../directory/import-directory.js';

// One document per import run: the directory's own audit trail, separate from the case audit trail.
const directoryImportSchema = new Schema(
  {
    operator: { type: String, required: true },
    fileName: { type: String, required: true },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, required: true },
    status: { type: String, enum: ['imported', 'rejected', 'failed'], required: true },
    counts: {
      rows: { type: Number, required: true },
      created: { type: Number, required: true },
      updated: { type: Number, required: true },
      unchanged: { type: Number, required: true },
      rejected: { type: Number, required: true },
    },
    errors: { type: [{ _id: false, line: Number, message: String }], default: [] },
    changes: {
      type: [{ _id: false, email: String, change: { type: String, enum: ['created', 'updated'] }, fields: [String] }],
      default: [],
    },
    /** How many bad rows / changes were left out of the lists above to stay under the 16 MB document limit. */
    omitted: { errors: { type: Number, default: 0 }, changes: { type: Number, default: 0 } },
    failure: { type: String, default: null },
  },
  // `errors` is a field name mongoose reserves by default; it is what this record holds, so allow it.
  { collection: 'directory_imports', versionKey: false, suppressReservedKeysWarning: true },
);
directoryImportSchema.index({ startedAt: -1 });

export type DirectoryImportDocument = InferSchemaType<typeof directoryImportSchema> & { _id: Types.ObjectId };
export type DirectoryImportModel = Model<DirectoryImportDocument>;

// Far below the 16 MB document limit even with long messages; a file that bad needs fixing, not auditing row by row.
const LIST_LIMIT = 10_000;

export function directoryImportModel(connection: Connection): DirectoryImportModel {
  return (
    (connection.models.DirectoryImport as DirectoryImportModel | undefined) ??
    connection.model<DirectoryImportDocument>('DirectoryImport', directoryImportSchema)
  );
}

/** The import use case's audit port, kept beside its model because it is nothing but an insert. */
export class MongoDirectoryImportLog implements DirectoryImportLog {
  private readonly model: DirectoryImportModel;

  constructor(connection: Connection) {
    this.model = directoryImportModel(connection);
  }

  async record(entry: DirectoryImportRecord): Promise<string> {
    const { errors, changes, ...rest } = entry;
    const created = await this.model.create({
      ...rest,
      errors: errors.slice(0, LIST_LIMIT),
      changes: changes.slice(0, LIST_LIMIT),
      omitted: { errors: Math.max(0, errors.length - LIST_LIMIT), changes: Math.max(0, changes.length - LIST_LIMIT) },
    });
    return created._id.toHexString();
  }
}
