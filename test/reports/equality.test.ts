import { computeEquality, publishedText, suppress } from '../../src/reports/equality.js';
import { buildEqualityReport } from '../../src/reports/equality.js';
import { equalityReportCsv, equalityReportPdf } from '../../src/reports/equality.export.js';
import { importBase, importCustomers } from '../../src/reports/equality-import.js';
import { MongoEqualityStore } from '../../src/store/mongo-equality.store.js';
import { MongoReportCaseSource } from '../../src/store/mongo-report-case.source.js';
import { customerModel } from '../../src/store/customer.model.js';
import { pdfText } from '../support/documents/pdf-text.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { seedCases } from './report-seed.js';

const text = (cells: ReturnType<typeof suppress>['cells']) => cells.map(publishedText);

describe('suppression of small numbers', () => {
  test('counts under 5 are "<5"; one hidden count is protected by hiding the next smallest, so the total cannot reveal it', () => {
    expect(text(suppress([15, 11, 3], 29).cells)).toEqual(['15', '[c]', '<5']);
    expect(text(suppress([20, 2, 2, 30], 54).cells)).toEqual(['[c]', '<5', '<5', '30']);
    expect(text(suppress([20, 3, 2, 30], 55).cells)).toEqual(['20', '<5', '<5', '30']);
    expect(text(suppress([10, 12], 22).cells)).toEqual(['10', '12']);
    const tiny = suppress([2, 1], 3);
    expect([...text(tiny.cells), publishedText(tiny.total)]).toEqual(['<5', '<5', '<5']);
  });

  test('no hidden count can be worked out from the total and the shown counts', () => {
    for (const values of [
      [15, 11, 3],
      [40, 4, 0, 9],
      [6, 6, 4],
      [100, 1],
      [5, 5, 5, 4],
    ]) {
      const total = values.reduce((a, b) => a + b, 0);
      const { cells } = suppress(values, total);
      const hidden = cells.filter((c) => !c.shown);
      if (hidden.length === 0) continue;
      // Either two or more are hidden and together they are at least 5, or nothing is shown at all.
      expect(hidden.length).toBeGreaterThanOrEqual(2);
      expect(hidden.reduce((s, c) => s + c.value, 0)).toBeGreaterThanOrEqual(5);
    }
  });
});

describe('disproportion', () => {
  const base = [
    { characteristic: 'disability', group: 'yes', count: 200 },
    { characteristic: 'disability', group: 'no', count: 700 },
    { characteristic: 'disability', group: 'not recorded', count: 100 },
  ];
  const applied = [
    ...Array(15).fill({ disability: 'yes' }),
    ...Array(11).fill({ disability: 'no' }),
    ...Array(3).fill({}),
  ];
  const report = computeEquality({
    from: '2026-01-01',
    to: '2026-06-30',
    now: new Date('2026-07-01T09:00:00Z'),
    base,
    baseImportedAt: '2026-06-30T10:00:00Z',
    applied,
  });
  const disability = report.sections.find((s) => s.characteristic === 'disability')!;

  test('a group at 1.25 times the whole base rate or more is flagged, only where its counts are shown', () => {
    // Whole base: 29 / 1000. "yes": 15 / 200 = 75 per 1,000, ratio 75 / 29 = 2.59.
    expect(
      disability.rows.map((r) => [
        r.group,
        publishedText(r.base),
        publishedText(r.applied),
        r.ratePer1000,
        r.rateRatio,
        r.disproportionate,
      ]),
    ).toEqual([
      ['no', '700', '[c]', null, null, false],
      ['yes', '200', '15', 75, 2.59, true],
      ['not recorded', '100', '<5', null, null, false],
    ]);
    expect([publishedText(disability.appliedTotal), disability.ratePer1000]).toEqual(['29', 29]);
    // Groups nobody recorded: every one of the 29 is "not recorded" for age, shown only as a total.
    const age = report.sections.find((s) => s.characteristic === 'age_band')!;
    expect(age.rows.map((r) => [r.group, publishedText(r.applied)])).toEqual([['not recorded', '29']]);
  });

  test('PDF and CSV say the rules, the flag and the hidden counts', async () => {
    const { text: pdf } = await pdfText(await equalityReportPdf(report, 'Example Housing'));
    for (const required of [
      'Limited Contact Policy: equality monitoring',
      'Period 2026-01-01 to 2026-06-30',
      'Counts under 5 are shown as "<5"',
      '1.25 times',
      'Disproportionate: Disability: yes (rate ratio 2.59)',
      'Age band',
      'Disability',
      'Sex / gender',
      'Race / ethnicity',
      'Religion / faith / belief',
      'Sexual orientation',
      'DISPROPORTIONATE',
      '[c]',
      '<5',
    ]) {
      expect(pdf).toContain(required);
    }
    const csv = equalityReportCsv(report).split('\r\n');
    expect(csv[0]).toBe('characteristic,group,customer_base,policy_applied,rate_per_1000,rate_ratio,disproportionate');
    expect(csv).toEqual(
      expect.arrayContaining([
        'disability,yes,200,15,75,2.59,yes',
        'disability,no,700,[c],,,no',
        'disability,not recorded,100,<5,,,no',
        'disability,all customers,1000,29,29,1,no',
      ]),
    );
  });
});

