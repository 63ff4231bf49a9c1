import type { Case } from '../cases/index.js';

// Ports of the records and reports (§34, §35, equality monitoring, evidence packs, retention),
// named by role; src/store implements them on MongoDB. Reports stream cases rather than load
// them all, so memory stays bounded however many cases there are.

/** The case fields the reports read: the whole case except the incident reports' free text. */
export type ReportCase = Omit<Case, 'reports'> & { reports?: Case['reports'] };

/**
 * Narrows the cases read, so a report skips what cannot count. Both are safe pre-filters: any
 * change to a case (a letter, a review, an appeal, a closure) moves its `updatedAt`, and every
 * restriction set, refusal included, sets `restrictionLetterDate`.
 */
export interface CaseFilter {
  /** Only cases changed at or after this instant (ISO). */
  updatedSince?: string;
  /** Only cases that have had restrictions. */
  everRestricted?: boolean;
  /**
   * Only these fields of each case (a projection in the database): a report over 100,000 cases
   * then moves and holds only what it counts. Without it, every field but the incident reports.
   */
  fields?: readonly (keyof Case)[];
}

export interface ReportCaseSource {
  /** Every case matching the filter (any order), fetched in batches. */
  eachCase(filter?: CaseFilter): AsyncIterable<ReportCase>;
  /** The rationales of these actions on these cases (looked up in batches of case ids). */
  rationales(
    caseIds: readonly string[],
    actions: readonly string[],
  ): Promise<{ caseId: string; action: string; at: string; rationale: string }[]>;
}

/** Protected characteristics recorded against a customer: characteristic id -> group. */
export type Characteristics = Partial<Record<string, string>>;

export interface EqualityBaseRow {
  characteristic: string;
  group: string;
  count: number;
}

export interface EqualityStore {
  /** Replaces the customer base (aggregate counts) with these rows, recording when and from what. */
  replaceBase(rows: readonly EqualityBaseRow[], source: { fileName: string; importedAt: string }): Promise<void>;
  base(): Promise<{ rows: EqualityBaseRow[]; importedAt: string | null; fileName: string | null }>;
  /** Sets the characteristics on the customer record (created when the customer is not yet known). */
  setCharacteristics(
    accountRef: string,
    characteristics: Characteristics,
    recordedAt: string,
  ): Promise<'created' | 'updated'>;
  /** Normalised account reference -> characteristics, for these customers. */
  characteristicsOf(accountRefs: readonly string[]): Promise<Map<string, Characteristics>>;
}

export type { CaseView, CaseViewLog } from '../app/ports.js';

export interface LegalHold {
  caseId: string;
  caseNumber: string;
  reason: string;
  setBy: string;
  setAt: string;
}

export interface LegalHoldAuditEntry {
  caseId: string;
  caseNumber: string;
  action: 'set' | 'clear';
  reason: string;
  by: string;
  at: string;
}

export interface PurgeRecord {
  caseNumber: string;
  caseId: string;
  closedAt: string;
  purgedAt: string;
  trigger: 'cli' | 'job';
  /** How many records of each kind were deleted (never their content). */
  counts: Record<string, number>;
}

export interface RetentionStore {
  /** Closed cases whose closure is before `closedBefore`: number, id, closure date (no content). */
  closedBefore(closedBefore: string): Promise<{ caseId: string; caseNumber: string; closedAt: string }[]>;
  holds(caseIds: readonly string[]): Promise<Map<string, LegalHold>>;
  setHold(hold: LegalHold): Promise<void>;
  clearHold(caseId: string): Promise<boolean>;
  holdAudit(caseId: string): Promise<LegalHoldAuditEntry[]>;
  appendHoldAudit(entry: LegalHoldAuditEntry): Promise<void>;
  /** Deletes everything stored about the case and writes the purge record; returns the counts. */
  purge(caseId: string, record: Omit<PurgeRecord, 'counts'>): Promise<PurgeRecord>;
  purgeRecords(): Promise<PurgeRecord[]>;
  /** Equality data imported before `before` (issue 12 §6): the customers' characteristics and the base; returns how many. */
  purgeEqualityBefore(before: string): Promise<{ customers: number; base: number }>;
}
