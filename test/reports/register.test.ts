import { buildRegister, liveRows } from '../../src/reports/register.js';
import { registerCsv, registerLines } from '../../src/reports/register.export.js';
import { MongoReportCaseSource } from '../../src/store/mongo-report-case.source.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { seedCases, type Seeded } from './report-seed.js';

let db: TestDatabase;
let seeded: Seeded;
beforeAll(async () => {
  db = await openTestDatabase();
  seeded = await seedCases(db);
}, 120_000);
afterAll(() => db.close());

describe('the restriction register (§34)', () => {
  test('every live and past restriction with customer, type, start, end and next review, as counted by hand', async () => {
    const rows = await buildRegister(new MongoReportCaseSource(db.connection), new Date('2026-11-30T10:00:00Z'));
    expect(
      rows.map((r) => [
        r.caseNumber,
        r.customerName,
        r.accountRef,
        r.type,
        r.startDate,
        r.endDate,
        r.endedOn,
        r.nextReview,
        r.status,
      ]),
    ).toEqual([
      [
        seeded.cases.alex.number,
        'Alex Example',
        'ACC-10001',
        'refusal_of_all_contact',
        '2026-03-03',
        '2026-09-03',
        null,
        '2026-05-10',
        'live',
      ],
      [
        seeded.cases.alex.number,
        'Alex Example',
        'ACC-10001',
        'letter_only',
        '2026-02-16',
        '2026-08-16',
        null,
        null,
        'ended',
      ],
      [
        seeded.cases.alex.number,
        'Alex Example',
        'ACC-10001',
        'witness_required',
        '2026-02-16',
        '2026-08-16',
        null,
        null,
        'ended',
      ],
      [
        seeded.cases.eli.number,
        'Eli Fifth',
        'ACC-50005',
        'no_office_access',
        '2026-05-11',
        '2026-11-11',
        '2026-11-10',
        null,
        'ended',
      ],
    ]);
    expect(liveRows(rows)).toHaveLength(1);

    const csv = registerCsv(rows).split('\r\n');
    expect(csv[0]).toBe(
      'case_number,customer_name,account_ref,restriction_type,restriction,start_date,end_date,ended_on,next_review,status',
    );
    expect(csv[4]).toBe(
      `${seeded.cases.eli.number},Eli Fifth,ACC-50005,no_office_access,No access to our offices,2026-05-11,2026-11-11,2026-11-10,,ended`,
    );
    expect(registerLines(liveRows(rows))).toEqual([
      `${seeded.cases.alex.number}: Alex Example (ACC-10001): Refusal of all contact (§31), 2026-03-03 to 2026-09-03; next review 2026-05-10`,
    ]);
  });

  test('restrictions before their end date are live with the next review; the chat list holds the live ones only', async () => {
    const rows = await buildRegister(new MongoReportCaseSource(db.connection), new Date('2026-06-01T10:00:00Z'));
    expect(liveRows(rows).map((r) => [r.type, r.status, r.nextReview])).toEqual([
      ['letter_only', 'live', '2026-05-10'],
      ['witness_required', 'live', '2026-05-10'],
      ['refusal_of_all_contact', 'live', '2026-05-10'],
    ]);
    expect(rows.find((r) => r.type === 'no_office_access')).toMatchObject({ status: 'ended', endedOn: '2026-11-10' });
  });

  test('the case source narrows what it reads: cases changed since a date, cases ever restricted', async () => {
    const source = new MongoReportCaseSource(db.connection);
    const numbers = async (filter: Parameters<typeof source.eachCase>[0]) => {
      const out: string[] = [];
      for await (const kase of source.eachCase(filter)) out.push(kase.number);
      return out.sort();
    };
    const { alex, bea, cy, dee, eli } = seeded.cases;
    expect(await numbers({})).toEqual([alex, bea, cy, dee, eli].map((k) => k.number).sort());
    expect(await numbers({ updatedSince: '2026-01-01T00:00:00.000Z' })).toEqual(
      [alex, bea, cy, eli].map((k) => k.number).sort(),
    );
    expect(await numbers({ everRestricted: true })).toEqual([alex, eli].map((k) => k.number).sort());
    for await (const kase of source.eachCase()) expect(kase.reports).toBeUndefined();
  });
});
