import type { Case, CaseEvent } from '../cases/index.js';
import type { CustomerAdjustment } from '../cases/index.js';

// Ports named by role; the store implements them with MongoDB, tests use the same
// implementations on a real database.

export interface StoredEvent extends CaseEvent {
  seq: number;
  prevHash: string;
  hash: string;
}

export class ConcurrentDecisionError extends Error {
  constructor(readonly caseId: string, readonly seq: number) {
    super(`Another decision on case ${caseId} took sequence ${seq} first`);
    this.name = 'ConcurrentDecisionError';
  }
}

export interface CaseRepository {
  /** The next free `LCP-<year>-<NNNN>` number, claimed for `caseId`; never handed out twice. */
  allocateNumber(year: number, caseId: string): Promise<string>;
  /** Saves a new case with its first event. */
  create(next: Case, events: CaseEvent[]): Promise<void>;
  /**
   * Appends the decision's events after `previousVersion` and saves the case. Throws
   * ConcurrentDecisionError when another decision already took that place.
   */
  append(previousVersion: number, next: Case, events: CaseEvent[]): Promise<void>;
  findById(id: string): Promise<Case | null>;
  findByNumber(number: string): Promise<Case | null>;
  events(caseId: string): Promise<StoredEvent[]>;
  /** Cases in any of these states, oldest change first. */
  listByStates(states: readonly string[], limit?: number): Promise<Case[]>;
  /** Cases this person reported on, newest first. */
  listByReporter(personId: string, limit?: number): Promise<Case[]>;
}

/** One open case per customer: the claim is the arbiter when two reports arrive together. */
export interface OpenCaseRegistry {
  /** Returns null when claimed for `caseId`, or the claim that already holds the customer. */
  claim(accountRef: string, caseId: string): Promise<{ caseId: string; claimedAt: Date } | null>;
  release(accountRef: string, caseId: string): Promise<void>;
}

export interface Customer {
  accountRef: string;
  name: string;
  markers: { kind: 'flag'; status: 'live'; reason: string; caseNumber: string; since: string }[];
  adjustments: CustomerAdjustment[];
  formatNeeds: string[];
}

export interface CustomerRepository {
  findByAccountRef(accountRef: string): Promise<Customer | null>;
  /** Creates the customer on first report; keeps recorded adjustments and markers. */
  ensure(accountRef: string, name: string): Promise<Customer>;
  addAdjustment(accountRef: string, adjustment: CustomerAdjustment): Promise<void>;
  addMarker(accountRef: string, marker: Customer['markers'][number]): Promise<void>;
}

export interface ReceiptRepository {
  /** True when this key is new; false when it was already claimed (a retry or a double click). */
  claim(key: string, scope: string): Promise<boolean>;
  complete(key: string, result: unknown): Promise<void>;
  result(key: string): Promise<unknown | undefined>;
  release(key: string): Promise<void>;
}

export interface MessageRef {
  caseId: string;
  channel: 'slack' | 'teams';
  conversationId: string;
  messageId: string;
  recipientPersonId: string | null;
  purpose: string;
  postedAt: string;
}

export interface MessageRefRepository {
  add(ref: MessageRef): Promise<void>;
  forCase(caseId: string): Promise<MessageRef[]>;
}

export interface CaseChange {
  before: Case | null;
  after: Case;
  events: CaseEvent[];
}

/** What happens after a decision is saved: messages, cards, schedules. */
export interface Notifier {
  caseChanged(change: CaseChange): Promise<void>;
}
