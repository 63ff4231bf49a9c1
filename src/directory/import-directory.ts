// Use case: import the people directory from the HR CSV. Parse, cross-check what needs the
// database, upsert, resolve line managers, and audit the run. Bad rows never stop the rest.
// People missing from the file are left as they are: an export that omits someone (a partial
// file, a filter in HR's tool) must not silently remove an approver.
import { parseDirectoryCsv, type DirectoryRow, type DirectorySource, type RowError } from './directory-csv.js';
import type { ImportedField, Person, PersonData, PersonRepository } from './person.js';

export interface DirectoryImportRecord {
  /** Free text: who ran the import (the CLI defaults it to the OS user). */
  operator: string;
  fileName: string;
  startedAt: Date;
  finishedAt: Date;
  /** rejected: the file as a whole was unusable (header); failed: the run broke off (database error). */
  status: 'imported' | 'rejected' | 'failed';
  counts: { rows: number; created: number; updated: number; unchanged: number; rejected: number };
  errors: RowError[];
  changes: { email: string; change: 'created' | 'updated'; fields: ImportedField[] }[];
  failure: string | null;
}

/** The directory's audit trail: one record per import run. */
export interface DirectoryImportLog {
  record(entry: DirectoryImportRecord): Promise<string>;
}

export interface ImportDirectoryDeps {
  people: PersonRepository;
  imports: DirectoryImportLog;
  now?: () => Date;
}

export interface ImportDirectoryInput {
  source: DirectorySource;
  fileName: string;
  operator: string;
  /** Called as rows are written: `total` is the number of valid rows. */
  onProgress?: (done: number, total: number) => void;
}

export interface DirectoryImportResult {
  status: 'imported' | 'rejected';
  /** Data rows read (valid and bad). */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Bad rows, by line; when status is 'rejected' this is the single reason the file was refused. */
  errors: RowError[];
  importId: string;
}

export async function importDirectory(
  deps: ImportDirectoryDeps,
  input: ImportDirectoryInput,
): Promise<DirectoryImportResult> {
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const audit = (fields: Omit<DirectoryImportRecord, 'operator' | 'fileName' | 'startedAt' | 'finishedAt'>) =>
    deps.imports.record({
      operator: input.operator,
      fileName: input.fileName,
      startedAt,
      finishedAt: now(),
      ...fields,
    });
  const empty = { created: 0, updated: 0, unchanged: 0 };

  let rowCount = 0;
  try {
    const parsed = await parseDirectoryCsv(input.source);
    rowCount = parsed.rows.length + parsed.errors.length;
    if (!parsed.headerOk) {
      const counts = { rows: 0, ...empty, rejected: 0 };
      const importId = await audit({ status: 'rejected', counts, errors: parsed.errors, changes: [], failure: null });
      return { status: 'rejected', rows: 0, ...empty, errors: parsed.errors, importId };
    }

    const checked = await crossCheck(parsed.rows, deps.people);
    const total = checked.valid.length;
    input.onProgress?.(0, total);
    const report = await deps.people.upsertMany(checked.valid.map(toPersonData), (done) =>
      input.onProgress?.(done, total),
    );
    await deps.people.resolveLineManagers();

    const lineOf = new Map(checked.valid.map((row) => [row.email, row.line]));
    const errors = [
      ...parsed.errors,
      ...checked.errors,
      ...report.failed.map((failure) => ({ line: lineOf.get(failure.email) ?? 0, message: failure.message })),
    ].sort((a, b) => a.line - b.line);
    const counts = {
      rows: rowCount,
      created: report.created.length,
      updated: report.updated.length,
      unchanged: report.unchanged.length,
    };
    const changes = [
      ...report.created.map((c) => ({ email: c.email, change: 'created' as const, fields: c.fields })),
      ...report.updated.map((c) => ({ email: c.email, change: 'updated' as const, fields: c.fields })),
    ];
    const importId = await audit({
      status: 'imported',
      counts: { ...counts, rejected: errors.length },
      errors,
      changes,
      failure: null,
    });
    return { status: 'imported', ...counts, errors, importId };
  } catch (error) {
    // Best effort: the run is audited even when it broke off; the original error is what matters.
    const counts = { rows: rowCount, ...empty, rejected: 0 };
    await audit({ status: 'failed', counts, errors: [], changes: [], failure: (error as Error).message }).catch(
      () => undefined,
    );
    throw error;
  }
}