describe('equality monitoring on the real database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
    await seedCases(db);
  }, 120_000);
  afterAll(() => db.close());

  test('imports the base and customers (bad rows by line), puts characteristics on the customer record, suppresses the 3 customers of 2026', async () => {
    const store = new MongoEqualityStore(db.connection);
    const base = await importBase(
      store,
      'characteristic,group,count\ndisability,Yes,120\ndisability,No,880\nshoe_size,9,3\ndisability,yes,5\nsex_gender,female,600\nsex_gender,male,400\n',
      'base.csv',
      new Date('2026-11-30T10:00:00Z'),
    );
    expect(base.imported).toBe(4);
    expect(base.problems).toEqual([
      expect.stringMatching(/^line 4: characteristic: expected one of age_band/),
      'line 5: disability group "yes" appears twice; the first is kept',
    ]);
    const people = await importCustomers(
      store,
      'account_ref,age_band,disability,sex_gender,race_ethnicity,religion_belief,sexual_orientation\nACC-10001,25-49,Yes,male,,,\nacc-20002,50+,no,female,,,\nACC-99999,16-24,no,female,,,\n,16-24,,,,,\n',
      new Date('2026-11-30T10:00:00Z'),
    );
    expect(people).toEqual({
      imported: 3,
      created: 1,
      updated: 2,
      problems: ['line 5: account_ref: expected an account reference'],
    });
    const alex = await customerModel(db.connection).findById('ACC-10001').lean();
    expect(alex).toMatchObject({
      name: 'Alex Example',
      equality: { characteristics: { age_band: '25-49', disability: 'yes', sex_gender: 'male' } },
    });

    const report = await buildEqualityReport(
      new MongoReportCaseSource(db.connection),
      store,
      { from: '2026-01-01', to: '2026-12-31' },
      new Date('2026-12-01T09:00:00Z'),
    );
    expect(report.customersApplied).toEqual({ value: 3, shown: false, mark: '<5' });
    const disability = report.sections.find((s) => s.characteristic === 'disability')!;
    // Alex yes, Bea no, Eli not recorded: each under 5, so none is shown and nothing is flagged.
    expect(
      disability.rows.map((r) => [
        r.group,
        r.applied.value,
        publishedText(r.applied),
        publishedText(r.base),
        r.disproportionate,
      ]),
    ).toEqual([
      ['no', 1, '<5', '880', false],
      ['yes', 1, '<5', '[c]', false],
      // No "not recorded" row in the base: its 0 is hidden, and so is the smallest base count beside it.
      ['not recorded', 1, '<5', '<5', false],
    ]);
    expect(publishedText(disability.appliedTotal)).toBe('<5');
    const { text: pdf } = await pdfText(await equalityReportPdf(report, 'Example Housing'));
    expect(pdf).not.toMatch(/Alex|ACC-/);
  });
});
