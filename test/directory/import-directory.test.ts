import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DIRECTORY_HEADER } from '../../src/directory/directory-csv.js';
import { importDirectory, type ImportDirectoryDeps } from '../../src/directory/import-directory.js';
import { DirectoryError } from '../../src/directory/person.js';
import { directoryImportModel, MongoDirectoryImportLog } from '../../src/store/directory-import.model.js';
import { MongoPersonRepository } from '../../src/store/mongo-person.repository.js';
import { personModel } from '../../src/store/person.model.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';

const HEADER = `${DIRECTORY_HEADER.join(',')}\n`;
const fixture = (name: string) => readFile(path.join(process.cwd(), 'test/fixtures/directory', name), 'utf8');

let db: TestDatabase;
let people: MongoPersonRepository;
let deps: ImportDirectoryDeps;

beforeEach(async () => {
  db = await openTestDatabase();
  people = new MongoPersonRepository(db.connection);
  deps = { people, imports: new MongoDirectoryImportLog(db.connection) };
});
afterEach(() => db.close());

const run = (source: string, fileName = 'people.csv') =>
  importDirectory(deps, { source, fileName, operator: 'Jo Admin' });
const auditRecords = () => directoryImportModel(db.connection).find().sort({ startedAt: 1 }).lean();

describe('importing the people directory (real database)', () => {
  test('imports the demo directory and resolves every line manager to an id', async () => {
    const result = await run(await fixture('demo-directory.csv'));
    expect(result).toMatchObject({ status: 'imported', rows: 6, created: 6, updated: 0, unchanged: 0, errors: [] });

    const tom = (await people.findByEmail('Tom.Fletcher@example.org'))!;
    const hannah = (await people.findByEmail('hannah.clarke@example.org'))!;
    expect(tom).toMatchObject({
      name: 'Tom Fletcher',
      roles: ['colleague', 'line_manager'],
      lineManagerEmail: hannah.email,
    });
    expect(tom.lineManagerId).toBe(hannah.id);
    expect((await people.findById(tom.lineManagerId!))?.email).toBe('hannah.clarke@example.org');
    expect((await people.findByEmail('priya.raman@example.org'))?.lineManagerId).toBeNull();

    expect((await people.findBySlackUserId('U04ABEGUM05'))?.email).toBe('aisha.begum@example.org');
    expect((await people.findByTeamsAadObjectId('A9E8D7C6-B5A4-4392-8170-FEDCBA987654'))?.email).toBe(
      'hannah.clarke@example.org',
    );
    expect((await people.findByRole('executive_director_of_customers')).map((p) => p.email)).toEqual([
      'priya.raman@example.org',
    ]);
    expect(await people.findByRole('colleague')).toHaveLength(6);
    expect((await people.listByIds([tom.id, hannah.id, 'not-an-id'])).map((p) => p.email).sort()).toEqual([
      hannah.email,
      tom.email,
    ]);
    expect(await people.findById('not-an-id')).toBeNull();
  });

  test('re-importing the same file writes nothing: 0 created, 0 updated, all unchanged', async () => {
    const csv = await fixture('demo-directory.csv');
    await run(csv);
    const before = await personModel(db.connection).find().sort({ email: 1 }).lean();

    const again = await run(csv);
    expect(again).toMatchObject({ status: 'imported', created: 0, updated: 0, unchanged: 6, errors: [] });
    expect(await personModel(db.connection).find().sort({ email: 1 }).lean()).toEqual(before);
  });

  test('a changed row updates that person only, and the audit record says which fields changed', async () => {
    const csv = await fixture('demo-directory.csv');
    await run(csv);
    const changed = csv
      .replace('Tom Fletcher,line_manager,', 'Tom Fletcher-Hale,line_manager;admin,')
      .replace(
        'gareth.hughes@example.org,Gareth Hughes,admin,priya.raman@example.org',
        'gareth.hughes@example.org,Gareth Hughes,admin,daniel.okafor@example.org',
      );

    const result = await run(changed);
    expect(result).toMatchObject({ created: 0, updated: 2, unchanged: 4, errors: [] });
    expect(await people.findByEmail('tom.fletcher@example.org')).toMatchObject({
      name: 'Tom Fletcher-Hale',
      roles: ['colleague', 'line_manager', 'admin'],
    });
    const daniel = await people.findByEmail('daniel.okafor@example.org');
    expect((await people.findByEmail('gareth.hughes@example.org'))?.lineManagerId).toBe(daniel?.id);

    const [, second] = await auditRecords();
    expect(second?.changes).toEqual([
      { email: 'tom.fletcher@example.org', change: 'updated', fields: ['name', 'roles'] },
      { email: 'gareth.hughes@example.org', change: 'updated', fields: ['lineManagerEmail'] },
    ]);
  });

  test('bad rows are reported by line and the rest is imported', async () => {
    const result = await run(await fixture('bad-rows.csv'));
    expect(result.status).toBe('imported');
    expect(result.rows).toBe(14);
    expect(result.created).toBe(3);
    expect(result.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14]);
    expect(result.errors.find((e) => e.line === 7)?.message).toBe(
      'line manager ghost.manager@example.org is not in the directory and has no valid row in this file',
    );
    expect((await people.findByRole('colleague')).map((p) => p.email)).toEqual([
      'morgan.ellis@example.org',
      'ruth.evans@example.org',
      'zoe.grant@example.org',
    ]);
  });

  test('a line manager already in the directory need not be in the file', async () => {
    await run(await fixture('demo-directory.csv'));
    const result = await run(`${HEADER}new.starter@example.org,New Starter,,tom.fletcher@example.org,,\n`);
    expect(result).toMatchObject({ created: 1, errors: [] });
    const tom = await people.findByEmail('tom.fletcher@example.org');
    expect((await people.findByEmail('new.starter@example.org'))?.lineManagerId).toBe(tom?.id);
  });

  test("rejecting a manager's row also rejects their reports, whose manager is then unknown", async () => {
    const result = await run(
      `${HEADER}boss@example.org,Boss,line_manager,nobody@example.org,,\nann@example.org,Ann,,boss@example.org,,\nbea@example.org,Bea,,ann@example.org,,\n`,
    );
    expect(result.created).toBe(0);
    expect(result.errors).toEqual([
      { line: 2, message: 'line manager nobody@example.org is not in the directory and has no valid row in this file' },
      { line: 3, message: 'line manager boss@example.org is not in the directory and has no valid row in this file' },
      { line: 4, message: 'line manager ann@example.org is not in the directory and has no valid row in this file' },
    ]);
  });

  test('a Slack or Teams id held by someone else in the directory is a bad row', async () => {
    await run(await fixture('demo-directory.csv'));
    const result = await run(
      `${HEADER}new.one@example.org,New One,,,U04PRAMAN01,\nnew.two@example.org,New Two,,,,3B1F6C2E-8D4A-4F7B-9C21-5E6A7D8F9012\n`,
    );
    expect(result.created).toBe(0);
    expect(result.errors).toEqual([
      { line: 2, message: 'Slack user id U04PRAMAN01 already belongs to priya.raman@example.org' },
      {
        line: 3,
        message: 'Teams AAD object id 3b1f6c2e-8d4a-4f7b-9c21-5e6a7d8f9012 already belongs to priya.raman@example.org',
      },
    ]);
  });

  test('chat ids can move between people in one file, even as a swap', async () => {
    await run(`${HEADER}a@example.org,A,,,U0000000AA,\nb@example.org,B,,,U0000000BB,\n`);
    const result = await run(`${HEADER}a@example.org,A,,,U0000000BB,\nb@example.org,B,,,U0000000AA,\n`);
    expect(result).toMatchObject({ updated: 2, errors: [] });
    expect((await people.findBySlackUserId('U0000000AA'))?.email).toBe('b@example.org');
    expect((await people.findBySlackUserId('U0000000BB'))?.email).toBe('a@example.org');
  });

  test('the unique index on chat ids backs up the validation, while many people may have none', async () => {
    await run(`${HEADER}a@example.org,A,,,U0000000AA,\nb@example.org,B,,,,\nc@example.org,C,,,,\n`);
    const model = personModel(db.connection);
    await expect(
      model.create({ email: 'd@example.org', name: 'D', roles: ['colleague'], slackUserId: 'U0000000AA' }),
    ).rejects.toThrow();
    await expect(model.create({ email: 'e@example.org', name: 'E', roles: ['colleague'] })).resolves.toBeDefined();
  });

  test('people missing from a later file are kept; removing a chat id from a row clears it', async () => {
    await run(await fixture('demo-directory.csv'));
    const result = await run(`${HEADER}aisha.begum@example.org,Aisha Begum,colleague,tom.fletcher@example.org,,\n`);
    expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(await people.findByRole('colleague')).toHaveLength(6);
    expect(await people.findByEmail('aisha.begum@example.org')).toMatchObject({
      slackUserId: null,
      teamsAadObjectId: null,
    });
    expect(await people.findBySlackUserId('U04ABEGUM05')).toBeNull();
  });

  test('every run is audited in directory_imports: operator, file, counts and bad rows', async () => {
    await run(await fixture('bad-rows.csv'), 'hr-export.csv');
    await run('wrong,header\n', 'oops.csv');
    const [imported, rejected] = await auditRecords();
    expect(imported).toMatchObject({
      operator: 'Jo Admin',
      fileName: 'hr-export.csv',
      status: 'imported',
      counts: { rows: 14, created: 3, updated: 0, unchanged: 0, rejected: 11 },
      failure: null,
    });
    expect(imported?.errors).toHaveLength(11);
    expect(imported?.errors[0]).toEqual({ line: 3, message: 'bad e-mail "not-an-email"' });
    expect(imported?.startedAt.getTime()).toBeLessThanOrEqual(imported!.finishedAt.getTime());
    expect(rejected).toMatchObject({ fileName: 'oops.csv', status: 'rejected', counts: { rows: 0, created: 0 } });
    expect(rejected?.errors[0]?.line).toBe(1);
  });

  test('a file with a wrong header is rejected as a whole and writes no person', async () => {
    const result = await run('email,name\na@example.org,Ann\n');
    expect(result).toMatchObject({
      status: 'rejected',
      created: 0,
      errors: [{ line: 1, message: expect.stringMatching(/^wrong header/) }],
    });
    expect(await people.findByRole('colleague')).toEqual([]);
  });

  test('reports progress up to the number of valid rows', async () => {
    const calls: [number, number][] = [];
    const rows = Array.from({ length: 1_200 }, (_, i) => `p${i}@example.org,Person ${i},,,,`).join('\n');
    await importDirectory(deps, {
      source: `${HEADER}${rows}\nbad,X,,,,\n`,
      fileName: 'big.csv',
      operator: 'test',
      onProgress: (done, total) => calls.push([done, total]),
    });
    expect(calls[0]).toEqual([0, 1_200]);
    expect(calls.at(-1)).toEqual([1_200, 1_200]);
    expect(calls.every(([done], i) => i === 0 || done >= calls[i - 1]![0])).toBe(true);
  });

  test('two imports of the same new file at once create each person exactly once', async () => {
    const csv = await fixture('demo-directory.csv');
    const [first, second] = await Promise.all([run(csv), run(csv)]);
    // Each row is created by exactly one of them; the other finds it already there (unchanged) or
    // loses the race for it (an error). Which happens depends on timing: both hold on any server.
    expect(first!.created + second!.created).toBe(6);
    for (const result of [first!, second!]) expect(result.created + result.unchanged + result.errors.length).toBe(6);
    expect(await people.findByRole('colleague')).toHaveLength(6);
    // Whoever lost a race for a row is told to import again, which then finds nothing to do.
    for (const error of [...first!.errors, ...second!.errors]) expect(error.message).toMatch(/import the file again/);
    expect(await run(csv)).toMatchObject({ created: 0, updated: 0, unchanged: 6, errors: [] });
    for (const person of await people.findByRole('colleague')) {
      const manager = person.lineManagerId ? await people.findById(person.lineManagerId) : null;
      expect(manager?.email ?? null).toBe(person.lineManagerEmail);
    }
  });

  test('a run that breaks off (database error) is still audited, as failed, and the error is passed on', async () => {
    const broken = Object.assign(Object.create(people) as MongoPersonRepository, {
      upsertMany: async () => {
        throw new Error('connection lost');
      },
    });
    const attempt = importDirectory(
      { ...deps, people: broken },
      { source: await fixture('demo-directory.csv'), fileName: 'people.csv', operator: 'Jo Admin' },
    );
    await expect(attempt).rejects.toThrow('connection lost');
    const [record] = await auditRecords();
    expect(record).toMatchObject({ status: 'failed', failure: 'connection lost', counts: { rows: 6, created: 0 } });
  });
});

