import type { Case } from '../cases/index.js';
import type { CaseState } from '../policy/states.js';
import type { ReminderKind } from './reminder-plan.js';

// Ports of the scheduler, named by role; the Mongo implementations live in
// src/store/mongo-schedule.store.ts and src/store/mongo-scheduling.ts.

export type ReminderStatus = 'claimed' | 'sent' | 'undeliverable';

/** One reminder as recorded on the case (`case_reminders`); kept, unlike idempotency receipts. */
export interface ReminderRecord {
  key: string;
  caseId: string | null;
  caseNumber: string | null;
  kind: ReminderKind;
  dueDate: string;
  n: number;
  status: ReminderStatus;
  /** Which lease (0 = first claim, 1+ = take-overs) holds or sent it. */
  attempt: number;
  claimedAt: Date;
  sentAt: Date | null;
  /** Person ids the reminder went to (or could not reach, when undeliverable). */
  recipients: string[];
}

export interface ReminderLog {
  /** The records of these keys, by key. */
  find(keys: string[]): Promise<Map<string, ReminderRecord>>;
  forCase(caseId: string): Promise<ReminderRecord[]>;
  /** Written by the lease holder before it sends. */
  recordClaim(record: Omit<ReminderRecord, 'status' | 'sentAt' | 'recipients'>): Promise<void>;
  recordOutcome(
    key: string,
    outcome: { status: Exclude<ReminderStatus, 'claimed'>; sentAt: Date; recipients: string[] },
  ): Promise<void>;
}

/**
 * When an idempotency receipt was claimed, or null when there is none. (ReceiptRepository has no
 * such read yet; the store's receipt `createdAt` is the claim time.)
 */
export interface ClaimAges {
  claimedAt(receiptKey: string): Promise<Date | null>;
}

/** The cases a sweep looks at, read from the top-level `state` field of `cases`. */
export interface ScheduledCaseSource {
  /**
   * The cases in these states, a page at a time, read through one cursor: a sweep over 10,000
   * restrictions starts sending after the first page and holds one page of cases, not all of them.
   */
  pagesInStates(states: readonly CaseState[], pageSize: number): AsyncIterable<Case[]>;
  /**
   * Cases, in any state, holding a letter approved on or before this date (YYYY-MM-DD) whose
   * dispatch is not recorded (issue 12 §5).
   */
  withLettersAwaitingDispatch(approvedOnOrBefore: string): Promise<Case[]>;
  byNumber(number: string): Promise<Case | null>;
}

/** Posts the weekly digest to a shared channel; Slack (a channel) and Teams (a conversation) implement it. */
export interface DigestPoster {
  readonly name: string;
  postDigest(text: string): Promise<void>;
}

/** Idempotency receipts, purged after their retention period (no TTL index on FerretDB). */
export interface ReceiptPurger {
  purgeOlderThan(before: Date): Promise<number>;
}
