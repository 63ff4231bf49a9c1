// Reads the HR export of the people directory. Pure: text or a stream in, valid rows and bad rows
// (with the CSV line they start on, header = line 1) out. Checks that need the database (line
// managers outside the file, chat ids already taken) are the import use case's job.
import { Readable, pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { z } from 'zod';
import { ROLE_IDS, type RoleId } from '../policy/roles.js';
import type { PersonData } from './person.js';

export const DIRECTORY_HEADER = [
  'email',
  'name',
  'roles',
  'line_manager_email',
  'slack_user_id',
  'teams_aad_object_id',
] as const;

export interface DirectoryRow extends PersonData {
  line: number;
}

export interface RowError {
  line: number;
  message: string;
}

export interface ParsedDirectory {
  rows: DirectoryRow[];
  errors: RowError[];
  /** False when the file cannot be read as a directory at all (wrong or missing header): nothing in it is usable. */
  headerOk: boolean;
}

export type DirectorySource = string | Buffer | NodeJS.ReadableStream | AsyncIterable<string | Buffer>;

/** `fatal` marks a problem with the file as a whole (header): no row of it can be trusted. */
export type RowResult = { ok: true; row: DirectoryRow } | { ok: false; error: RowError; fatal?: true };

// Slack user ids are U… (or W… on Enterprise Grid) followed by uppercase letters and digits.
const SLACK_USER_ID = /^[UW][A-Z0-9]{8,20}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const email = (what: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: (issue) => `bad ${what} "${String(issue.input)}"` }));

const optional = <T extends z.ZodType<string, string>>(schema: T) =>
  z
    .string()
    .trim()
    .transform((value) => (value === '' ? null : value))
    .pipe(schema.nullable());

const roles = z
  .string()
  .transform((value) =>
    value
      .split(';')
      .map((role) => role.trim().toLowerCase())
      .filter((role) => role !== ''),
  )
  .pipe(z.array(z.enum(ROLE_IDS, { error: (issue) => `unknown role "${String(issue.input)}"` })))
  // Every person is at least a colleague (docs/domain.md); ROLE_IDS order keeps re-imports comparable.
  .transform((listed): RoleId[] => ROLE_IDS.filter((role) => role === 'colleague' || listed.includes(role)));

const rowSchema = z
  .object({
    email: z.string().trim().min(1, 'missing e-mail').pipe(email('e-mail')),
    // A line break or run of spaces inside a quoted name is an export artefact, not part of the name.
    name: z
      .string()
      .transform((value) => value.replace(/\s+/g, ' ').trim())
      .pipe(z.string().min(1, 'missing name')),
    roles,
    lineManagerEmail: optional(email('line manager e-mail')),
    slackUserId: optional(
      z.string().regex(SLACK_USER_ID, 'bad Slack user id (expected U… or W… followed by uppercase letters and digits)'),
    ),
    // AAD object ids are case-insensitive GUIDs; stored lower-case so uniqueness is case-insensitive too.
    teamsAadObjectId: optional(
      z
        .string()
        .toLowerCase()
        .regex(GUID, 'bad Teams AAD object id (expected a GUID like 00000000-0000-0000-0000-000000000000)'),
    ),
  })
  .refine((row) => row.lineManagerEmail === null || row.lineManagerEmail !== row.email, {
    message: 'a person cannot be their own line manager',
  });

/** Validates one record's fields (the header already checked). Pure; exported for reuse by other readers. */
export function validateRecord(line: number, fields: readonly string[]): RowResult {
  if (fields.length !== DIRECTORY_HEADER.length) {
    return fail(line, `expected ${DIRECTORY_HEADER.length} fields, found ${fields.length}`);
  }
  const [emailField, name, roleList, lineManagerEmail, slackUserId, teamsAadObjectId] = fields;
  const parsed = rowSchema.safeParse({
    email: emailField,
    name,
    roles: roleList,
    lineManagerEmail,
    slackUserId,
    teamsAadObjectId,
  });
  if (!parsed.success) return fail(line, unique(parsed.error.issues.map((issue) => issue.message)).join('; '));
  return { ok: true, row: { line, ...parsed.data } };
}

