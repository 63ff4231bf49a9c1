import { Schema, type Connection, type Model } from 'mongoose';
import type { Case } from '../cases/index.js';
import type { StoredEvent } from '../app/ports.js';

// The append-only audit trail. The unique (caseId, seq) index is the arbiter of racing
// decisions: two decisions drawn from the same version both try the same seq and exactly one
// insert succeeds, on MongoDB and FerretDB alike.
export interface CaseEventDocument extends StoredEvent {
  /** `<caseId>:<seq>` (see eventId). */
  _id: string;
  /** The case as it stood after this event, so a save interrupted after the append still recovers. */
  caseAfter: Case;
  /** The platform's id of the request that made this decision (a Slack view, a Teams activity); not hashed. */
  requestKey?: string;
}

const caseEventSchema = new Schema<CaseEventDocument>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    seq: { type: Number, required: true },
    action: { type: String, required: true },
    at: { type: String, required: true },
    actor: { type: Schema.Types.Mixed, required: true },
    from: { type: String, default: null },
    to: { type: String, required: true },
    rationale: { type: String, default: null },
    data: { type: Schema.Types.Mixed, default: {} },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
    // Absent on events written before issue 13 (hash version 1); see src/audit/hash-chain.ts.
    hashVersion: { type: Number },
    caseAfterDigest: { type: String },
    keyed: { type: Boolean },
    caseAfter: { type: Schema.Types.Mixed, required: true },
    // Left OUT of the document when there is none (reports, the scheduler's decisions), never null.
    requestKey: { type: String, default: undefined },
  },
  { collection: 'case_events', versionKey: false, minimize: false },
);
caseEventSchema.index({ caseId: 1, seq: 1 }, { unique: true });
// A request (a Slack view, a Teams activity) saves at most one decision, and its retry finds it.
// Sparse on MongoDB; FerretDB drops the option but also lets many events lack the field (as for
// people's chat ids, src/store/person.model.ts).
caseEventSchema.index({ requestKey: 1 }, { unique: true, sparse: true });

/**
 * An event's _id names its place in the trail, so "is there an event after version v?" is one
 * lookup by _id. That is the only filter FerretDB 1.24's SQLite backend hands to SQLite: a query on
 * caseId reads every event of every case (measured: 3 s per case read at 500 restricted cases),
 * where MongoDB would use the { caseId, seq } index. Events written before this id scheme have
 * ObjectId ids; they are still read by caseId, only the repair check in findById skips them.
 */
export function eventId(caseId: string, seq: number): string {
  return `${caseId}:${seq}`;
}

export function caseEventModel(connection: Connection): Model<CaseEventDocument> {
  return (
    (connection.models.CaseEvent as Model<CaseEventDocument> | undefined) ??
    connection.model<CaseEventDocument>('CaseEvent', caseEventSchema)
  );
}