describe('deputies (real database)', () => {
  const at = (iso: string) => new Date(iso);
  let ids: Record<'priya' | 'daniel' | 'hannah', string>;

  beforeEach(async () => {
    await run(await fixture('demo-directory.csv'));
    const id = async (email: string) => (await people.findByEmail(email))!.id;
    ids = {
      priya: await id('priya.raman@example.org'),
      daniel: await id('daniel.okafor@example.org'),
      hannah: await id('hannah.clarke@example.org'),
    };
  });

  test('a deputy is active from the start of the period up to, not including, its end', async () => {
    await people.setDeputy(ids.priya, {
      deputyPersonId: ids.daniel,
      from: at('2026-12-01T00:00:00Z'),
      until: at('2026-12-08T00:00:00Z'),
    });
    const principals = async (when: string) =>
      (await people.principalsDeputisedBy(ids.daniel, at(when))).map((p) => p.email);

    expect(await principals('2026-11-30T23:59:59Z')).toEqual([]);
    expect(await principals('2026-12-01T00:00:00Z')).toEqual(['priya.raman@example.org']);
    expect(await principals('2026-12-07T23:59:59Z')).toEqual(['priya.raman@example.org']);
    expect(await principals('2026-12-08T00:00:00Z')).toEqual([]);
    expect(await people.principalsDeputisedBy(ids.hannah, at('2026-12-03T00:00:00Z'))).toEqual([]);
  });

  test('one deputy can act for several people, and a re-import leaves deputies alone', async () => {
    const period = { from: at('2026-12-01T00:00:00Z'), until: at('2026-12-08T00:00:00Z') };
    await people.setDeputy(ids.priya, { deputyPersonId: ids.hannah, ...period });
    await people.setDeputy(ids.daniel, { deputyPersonId: ids.hannah, ...period });
    expect(await run(await fixture('demo-directory.csv'))).toMatchObject({ unchanged: 6 });

    const principals = await people.principalsDeputisedBy(ids.hannah, at('2026-12-02T12:00:00Z'));
    expect(principals.map((p) => p.email)).toEqual(['daniel.okafor@example.org', 'priya.raman@example.org']);
    expect(principals[0]?.deputies).toEqual([{ deputyPersonId: ids.hannah, ...period }]);
  });

  test('setting an overlapping period for the same deputy replaces it; separate periods are kept', async () => {
    await people.setDeputy(ids.priya, {
      deputyPersonId: ids.daniel,
      from: at('2026-12-01T00:00:00Z'),
      until: at('2026-12-08T00:00:00Z'),
    });
    await people.setDeputy(ids.priya, {
      deputyPersonId: ids.daniel,
      from: at('2027-01-04T00:00:00Z'),
      until: at('2027-01-06T00:00:00Z'),
    });
    const updated = await people.setDeputy(ids.priya, {
      deputyPersonId: ids.daniel,
      from: at('2026-12-03T00:00:00Z'),
      until: at('2026-12-10T00:00:00Z'),
    });
    expect(updated.deputies.map((d) => d.from.toISOString())).toEqual([
      '2026-12-03T00:00:00.000Z',
      '2027-01-04T00:00:00.000Z',
    ]);
    expect(await people.principalsDeputisedBy(ids.daniel, at('2026-12-02T00:00:00Z'))).toEqual([]);
  });

  test('concurrent deputy changes for one person are all kept', async () => {
    const days = Array.from({ length: 8 }, (_, i) => i + 1);
    await Promise.all(
      days.map((day) =>
        people.setDeputy(ids.priya, {
          deputyPersonId: ids.daniel,
          from: at(`2027-02-0${day}T09:00:00Z`),
          until: at(`2027-02-0${day}T17:00:00Z`),
        }),
      ),
    );
    expect((await people.findById(ids.priya))?.deputies).toHaveLength(8);
  });

  test.each([
    ['themselves', 'priya', '2026-12-01', '2026-12-02', 'DIRECTORY.INVALID_DEPUTY'],
    ['an empty period', 'daniel', '2026-12-02', '2026-12-02', 'DIRECTORY.INVALID_DEPUTY'],
    [
      'a person not in the directory',
      '0123456789abcdef01234567',
      '2026-12-01',
      '2026-12-02',
      'DIRECTORY.PERSON_NOT_FOUND',
    ],
  ])('naming %s as deputy is refused', async (_what, who, from, until, code) => {
    const deputyPersonId = who in ids ? ids[who as keyof typeof ids] : who;
    const attempt = people.setDeputy(ids.priya, { deputyPersonId, from: at(from), until: at(until) });
    await expect(attempt).rejects.toBeInstanceOf(DirectoryError);
    await expect(attempt).rejects.toMatchObject({ code });
  });
});
