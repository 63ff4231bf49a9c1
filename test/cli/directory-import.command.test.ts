import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DIRECTORY_HEADER } from '../../src/directory/directory-csv.js';
import { directoryImportModel } from '../../src/store/directory-import.model.js';
import { personModel } from '../../src/store/person.model.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { runLcp } from '../support/run-lcp.js';

const NO_STACK = /^\s+at /m;

let db: TestDatabase;
let dir: string;
let demo: string;

beforeEach(async () => {
  db = await openTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'lcp-cli-'));
  demo = path.join(dir, 'people.csv');
  await copyFile(path.join(process.cwd(), 'test/fixtures/directory/demo-directory.csv'), demo);
});
afterEach(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

describe('lcp directory import', () => {
  test('imports a file, then reports a re-import as all unchanged', async () => {
    const first = await runLcp(['directory', 'import', demo], { MONGODB_URI: db.uri });
    expect(first).toEqual({
      code: 0,
      stdout: `Imported ${demo}: 6 created, 0 updated, 0 unchanged; no bad rows\n`,
      stderr: '',
    });
    expect(await personModel(db.connection).countDocuments()).toBe(6);

    const again = await runLcp(['directory', 'import', demo], { MONGODB_URI: db.uri });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`Imported ${demo}: 0 created, 0 updated, 6 unchanged; no bad rows\n`);
  });

  test('prints each bad row as "line N: reason", says how many, and still exits 0', async () => {
    const bad = path.join(dir, 'bad-rows.csv');
    await copyFile(path.join(process.cwd(), 'test/fixtures/directory/bad-rows.csv'), bad);
    const result = await runLcp(['directory', 'import', bad, '--operator', 'Jo Admin (HR)'], { MONGODB_URI: db.uri });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Imported ${bad}: 3 created, 0 updated, 0 unchanged; 11 bad rows not imported:`);
    expect(lines.slice(1)).toHaveLength(11);
    expect(lines).toContain('line 3: bad e-mail "not-an-email"');
    expect(lines).toContain('line 4: unknown role "supervisor"');
    expect(lines).toContain(
      'line 7: line manager ghost.manager@example.org is not in the directory and has no valid row in this file',
    );

    const [audit] = await directoryImportModel(db.connection).find().lean();
    expect(audit).toMatchObject({
      operator: 'Jo Admin (HR)',
      fileName: bad,
      status: 'imported',
      counts: { created: 3, rejected: 11 },
    });
  });

  test('uses the LCP_DIRECTORY setting when no file is given', async () => {
    const result = await runLcp(['directory', 'import'], { MONGODB_URI: db.uri, LCP_DIRECTORY: demo });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/6 created/);
  });

  test('prints only the summary when not on a terminal, even for a large file', async () => {
    const big = path.join(dir, 'big.csv');
    const rows = Array.from({ length: 300 }, (_, i) => `p${i}@example.org,Person ${i},,,,`);
    await writeFile(big, `${DIRECTORY_HEADER.join(',')}\n${rows.join('\n')}\n`);
    const result = await runLcp(['directory', 'import', big], { MONGODB_URI: db.uri });
    expect(result).toEqual({
      code: 0,
      stdout: `Imported ${big}: 300 created, 0 updated, 0 unchanged; no bad rows\n`,
      stderr: '',
    });
  });

  test.each([
    [
      'a missing file',
      ['nowhere.csv'],
      () => ({ MONGODB_URI: db.uri }),
      /^lcp: cannot read nowhere\.csv: no such file\n$/,
    ],
    [
      'no file and no LCP_DIRECTORY',
      [],
      () => ({ MONGODB_URI: db.uri }),
      /^lcp: no file given: pass FILE or set LCP_DIRECTORY\n$/,
    ],
    ['no MONGODB_URI', ['DEMO'], () => ({}), /^lcp: MONGODB_URI is not set; /],
    [
      'a wrong header',
      ['HEADER'],
      () => ({ MONGODB_URI: db.uri }),
      /^lcp: \S+ was not imported: line 1: wrong header: expected "email,name,roles,/,
    ],
  ])('exits 1 with a one-line message and no stack trace on %s', async (_what, args, env, message) => {
    const header = path.join(dir, 'header.csv');
    await writeFile(header, 'mail,full name\na@example.org,Ann\n');
    const file = args.map((arg) => (arg === 'DEMO' ? demo : arg === 'HEADER' ? header : arg));
    const result = await runLcp(['directory', 'import', ...file], env());
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(NO_STACK);
    expect(await personModel(db.connection).countDocuments()).toBe(0);
  });

  test('exits 1 when the database cannot be reached, without echoing the password', async () => {
    const result = await runLcp(['directory', 'import', demo], {
      MONGODB_URI: 'mongodb://admin:s3cret@127.0.0.1:9/lcp',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^lcp: cannot connect to the database at mongodb:\/\/\*\*\*@127\.0\.0\.1:9\/lcp: /);
    expect(result.stderr).not.toMatch(/s3cret/);
    expect(result.stderr).not.toMatch(NO_STACK);
  });
});
