import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { DIRECTORY_HEADER, parseDirectoryCsv, readDirectoryCsv } from '../../src/directory/directory-csv.js';

const HEADER = `${DIRECTORY_HEADER.join(',')}\n`;
const fixture = (name: string) => path.join(process.cwd(), 'test/fixtures/directory', name);

/** Line number -> message, for compact assertions. */
async function errorsOf(text: string): Promise<Record<number, string>> {
  const { errors } = await parseDirectoryCsv(text);
  return Object.fromEntries(errors.map((e) => [e.line, e.message]));
}

describe('the directory CSV reader', () => {
  test('reads the demo directory: one person per role, normalised, everyone a colleague', async () => {
    const { rows, errors, headerOk } = await parseDirectoryCsv(createReadStream(fixture('demo-directory.csv')));
    expect(headerOk).toBe(true);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual({
      line: 2,
      email: 'priya.raman@example.org',
      name: 'Priya Raman',
      roles: ['colleague', 'executive_director_of_customers'],
      lineManagerEmail: null,
      slackUserId: 'U04PRAMAN01',
      teamsAadObjectId: '3b1f6c2e-8d4a-4f7b-9c21-5e6a7d8f9012',
    });
    expect(rows.find((r) => r.email === 'gareth.hughes@example.org')).toMatchObject({
      roles: ['colleague', 'admin'],
      lineManagerEmail: 'priya.raman@example.org',
      slackUserId: null,
      teamsAadObjectId: null,
    });
    expect(new Set(rows.flatMap((r) => r.roles))).toEqual(
      new Set([
        'colleague',
        'line_manager',
        'customer_experience_manager',
        'corporate_head_of_customers',
        'executive_director_of_customers',
        'admin',
      ]),
    );
  });

  test('issue 11 §3: reads the appeal_reviewer role (a senior colleague outside the customer tiers)', async () => {
    const { rows, errors } = await parseDirectoryCsv(HEADER + 'ceo@example.org,Cleo Chief,appeal_reviewer,,,\n');
    expect(errors).toEqual([]);
    expect(rows[0]!.roles).toEqual(['colleague', 'appeal_reviewer']);
  });

  test('normalises e-mails, names, roles and GUIDs, and adds colleague once', async () => {
    const { rows } = await parseDirectoryCsv(
      HEADER +
        ' Ann.Smith@Example.ORG ,"  Ann   Smith ", Admin ; line_manager;colleague;admin,BOSS@example.org,U012AB3CD4,6F9619FF-8B86-D011-B42D-00CF4FC964FF\n',
    );
    expect(rows).toEqual([
      {
        line: 2,
        email: 'ann.smith@example.org',
        name: 'Ann Smith',
        roles: ['colleague', 'line_manager', 'admin'],
        lineManagerEmail: 'boss@example.org',
        slackUserId: 'U012AB3CD4',
        teamsAadObjectId: '6f9619ff-8b86-d011-b42d-00cf4fc964ff',
      },
    ]);
  });

  test('reports every bad-row reason in the bad-rows fixture with its line, and keeps the good rows', async () => {
    const { rows, errors } = await parseDirectoryCsv(await readFile(fixture('bad-rows.csv'), 'utf8'));
    expect(rows.map((r) => [r.line, r.email])).toEqual([
      [2, 'morgan.ellis@example.org'],
      // Valid as CSV; its unknown line manager is the import's check (it needs the database).
      [7, 'jess.wong@example.org'],
      [10, 'ruth.evans@example.org'],
      [15, 'zoe.grant@example.org'],
    ]);
    expect(errors).toEqual([
      { line: 3, message: 'bad e-mail "not-an-email"' },
      { line: 4, message: 'unknown role "supervisor"' },
      { line: 5, message: 'missing name' },
      { line: 6, message: 'duplicate e-mail morgan.ellis@example.org (first on line 2)' },
      { line: 8, message: 'a person cannot be their own line manager' },
      { line: 9, message: expect.stringMatching(/^malformed CSV quoting: text follows a closing quote/) },
      { line: 11, message: 'Slack user id U05REVANS02 is already used on line 10' },
      { line: 12, message: expect.stringMatching(/^bad Slack user id/) },
      { line: 13, message: expect.stringMatching(/^bad Teams AAD object id/) },
      { line: 14, message: 'expected 6 fields, found 2' },
    ]);
  });

  test.each([
    ['a missing e-mail', ',Ann,,,,', 'missing e-mail'],
    [
      'a bad line manager e-mail',
      'a@example.org,Ann,,boss-at-example.org,,',
      'bad line manager e-mail "boss-at-example.org"',
    ],
    [
      'a lower-case Slack id',
      'a@example.org,Ann,,,u012ab3cd4,',
      'bad Slack user id (expected U… or W… followed by uppercase letters and digits)',
    ],
    [
      'a Slack channel id',
      'a@example.org,Ann,,,C012AB3CD4,',
      'bad Slack user id (expected U… or W… followed by uppercase letters and digits)',
    ],
    [
      'a short GUID',
      'a@example.org,Ann,,,,6f9619ff-8b86-d011-b42d',
      'bad Teams AAD object id (expected a GUID like 00000000-0000-0000-0000-000000000000)',
    ],
    ['too many fields', 'a@example.org,Ann,,,,,extra', 'expected 6 fields, found 7'],
    [
      'an own line manager in another case',
      'A@example.org,Ann,,a@EXAMPLE.org,,',
      'a person cannot be their own line manager',
    ],
    [
      'a quote inside an unquoted field',
      'a@example.org,An"n,,,,',
      'malformed CSV quoting: a quote appears inside a field that does not start with one (quote the whole field and double the inner quote: "Ca""rl")',
    ],
  ])('reports %s on its line', async (_what, row, message) => {
    expect(await errorsOf(`${HEADER}b@example.org,Bea,,,,\n${row}\nc@example.org,Cy,,,,\n`)).toEqual({ 3: message });
  });

  test('collects several reasons for one row into one message', async () => {
    expect(await errorsOf(`${HEADER}nope,,boss;chief,,x,\n`)).toEqual({
      2: 'bad e-mail "nope"; missing name; unknown role "boss"; unknown role "chief"; bad Slack user id (expected U… or W… followed by uppercase letters and digits)',
    });
  });

  test('a duplicate of a rejected row is still a duplicate: two rows for one person are ambiguous', async () => {
    expect(await errorsOf(`${HEADER}a@example.org,,,,,\na@example.org,Ann,,,,\n`)).toEqual({
      2: 'missing name',
      3: 'duplicate e-mail a@example.org (first on line 2)',
    });
  });

  test('Teams ids clash case-insensitively within the file', async () => {
    const guid = '6f9619ff-8b86-d011-b42d-00cf4fc964ff';
    expect(await errorsOf(`${HEADER}a@example.org,A,,,,${guid}\nb@example.org,B,,,,${guid.toUpperCase()}\n`)).toEqual({
      3: `Teams AAD object id ${guid} is already used on line 2`,
    });
  });

  test('doubled quotes, quoted commas and spaces around quoted fields are fine', async () => {
    const { rows, errors } = await parseDirectoryCsv(`${HEADER}a@example.org,"O""Brien, Pat" ,,,,\n`);
    expect(errors).toEqual([]);
    expect(rows[0]?.name).toBe('O"Brien, Pat');
  });

  test('a quote that is never closed makes the rest of the file unreadable, and says which lines', async () => {
    const { rows, errors } = await parseDirectoryCsv(
      `${HEADER}a@example.org,Ann,,,,\nb@example.org,"Bob,,,,\nc@example.org,Cy,,,,\n`,
    );
    expect(rows.map((r) => r.email)).toEqual(['a@example.org']);
    expect(errors).toEqual([
      { line: 3, message: 'malformed CSV quoting: a quote is never closed, so lines 3–4 could not be read' },
    ]);
  });

  test('line numbers count blank lines and line breaks inside quoted fields, with LF or CRLF, in any chunking', async () => {
    const text = `${HEADER}\na@example.org,"Ann\nSmith",,,,\n,,,,,\nbad,B,,,,\n`;
    for (const variant of [text, text.replace(/\n/g, '\r\n')]) {
      const chunks = variant.match(/[\s\S]{1,4}/g)!;
      const { rows, errors } = await parseDirectoryCsv(Readable.from(chunks));
      expect(rows.map((r) => [r.line, r.name])).toEqual([[3, 'Ann Smith']]);
      expect(errors).toEqual([{ line: 6, message: 'bad e-mail "bad"' }]);
    }
  });

  test('a byte order mark (as Excel writes) is ignored', async () => {
    const { rows, headerOk } = await parseDirectoryCsv(`\ufeff${HEADER}a@example.org,Ann,,,,\n`);
    expect(headerOk).toBe(true);
    expect(rows).toHaveLength(1);
  });

  test.each([
    [
      'a wrong header',
      'email,name,roles\na@example.org,Ann,\n',
      'wrong header: expected "email,name,roles,line_manager_email,slack_user_id,teams_aad_object_id", found "email,name,roles"',
    ],
    [
      'a header in other case',
      `${HEADER.toUpperCase()}a@example.org,Ann,,,,\n`,
      expect.stringMatching(/^wrong header: /),
    ],
    [
      'an empty file',
      '',
      'the file is empty; expected the header email,name,roles,line_manager_email,slack_user_id,teams_aad_object_id',
    ],
  ])('refuses the whole file on %s, at line 1', async (_what, text, message) => {
    expect(await parseDirectoryCsv(text)).toEqual({ rows: [], errors: [{ line: 1, message }], headerOk: false });
  });

  test('a header alone is a valid, empty directory', async () => {
    expect(await parseDirectoryCsv(HEADER)).toEqual({ rows: [], errors: [], headerOk: true });
  });

  test('streams: the first rows are available before the whole input has been read', async () => {
    let produced = 0;
    async function* slowSource() {
      yield HEADER;
      for (let i = 0; i < 10_000; i += 1) {
        produced += 1;
        yield `p${i}@example.org,Person ${i},,,,\n`;
      }
    }
    const results = readDirectoryCsv(slowSource());
    const first = await results.next();
    expect(first.value).toMatchObject({ ok: true, row: { line: 2, email: 'p0@example.org' } });
    expect(produced).toBeLessThan(10_000);
    await results.return(undefined);
  });
});
