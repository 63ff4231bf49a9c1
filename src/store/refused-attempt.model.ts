import { Schema, type Connection, type Model } from 'mongoose';
import type { RefusedAttempt } from '../app/ports.js';

// Refused attempts to act on a case, append-only. The _id is the request's idempotency key when
// there is one, so a retried request is one record (the unique _id is the arbiter), otherwise a
// fresh id. No update or delete path exists in the repository.
export interface RefusedAttemptDocument extends RefusedAttempt {
  _id: string;
}

const refusedAttemptSchema = new Schema<RefusedAttemptDocument>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    action: { type: String, required: true },
    code: { type: String, required: true },
    actor: {
      personId: { type: String, required: true },
      name: { type: String, default: null },
      roles: { type: [String], default: [] },
      onBehalfOf: { type: [String], default: [] },
    },
    state: { type: String, default: null },
    caseVersion: { type: Number, default: null },
    stage: { type: String, required: true, enum: ['button', 'decision'] },
    at: { type: String, required: true },
  },
  { collection: 'refused_attempts', versionKey: false },
);

// A case's refused attempts, in time order (evidence packs).
refusedAttemptSchema.index({ caseId: 1, at: 1 });

export function refusedAttemptModel(connection: Connection): Model<RefusedAttemptDocument> {
  return (
    (connection.models.RefusedAttempt as Model<RefusedAttemptDocument> | undefined) ??
    connection.model<RefusedAttemptDocument>('RefusedAttempt', refusedAttemptSchema)
  );
}