/**
 * Rejects rows whose line manager is unknown, or whose Slack / Teams id belongs to someone else
 * in the directory who is not in the file to give it up. Repeats until stable, because rejecting
 * a manager's row can leave their reports without a known manager.
 */
async function crossCheck(
  rows: DirectoryRow[],
  people: PersonRepository,
): Promise<{ valid: DirectoryRow[]; errors: RowError[] }> {
  const inFile = new Set(rows.map((row) => row.email));
  const managersOutside = unique(
    rows.map((row) => row.lineManagerEmail).filter((email): email is string => email !== null && !inFile.has(email)),
  );
  const known = new Set((await people.listByEmails(managersOutside)).map((person) => person.email));
  const holders = await people.listByChatIds({
    slackUserIds: unique(rows.map((row) => row.slackUserId).filter((id): id is string => id !== null)),
    teamsAadObjectIds: unique(rows.map((row) => row.teamsAadObjectId).filter((id): id is string => id !== null)),
  });
  const slackHolder = new Map(holders.filter(hasSlack).map((person) => [person.slackUserId, person.email]));
  const teamsHolder = new Map(holders.filter(hasTeams).map((person) => [person.teamsAadObjectId, person.email]));

  const valid = new Map(rows.map((row) => [row.email, row]));
  const errors: RowError[] = [];
  for (let changed = true; changed;) {
    changed = false;
    for (const row of valid.values()) {
      const problems = rowProblems(row, valid, known, slackHolder, teamsHolder);
      if (problems.length === 0) continue;
      errors.push({ line: row.line, message: problems.join('; ') });
      valid.delete(row.email);
      changed = true;
    }
  }
  return { valid: [...valid.values()], errors };
}

function rowProblems(
  row: DirectoryRow,
  valid: ReadonlyMap<string, DirectoryRow>,
  known: ReadonlySet<string>,
  slackHolder: ReadonlyMap<string, string>,
  teamsHolder: ReadonlyMap<string, string>,
): string[] {
  const problems: string[] = [];
  const manager = row.lineManagerEmail;
  if (manager !== null && !valid.has(manager) && !known.has(manager)) {
    problems.push(`line manager ${manager} is not in the directory and has no valid row in this file`);
  }
  // A holder with a valid row of their own in this file is giving the id up (the file's own
  // duplicates were rejected while parsing), so only holders outside it clash.
  const slackOwner = row.slackUserId === null ? undefined : slackHolder.get(row.slackUserId);
  if (slackOwner !== undefined && slackOwner !== row.email && !valid.has(slackOwner)) {
    problems.push(`Slack user id ${row.slackUserId} already belongs to ${slackOwner}`);
  }
  const teamsOwner = row.teamsAadObjectId === null ? undefined : teamsHolder.get(row.teamsAadObjectId);
  if (teamsOwner !== undefined && teamsOwner !== row.email && !valid.has(teamsOwner)) {
    problems.push(`Teams AAD object id ${row.teamsAadObjectId} already belongs to ${teamsOwner}`);
  }
  return problems;
}

function toPersonData(row: DirectoryRow): PersonData {
  const { line: _line, ...data } = row;
  return data;
}

const hasSlack = (person: Person): person is Person & { slackUserId: string } => person.slackUserId !== null;
const hasTeams = (person: Person): person is Person & { teamsAadObjectId: string } => person.teamsAadObjectId !== null;

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
