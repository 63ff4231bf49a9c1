import { Schema, type Connection, type Model } from 'mongoose';
import type { LegalHold, LegalHoldAuditEntry, PurgeRecord } from '../reports/ports.js';

// Legal holds (one per case: the _id is the case id, so a second hold cannot be set beside it),
// their append-only audit, and the purge records that say what retention removed (never content).
export type LegalHoldDocument = LegalHold & { _id: string };
export type LegalHoldAuditDocument = LegalHoldAuditEntry & { _id: string };
export type PurgeRecordDocument = PurgeRecord & { _id: string };

const legalHoldSchema = new Schema<LegalHoldDocument>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    caseNumber: { type: String, required: true },
    reason: { type: String, required: true },
    setBy: { type: String, required: true },
    setAt: { type: String, required: true },
  },
  { collection: 'legal_holds', versionKey: false },
);

const legalHoldAuditSchema = new Schema<LegalHoldAuditDocument>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    caseNumber: { type: String, required: true },
    action: { type: String, required: true, enum: ['set', 'clear'] },
    reason: { type: String, required: true },
    by: { type: String, required: true },
    at: { type: String, required: true },
  },
  { collection: 'legal_hold_audit', versionKey: false },
);

const purgeRecordSchema = new Schema<PurgeRecordDocument>(
  {
    // The case id: a case is purged once; a second purge of the same case (two workers) loses.
    _id: { type: String, required: true },
    caseNumber: { type: String, required: true },
    caseId: { type: String, required: true },
    closedAt: { type: String, required: true },
    purgedAt: { type: String, required: true },
    trigger: { type: String, required: true, enum: ['cli', 'job'] },
    counts: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'purge_records', versionKey: false, minimize: false },
);
// A case's legal-hold history, in time order (evidence packs).
legalHoldAuditSchema.index({ caseId: 1, at: 1 });
// The purge log is listed in this order (lcp retention log).
purgeRecordSchema.index({ purgedAt: 1, caseNumber: 1 });

export function legalHoldModel(connection: Connection): Model<LegalHoldDocument> {
  return (
    (connection.models.LegalHold as Model<LegalHoldDocument> | undefined) ??
    connection.model<LegalHoldDocument>('LegalHold', legalHoldSchema)
  );
}
export function legalHoldAuditModel(connection: Connection): Model<LegalHoldAuditDocument> {
  return (
    (connection.models.LegalHoldAudit as Model<LegalHoldAuditDocument> | undefined) ??
    connection.model<LegalHoldAuditDocument>('LegalHoldAudit', legalHoldAuditSchema)
  );
}
export function purgeRecordModel(connection: Connection): Model<PurgeRecordDocument> {
  return (
    (connection.models.PurgeRecord as Model<PurgeRecordDocument> | undefined) ??
    connection.model<PurgeRecordDocument>('PurgeRecord', purgeRecordSchema)
  );
}