/**
 * Streams results row by row, so a large file is never held as text. Also rejects later rows that
 * repeat an e-mail, Slack user id or Teams id seen earlier in the same file (the first one wins).
 * Yields a single fatal line-1 error and stops when the header is wrong.
 */
export async function* readDirectoryCsv(source: DirectorySource): AsyncGenerator<RowResult, void, undefined> {
  // csv-parse's own line count drifts on CRLF line breaks inside quoted fields, so lines are
  // counted here from each record's raw text; on_record and on_skip run in file order.
  let lineBreaks = 0;
  const locate = (raw: string): number => {
    const line = 1 + lineBreaks + leadingBreaks(raw);
    lineBreaks += countBreaks(raw);
    return line;
  };
  // Only an unclosed quote still fails in relaxed mode; it runs to the end of the file.
  const unclosed: RowError[] = [];
  const parser = parse({
    bom: true,
    raw: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    skip_empty_lines: true,
    relax_column_count: true,
    // Lenient here so one badly quoted row cannot swallow the rest of the file; each record that
    // contains a quote is then re-read strictly below, and reported if it is malformed. (No `trim`
    // option for the same reason: it turns `"Carl"x` into an error that runs to the end of the file.)
    relax_quotes: true,
    skip_records_with_error: true,
    // With `raw`, csv-parse hands on_record the pair { record, raw }.
    on_record: ((parsed: { record: string[]; raw: string }) => ({ ...parsed, line: locate(parsed.raw) })) as never,
    on_skip: (_error, raw) => {
      unclosed.push(unreadable(locate(raw ?? ''), raw ?? ''));
      return undefined;
    },
  });
  // pipeline (not pipe) so that stopping early, e.g. on a wrong header, also closes the source,
  // and a read error of the source (file gone) surfaces in the loop below.
  pipeline(toStream(source), parser, () => undefined);

  const seen = { email: new Map<string, number>(), slack: new Map<string, number>(), teams: new Map<string, number>() };
  let headerSeen = false;
  try {
    for await (const { record, raw, line } of parser as AsyncIterable<{
      record: string[];
      raw: string;
      line: number;
    }>) {
      const strict = raw.includes('"') ? strictFields(raw) : { fields: record };
      if ('problem' in strict && !headerSeen) {
        yield { ...fail(1, `wrong header: ${strict.problem}`), fatal: true };
        return;
      }
      if ('problem' in strict) {
        yield fail(line, `malformed CSV quoting: ${strict.problem}`);
        continue;
      }
      const fields = strict.fields.map((field) => field.trim());
      // Rows of only commas are spreadsheet leftovers, not people.
      if (fields.every((field) => field === '')) continue;
      if (!headerSeen) {
        headerSeen = true;
        const problem = headerProblem(fields);
        if (problem) {
          yield { ...fail(1, problem), fatal: true };
          return;
        }
        continue;
      }
      yield checkDuplicates(line, fields, validateRecord(line, fields), seen);
    }
  } finally {
    parser.destroy();
  }
  if (!headerSeen) {
    const why = unclosed.length > 0 ? 'wrong header: a quote is never closed' : 'the file is empty';
    yield { ...fail(1, `${why}; expected the header ${DIRECTORY_HEADER.join(',')}`), fatal: true };
    return;
  }
  yield* unclosed.map((error) => ({ ok: false as const, error }));
}

export async function parseDirectoryCsv(source: DirectorySource): Promise<ParsedDirectory> {
  const rows: DirectoryRow[] = [];
  const errors: RowError[] = [];
  let headerOk = true;
  for await (const result of readDirectoryCsv(source)) {
    if (result.ok) rows.push(result.row);
    else errors.push(result.error);
    if (!result.ok && result.fatal) headerOk = false;
  }
  return { rows, errors, headerOk };
}

function headerProblem(record: readonly string[]): string | null {
  const expected = DIRECTORY_HEADER.join(',');
  const found = record.join(',');
  return found === expected ? null : `wrong header: expected "${expected}", found "${found}"`;
}

