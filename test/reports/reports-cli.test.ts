import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { caseModel } from '../../src/store/case.model.js';
import { pdfText } from '../support/documents/pdf-text.js';
import { runLcp } from '../support/run-lcp.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { seedCases, type Seeded } from './report-seed.js';

let db: TestDatabase;
let seeded: Seeded;
let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  db = await openTestDatabase();
  seeded = await seedCases(db);
  dir = await mkdtemp(path.join(tmpdir(), 'lcp-reports-'));
  env = { MONGODB_URI: db.uri, LCP_CLOCK: '2026-12-01T02:00:00Z', LCP_ORG_NAME: 'Example Housing' };
}, 120_000);
afterAll(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

describe('lcp records and reports commands (child process)', () => {
  test('report board --year 2026 --out writes a PDF and a CSV with the hand-counted figures', async () => {
    const out = path.join(dir, 'board');
    const run = await runLcp(['report', 'board', '--year', '2026', '--out', out], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Board report 2026: 3 warnings, 2 restrictions, 1 refusals of all contact; 2 reviews (1 on time); 1 appeals',
    );
    expect((await readdir(out)).sort()).toEqual(['board-report-2026.csv', 'board-report-2026.pdf']);
    const { text } = await pdfText(await readFile(path.join(out, 'board-report-2026.pdf')));
    expect(text).toContain('Example Housing');
    expect(text).toContain('Warning letters (§26): 3');
    expect(await readFile(path.join(out, 'board-report-2026.csv'), 'utf8')).toContain('uses,refusals_of_all_contact,1');

    const bad = await runLcp(['report', 'board', '--year', '20x6'], env);
    expect(bad).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'lcp: --year expects a year such as 2026 (got "20x6")\n',
    });
  });

  test('register prints every restriction as CSV; --live only those in force', async () => {
    const all = await runLcp(['register'], env);
    expect(all.code).toBe(0);
    expect(all.stdout.trimEnd().split('\r\n')).toHaveLength(5);
    const live = await runLcp(['register', '--live'], env);
    expect(live.stdout.trimEnd().split('\r\n')).toEqual([
      'case_number,customer_name,account_ref,restriction_type,restriction,start_date,end_date,ended_on,next_review,status',
      `${seeded.cases.alex.number},Alex Example,ACC-10001,refusal_of_all_contact,Refusal of all contact (§31),2026-03-03,2026-09-03,,2026-05-10,live`,
    ]);
  });

  test('equality import-base, import-customers and report equality', async () => {
    const base = path.join(dir, 'base.csv');
    await writeFile(base, 'characteristic,group,count\ndisability,yes,120\ndisability,no,880\nshoe_size,9,1\n');
    const imported = await runLcp(['equality', 'import-base', base], env);
    expect(imported).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(
        `Imported ${base}: 2 groups; 1 bad rows:\nline 4: characteristic: expected one of age_band`,
      ),
    });
    const people = path.join(dir, 'customers.csv');
    await writeFile(people, 'account_ref,disability\nACC-10001,yes\nACC-20002,no\n');
    expect((await runLcp(['equality', 'import-customers', people], env)).stdout).toBe(
      `Imported ${people}: 0 new customers, 2 updated; no bad rows\n`,
    );
    const out = path.join(dir, 'equality');
    const report = await runLcp(
      ['report', 'equality', '--from', '2026-01-01', '--to', '2026-12-31', '--out', out],
      env,
    );
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('Equality monitoring 2026-01-01 to 2026-12-31: <5 customers; no group flagged');
    const csv = await readFile(path.join(out, 'equality-2026-01-01-to-2026-12-31.csv'), 'utf8');
    expect(csv).toContain('disability,yes,[c],<5,,,no');
    const { text } = await pdfText(await readFile(path.join(out, 'equality-2026-01-01-to-2026-12-31.pdf')));
    expect(text).toContain('Customers the policy was applied to: <5');
    expect((await runLcp(['report', 'equality', '--from', '2026-13-01', '--to', '2026-12-31'], env)).stderr).toBe(
      'lcp: --from expects a date as YYYY-MM-DD (got "2026-13-01")\n',
    );
  });

  test('evidence writes the PDF and JSON and records the operator as a viewer', async () => {
    const out = path.join(dir, 'evidence');
    const run = await runLcp(['evidence', seeded.cases.alex.number, '--out', out, '--operator', 'Olive Liaison'], env);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(
      `Evidence pack ${seeded.cases.alex.number}: 10 events (audit trail verified), 3 letters, 0 reviews, 0 reminders sent, 1 views`,
    );
    const json = JSON.parse(await readFile(path.join(out, `${seeded.cases.alex.number}-evidence.json`), 'utf8'));
    expect(json.views).toEqual([
      {
        personId: 'cli:Olive Liaison',
        name: 'Olive Liaison',
        via: 'cli: lcp evidence',
        at: '2026-12-01T02:00:00.000Z',
      },
    ]);
    const { text } = await pdfText(await readFile(path.join(out, `${seeded.cases.alex.number}-evidence.pdf`)));
    expect(text).toContain('Olive Liaison');
    expect((await runLcp(['evidence', 'LCP-2026-9999', '--out', out], env)).stderr).toBe(
      'lcp: no case LCP-2026-9999\n',
    );
  });

  test('legal-hold set, then retention purge --dry-run and purge keep the held case and purge the other', async () => {
    const { cy, bea } = seeded.cases;
    const retentionEnv = { ...env, LCP_RETENTION_DAYS: '230' };
    expect(
      (await runLcp(['legal-hold', 'set', cy.number, '--reason', 'County court claim', '--operator', 'Jo Admin'], env))
        .stdout,
    ).toBe(`Legal hold set on ${cy.number}: it will not be purged until the hold is cleared.\n`);
    expect((await runLcp(['legal-hold', 'clear', bea.number, '--reason', 'x'], env)).stderr).toBe(
      `lcp: case ${bea.number} is not under legal hold (LEGAL_HOLD.NOT_HELD)\n`,
    );

    const dry = await runLcp(['retention', 'purge', '--dry-run'], retentionEnv);
    expect(dry.stdout).toBe(
      [
        'Retention 230 days: cases closed before 2026-04-15 are due.',
        `would purge ${bea.number}, closed 2026-04-08`,
        `kept ${cy.number}, closed 2026-04-02: legal hold since 2026-12-01 (County court claim)`,
        '1 would be purged, 1 under legal hold.',
        '',
      ].join('\n'),
    );
    expect(await caseModel(db.connection).countDocuments()).toBe(5);
    const purge = await runLcp(['retention', 'purge'], retentionEnv);
    expect(purge.stdout).toMatch(
      new RegExp(`^purged ${bea.number}, closed 2026-04-08 \\(1 case, 1 customer record, \\d+ events\\)$`, 'm'),
    );
    expect(await caseModel(db.connection).countDocuments()).toBe(4);
    expect(await caseModel(db.connection).countDocuments({ number: cy.number })).toBe(1);
  });
});
