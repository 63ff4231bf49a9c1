// The people directory: who someone is, their roles, their line manager, their chat identities
// and their deputies. Pure types and the storage port; no database code here (store/ implements it).
import type { RoleId } from '../policy/roles.js';

/** A period during which `deputyPersonId` may act for the person who named them (docs/domain.md "Who uses it"). */
export interface Deputy {
  deputyPersonId: string;
  /** Inclusive. */
  from: Date;
  /** Exclusive: the deputy stops being active at exactly this instant. */
  until: Date;
}

export interface Person {
  id: string;
  /** Normalised: trimmed and lower-cased; the directory's natural key. */
  email: string;
  name: string;
  /** Always contains `colleague`; kept in the order of ROLE_IDS. */
  roles: RoleId[];
  lineManagerEmail: string | null;
  /** Resolved from lineManagerEmail after each import, so lookups by id work. */
  lineManagerId: string | null;
  slackUserId: string | null;
  teamsAadObjectId: string | null;
  deputies: Deputy[];
  /** Set when the person left (lcp person deactivate, import --prune): no roles, decides and sees nothing; past decisions stay. */
  deactivatedAt?: Date | null;
}

/** What an import row says about a person: everything the CSV owns, nothing derived. */
export type PersonData = Pick<
  Person,
  'email' | 'name' | 'roles' | 'lineManagerEmail' | 'slackUserId' | 'teamsAadObjectId'
>;

/** The fields of PersonData an import compares to decide created / updated / unchanged. */
export const IMPORTED_FIELDS = ['name', 'roles', 'lineManagerEmail', 'slackUserId', 'teamsAadObjectId'] as const;
export type ImportedField = (typeof IMPORTED_FIELDS)[number];

export interface PersonChange {
  email: string;
  /** Empty for a newly created person. */
  fields: ImportedField[];
}

export interface UpsertReport {
  created: PersonChange[];
  updated: PersonChange[];
  /** E-mails of people whose stored data already matched; nothing was written for them. */
  unchanged: string[];
  /** Rows the database refused (e.g. a concurrent import took the same e-mail or chat id first). */
  failed: { email: string; message: string }[];
}

export interface PersonRepository {
  findById(id: string): Promise<Person | null>;
  findByEmail(email: string): Promise<Person | null>;
  findBySlackUserId(slackUserId: string): Promise<Person | null>;
  findByTeamsAadObjectId(teamsAadObjectId: string): Promise<Person | null>;
  findByRole(role: RoleId): Promise<Person[]>;
  listByIds(ids: string[]): Promise<Person[]>;
  listByEmails(emails: string[]): Promise<Person[]>;
  /** People holding any of these Slack or Teams ids; used to reject clashes before writing. */
  listByChatIds(ids: { slackUserIds: string[]; teamsAadObjectIds: string[] }): Promise<Person[]>;
  /**
   * Creates or updates people by e-mail; writes nothing for a person whose imported fields are
   * unchanged; never touches deputies and never deletes. `onProgress` gets the number handled so far.
   */
  upsertMany(people: PersonData[], onProgress?: (done: number) => void): Promise<UpsertReport>;
  /** Second pass after an import: sets lineManagerId from lineManagerEmail everywhere. Returns how many changed. */
  resolveLineManagers(): Promise<number>;
  /**
   * Names a deputy for a period. An existing entry for the same deputy whose period overlaps the
   * new one is replaced (so re-setting a period edits it); other entries are kept.
   * Throws DirectoryError: DIRECTORY.PERSON_NOT_FOUND, DIRECTORY.INVALID_DEPUTY (self, empty or
   * invalid period), DIRECTORY.CONFLICT (other changes to the same person kept winning the race).
   */
  setDeputy(principalId: string, deputy: Deputy): Promise<Person>;
  /** The people for whom `deputyPersonId` is an active deputy at `at`. */
  principalsDeputisedBy(deputyPersonId: string, at: Date): Promise<Person[]>;
  /**
   * principalsDeputisedBy for each of `deputyPersonIds` and listByIds(ids), in one query: what
   * deciding on a case needs to know about the directory (whom the actor deputises for; the case's
   * parties and line manager), or drawing the case for several recipients at once.
   */
  principalsAndPeople(
    deputyPersonIds: readonly string[],
    ids: readonly string[],
    at: Date,
  ): Promise<{ principals: Map<string, Person[]>; people: Person[] }>;
  /** Every delegation still running or starting later at `at`: the principal and the deputy entry. */
  activeDelegations(at: Date): Promise<{ principal: Person; deputy: Deputy }[]>;
  /** Ends the principal's delegations to this deputy at `at` (a later one is removed). Returns how many ended. */
  endDeputy(principalId: string, deputyPersonId: string, at: Date): Promise<number>;
  /** Everyone in the directory (the prune of an import compares the file with them). */
  listAll(): Promise<Person[]>;
  /** A leaver: roles reduced to colleague, deputies ended, marked deactivated. Null when unknown. */
  deactivate(personId: string, at: Date): Promise<Person | null>;
}

export type DirectoryErrorCode = 'DIRECTORY.PERSON_NOT_FOUND' | 'DIRECTORY.INVALID_DEPUTY' | 'DIRECTORY.CONFLICT';

export class DirectoryError extends Error {
  constructor(
    readonly code: DirectoryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DirectoryError';
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isDeputyActive(deputy: Deputy, at: Date): boolean {
  return deputy.from.getTime() <= at.getTime() && at.getTime() < deputy.until.getTime();
}

/** Why this deputy cannot be named by this principal, or null when it can. */
export function deputyProblem(principalId: string, deputy: Deputy): string | null {
  if (deputy.deputyPersonId === principalId) return 'a person cannot be their own deputy';
  if (Number.isNaN(deputy.from.getTime()) || Number.isNaN(deputy.until.getTime()))
    return 'the period has an invalid date';
  if (deputy.until.getTime() <= deputy.from.getTime()) return 'the period must end after it starts';
  return null;
}

/** The new deputies list: overlapping entries for the same deputy are replaced by the new one. */
export function withDeputy(deputies: readonly Deputy[], deputy: Deputy): Deputy[] {
  const overlaps = (d: Deputy) =>
    d.deputyPersonId === deputy.deputyPersonId &&
    d.from.getTime() < deputy.until.getTime() &&
    deputy.from.getTime() < d.until.getTime();
  return [...deputies.filter((d) => !overlaps(d)), deputy].sort((a, b) => a.from.getTime() - b.from.getTime());
}

/** Which imported fields differ between what is stored and what a row says. */
export function changedFields(stored: PersonData, incoming: PersonData): ImportedField[] {
  return IMPORTED_FIELDS.filter((field) => {
    if (field === 'roles') return stored.roles.join(';') !== incoming.roles.join(';');
    return stored[field] !== incoming[field];
  });
}