// Duplicates are checked against every earlier row whose e-mail (or chat id) could be read, even
// a row rejected for another reason: two rows for one person are ambiguous whichever is valid.
function checkDuplicates(
  line: number,
  fields: readonly string[],
  result: RowResult,
  seen: { email: Map<string, number>; slack: Map<string, number>; teams: Map<string, number> },
): RowResult {
  const keys = {
    email: result.ok ? result.row.email : readable(rowSchema.shape.email, fields[0]),
    slack: result.ok ? result.row.slackUserId : readable(rowSchema.shape.slackUserId, fields[4]),
    teams: result.ok ? result.row.teamsAadObjectId : readable(rowSchema.shape.teamsAadObjectId, fields[5]),
  };
  const clashes: string[] = [];
  const firstEmail = keys.email === null ? undefined : seen.email.get(keys.email);
  if (firstEmail !== undefined) clashes.push(`duplicate e-mail ${keys.email} (first on line ${firstEmail})`);
  const firstSlack = keys.slack === null ? undefined : seen.slack.get(keys.slack);
  if (firstSlack !== undefined) clashes.push(`Slack user id ${keys.slack} is already used on line ${firstSlack}`);
  const firstTeams = keys.teams === null ? undefined : seen.teams.get(keys.teams);
  if (firstTeams !== undefined) clashes.push(`Teams AAD object id ${keys.teams} is already used on line ${firstTeams}`);

  if (keys.email !== null && firstEmail === undefined) seen.email.set(keys.email, line);
  if (keys.slack !== null && firstSlack === undefined) seen.slack.set(keys.slack, line);
  if (keys.teams !== null && firstTeams === undefined) seen.teams.set(keys.teams, line);

  if (clashes.length === 0) return result;
  const earlier = result.ok ? [] : [result.error.message];
  return fail(line, [...earlier, ...clashes].join('; '));
}

function readable(schema: z.ZodType<string | null>, field: string | undefined): string | null {
  const parsed = schema.safeParse(field ?? '');
  return parsed.success ? parsed.data : null;
}

function countBreaks(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}

function leadingBreaks(text: string): number {
  return countBreaks(/^[\r\n]*/.exec(text)?.[0] ?? '');
}

/** The record re-read under strict RFC 4180 quoting: its fields, or what is wrong with it. */
function strictFields(raw: string): { fields: string[] } | { problem: string } {
  try {
    const [fields = []] = parseSync(raw, {
      bom: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      skip_empty_lines: true,
      relax_column_count: true,
      // Spaces around a quoted field ("Smith" ,) are harmless; text after a closing quote is not.
      trim: true,
    }) as string[][];
    return { fields };
  } catch (error) {
    return { problem: quotingMessage(error as Error & { code?: string }) };
  }
}

function quotingMessage(error: Error & { code?: string }): string {
  switch (error.code) {
    case 'INVALID_OPENING_QUOTE':
      return 'a quote appears inside a field that does not start with one (quote the whole field and double the inner quote: "Ca""rl")';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'text follows a closing quote (a quote inside a quoted field must be doubled: "")';
    default:
      return error.message.replace(/ at line \d+/, '');
  }
}

function unreadable(start: number, raw: string): RowError {
  const end = start + countBreaks(raw.replace(/^[\r\n]+|[\r\n]+$/g, ''));
  const span = start === end ? `line ${start}` : `lines ${start}–${end}`;
  return { line: start, message: `malformed CSV quoting: a quote is never closed, so ${span} could not be read` };
}

function toStream(source: DirectorySource): NodeJS.ReadableStream {
  // A string is one chunk; csv-parse handles records split across chunks of a real stream.
  if (typeof source === 'string' || Buffer.isBuffer(source)) return Readable.from([source]);
  if ('pipe' in source) return source;
  return Readable.from(source);
}

function fail(line: number, message: string): { ok: false; error: RowError } {
  return { ok: false, error: { line, message } };
}

function unique(messages: string[]): string[] {
  return [...new Set(messages)];
}
