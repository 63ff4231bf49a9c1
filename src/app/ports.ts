import type { Case, CaseEvent } from '../cases/index.js';
import type { CustomerAdjustment } from '../cases/index.js';
import type { CustomerDetails, PersonStamp, Vulnerability } from '../customers/customer-record.js';

// Ports named by role; the store implements them with MongoDB, tests use the same
// implementations on a real database.

export interface StoredEvent extends CaseEvent {
  seq: number;
  prevHash: string;
  hash: string;
  /** Absent: version 1 (src/audit/hash-chain.ts). */
  hashVersion?: number;
  /** sha256 of the case as it stood after this event (version 2). */
  caseAfterDigest?: string;
  /** The hash is an HMAC with LCP_AUDIT_KEY. */
  keyed?: boolean;
}

/**
 * A case as its latest audit event left it (the event sequence is the truth; the case document
 * is a cache of it), with that event's place in the chain so that the next event can follow it
 * without reading it again, and the request key of the decision that wrote it, if any.
 */
export interface CaseAtHead {
  case: Case;
  /** Null for a case whose latest event could not be read (the case document was used instead). */
  head: { seq: number; hash: string; requestKey: string | null } | null;
}

/** What a decision's save may bring besides the case: the head it read, and its request key. */
export interface AppendOptions {
  /** The latest event as the case was read with it (`findAtHead`): saves reading its hash again. */
  head?: { seq: number; hash: string } | null;
  /**
   * The platform's id of this request (a Slack view, a Teams activity), kept on the event: a unique
   * index lets a request be saved once, and a retry find the decision it made (`findByRequestKey`).
   */
  requestKey?: string;
}

export class ConcurrentDecisionError extends Error {
  constructor(
    readonly caseId: string,
    readonly seq: number,
  ) {
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
  append(previousVersion: number, next: Case, events: CaseEvent[], options?: AppendOptions): Promise<void>;
  findById(id: string): Promise<Case | null>;
  /**
   * The case from its latest event, in one indexed read: what a decision is taken on. Unlike
   * findById it does not bring a lagging case document up to date; the decision's save does.
   */
  findAtHead(id: string): Promise<CaseAtHead | null>;
  /** The decision a request made (its event, and the case as it left it), or null. */
  findByRequestKey(requestKey: string): Promise<{ case: Case; event: StoredEvent } | null>;
  findByNumber(number: string): Promise<Case | null>;
  events(caseId: string): Promise<StoredEvent[]>;
  /** Cases in any of these states, oldest change first. */
  listByStates(states: readonly string[], limit?: number): Promise<Case[]>;
  /** Cases this person reported on, newest first. */
  listByReporter(personId: string, limit?: number): Promise<Case[]>;
  /** How many cases are in this state (the weekly digest's counts). */
  countInState(state: string): Promise<number>;
  /** Every case about this customer (account references compared as normalised), newest first. */
  listByCustomer(accountRef: string, limit?: number): Promise<Case[]>;
}

/** One open case per customer: the claim is the arbiter when two reports arrive together. */
export interface OpenCaseRegistry {
  /** Returns null when claimed for `caseId`, or the claim that already holds the customer. */
  claim(accountRef: string, caseId: string): Promise<{ caseId: string; claimedAt: Date } | null>;
  release(accountRef: string, caseId: string): Promise<void>;
}

export interface Customer extends CustomerDetails {
  accountRef: string;
  name: string;
  markers: { kind: 'flag'; status: 'live'; reason: string; caseNumber: string; since: string }[];
}

/** One change to a customer record: who, when, from where, and the fields before and after. */
export interface CustomerChange {
  accountRef: string;
  at: string;
  by: PersonStamp;
  source: 'slack' | 'teams' | 'csv' | 'report';
  fields: string[];
  before: Partial<CustomerDetails>;
  after: Partial<CustomerDetails>;
}

export interface CustomerRepository {
  findByAccountRef(accountRef: string): Promise<Customer | null>;
  /** Creates the customer on first report; keeps recorded adjustments and markers. */
  ensure(accountRef: string, name: string): Promise<Customer>;
  addAdjustment(accountRef: string, adjustment: CustomerAdjustment): Promise<void>;
  addMarker(accountRef: string, marker: Customer['markers'][number]): Promise<void>;
  /** Replaces the record's details (creating the customer if new), with the change audited first. */
  saveDetails(accountRef: string, name: string, details: CustomerDetails, change: CustomerChange): Promise<void>;
  /** Adds a vulnerability unless one with the same words is already recorded; audited. */
  addVulnerability(
    accountRef: string,
    name: string,
    vulnerability: Vulnerability,
    change: CustomerChange,
  ): Promise<boolean>;
  /** The audited changes to a customer, oldest first. */
  changes(accountRef: string): Promise<CustomerChange[]>;
}

export interface ReceiptRepository {
  /** True when this key is new; false when it was already claimed (a retry or a double click). */
  claim(key: string, scope: string): Promise<boolean>;
  complete(key: string, result: unknown): Promise<void>;
  result(key: string): Promise<unknown | undefined>;
  release(key: string): Promise<void>;
  /**
   * Claims again a key whose earlier holder never completed it and claimed it before
   * `claimedBefore` (it stopped, e.g. when the database went away mid-request and its release
   * could not be written). True when this caller now holds the key.
   */
  takeOverAbandoned(key: string, scope: string, claimedBefore: Date): Promise<boolean>;
}

/**
 * One refused attempt to act on a case: who tried what, on which case, the refusal's code and
 * when. Kept apart from the case's hash-chained events so that a refusal never changes the case
 * (its version, its chain); append-only, like the trail itself.
 */
export interface RefusedAttempt {
  caseId: string;
  action: string;
  code: string;
  actor: { personId: string; name: string | null; roles: string[]; onBehalfOf: string[] };
  /** The case's state and version when it was refused. */
  state: string | null;
  caseVersion: number | null;
  /** Where the attempt came from: the button that opens a form, or the decision itself. */
  stage: 'button' | 'decision';
  at: string;
}

export interface RefusedAttemptLog {
  /** Appends the attempt; the same `key` (a retried request) is recorded once. */
  record(attempt: RefusedAttempt, key?: string): Promise<void>;
  forCase(caseId: string): Promise<RefusedAttempt[]>;
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

/** That a person was shown a case's details (evidence packs say who viewed a case). */
export interface CaseView {
  caseId: string;
  caseNumber: string;
  personId: string;
  name: string;
  /** Where the details were shown: "slack:/lcp case", "teams:case", "slack:dm", "cli:evidence" … */
  via: string;
  at: string;
}

/** Append-only log of who was shown a case's details; kept apart from the hash-chained events. */
export interface CaseViewLog {
  record(view: CaseView): Promise<void>;
  forCase(caseId: string): Promise<CaseView[]>;
}

/** Sends one stored letter to one address (issue 12 §5); src/letters implements it over SMTP (nodemailer). */
export interface LetterEmailer {
  send(input: { caseId: string; caseNumber: string; letterIndex: number; to: string }): Promise<void>;
}
