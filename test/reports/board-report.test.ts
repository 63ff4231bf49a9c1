import { anonymise } from '../../src/reports/anonymise.js';
import { buildBoardReport, type BoardReport } from '../../src/reports/board-report.js';
import { boardReportCsv, boardReportPdf } from '../../src/reports/board-report.export.js';
import { MongoReportCaseSource } from '../../src/store/mongo-report-case.source.js';
import { pdfText } from '../support/documents/pdf-text.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { seedCases } from './report-seed.js';

let db: TestDatabase;
let report: BoardReport;
beforeAll(async () => {
  db = await openTestDatabase();
  await seedCases(db);
  report = await buildBoardReport(new MongoReportCaseSource(db.connection), 2026, new Date('2026-12-01T09:00:00Z'));
}, 120_000);
afterAll(() => db.close());

describe('the annual board report (§35), from cases driven through the workflow', () => {
  test('figures for 2026 match the hand count (2025 warning left out)', () => {
    expect(report.uses).toEqual({ warnings: 3, restrictions: 2, refusals: 1 });
    expect(report.customersAffected).toBe(3);
    expect(report.casesOpened).toBe(4);
    expect(report.restrictionTypes.filter((t) => t.count > 0).map((t) => [t.type, t.count])).toEqual([
      ['letter_only', 1],
      ['no_office_access', 1],
      ['witness_required', 1],
    ]);
    expect(report.plannedDurations).toEqual({
      count: 2,
      minDays: 181,
      maxDays: 184,
      meanDays: 182.5,
      medianDays: 182.5,
    });
    expect(report.actualDurations).toEqual({ count: 1, minDays: 183, maxDays: 183, meanDays: 183, medianDays: 183 });
    expect(report.reviews).toEqual({ held: 2, onTime: 1, late: 1, continued: 1, varied: 0, lifted: 1 });
    expect(report.appeals).toEqual({ received: 1, decided: 1, quash: 1, vary: 0, uphold: 0, pending: 0 });
    expect(report.adjustments).toEqual({
      casesWithAdjustments: 1,
      made: ['Letters in large print for [customer]', 'Calls through her support worker'],
    });
    expect(report.closures).toMatchObject({
      informal_resolution: 1,
      appeal_quashed: 1,
      restrictions_lifted: 1,
      restrictions_expired: 0,
    });
  });

  test('rationales are the approvals of the year, labelled by use, with the customer scrubbed out', () => {
    expect(report.rationales.map((r) => [r.label, r.kind, r.date, r.text])).toEqual([
      ['Use 1', 'Warning', '2026-02-05', '[customer] ([account]) swore at three advisers; call [phone].'],
      ['Use 1', 'Restrictions', '2026-02-10', 'Mr [customer] kept calling after the warning.'],
      ['Use 1', 'Refusal of all contact', '2026-03-03', 'Restrictions were not adhered to.'],
      ['Use 2', 'Warning', '2026-03-05', 'Proportionate: the abuse continued.'],
      ['Use 3', 'Warning', '2026-04-30', 'Proportionate: the abuse continued.'],
      ['Use 3', 'Restrictions', '2026-05-05', 'Visits to the office continued after the warning.'],
    ]);
    expect(report.rationalesOmitted).toBe(0);
  });

  test('the PDF holds every required element and no customer name or account reference', async () => {
    const { text } = await pdfText(await boardReportPdf(report, 'Example Housing'));
    for (const required of [
      'Limited Contact Policy: annual report to the Board, 2026',
      'Warning letters (§26): 3',
      'Restrictions imposed (§27): 2',
      'Refusals of all contact (§31): 1',
      'Uses of the policy',
      'Restrictions imposed, by type (§30)',
      'Durations',
      'Median: 182.5 days',
      'Reviews held: 2',
      'Held on time: 1',
      'Held late: 1',
      'Appeals received: 1',
      'Quashed: 1',
      'Reasonable adjustments made',
      'Letters in large print for [customer]',
      'Rationales (§35)',
      'Mr [customer] kept calling after the warning.',
    ])
      expect(text).toContain(required);
    expect(text).not.toMatch(/Alex|Example \(|ACC-|Bea|Eli|07700|LCP-2026/);
  });

  test('the CSV carries the same figures and rationales, one measure a row', () => {
    const lines = boardReportCsv(report).split('\r\n');
    expect(lines[0]).toBe('section,measure,value');
    expect(lines).toEqual(
      expect.arrayContaining([
        'uses,warnings,3',
        'uses,restrictions,2',
        'uses,refusals_of_all_contact,1',
        'reviews,onTime,1',
        'appeals,quash,1',
        'planned_duration_days,medianDays,182.5',
        'rationale,Use 1 Restrictions 2026-02-10,Mr [customer] kept calling after the warning.',
      ]),
    );
    expect(lines.join('\n')).not.toMatch(/Alex|ACC-|Bea |Eli/);
  });
});

describe('anonymise', () => {
  test('removes the name, its parts, the account and other references, e-mail and phone; leaves other words alone', () => {
    expect(
      anonymise(
        "Pat O'Neill-Smith (acc-100234, CMP-2025-0412) wrote from pat@example.org and 0161 496 0000; Patrick is a colleague.",
        { name: "Pat O'Neill-Smith", accountRef: 'ACC-100234' },
      ),
    ).toBe('[customer] ([account], [reference]) wrote from [e-mail] and [phone]; Patrick is a colleague.');
  });
});
