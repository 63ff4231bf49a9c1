import { renderPdf } from '../documents/pdf-document.js';
import type { BoardReport, DurationStats } from './board-report.js';
import { toCsv } from './csv.js';

const CLOSURE_LABEL: Record<string, string> = {
  informal_resolution: 'Resolved informally',
  asb_referral: 'Referred to the ASB policy',
  behaviour_modified: 'Behaviour modified after a warning',
  restrictions_lifted: 'Restrictions lifted on review',
  restrictions_expired: 'Restrictions expired',
  appeal_quashed: 'Quashed on appeal',
};

const days = (v: number | null) => (v === null ? 'n/a' : `${v} days`);
const durationFacts = (d: DurationStats): [string, string][] => [
  ['Number', String(d.count)],
  ['Shortest', days(d.minDays)],
  ['Longest', days(d.maxDays)],
  ['Mean', days(d.meanDays)],
  ['Median', days(d.medianDays)],
];

export function boardReportPdf(report: BoardReport, organisation: string): Promise<Buffer> {
  return renderPdf(
    {
      title: `Limited Contact Policy: annual report to the Board, ${report.year}`,
      author: organisation,
      subject: 'Annual complaints review (§35)',
      createdAt: new Date(report.generatedAt),
    },
    (pdf) => {
      pdf.heading(`Limited Contact Policy: annual report to the Board, ${report.year}`);
      pdf.paragraph(
        `${organisation}. Prepared for the annual complaints review under paragraph 35 of the Limited Contact Policy: the number of times the policy was used and the rationales. Calendar year ${report.year} (1 January to 31 December, UK time); generated ${report.generatedAt.slice(0, 10)}. Customers are not named: rationales are shown with names, account and complaint references, e-mail addresses and telephone numbers removed.`,
        { subtle: true },
      );

      pdf.heading('How often the policy was used', 2);
      pdf.facts([
        ['Warning letters (§26)', String(report.uses.warnings)],
        ['Restrictions imposed (§27)', String(report.uses.restrictions)],
        ['Refusals of all contact (§31)', String(report.uses.refusals)],
        ['Customers the policy was used on', String(report.customersAffected)],
        ['Incident cases opened', String(report.casesOpened)],
      ]);
      pdf.barChart('Uses of the policy', [
        { label: 'Warnings', value: report.uses.warnings },
        { label: 'Restrictions', value: report.uses.restrictions },
        { label: 'Refusals of all contact', value: report.uses.refusals },
      ]);
      pdf.barChart(
        'Restrictions imposed, by type (§30)',
        report.restrictionTypes.map((t) => ({ label: t.label, value: t.count })),
      );

      pdf.heading('Durations', 2);
      pdf.paragraph('Planned duration of the restrictions imposed this year:', { bold: true });
      pdf.facts(durationFacts(report.plannedDurations));
      pdf.paragraph('Actual duration of restrictions that ended this year (lifted, expired or quashed):', {
        bold: true,
      });
      pdf.facts(durationFacts(report.actualDurations));

      pdf.heading('Quarterly reviews (§29)', 2);
      pdf.facts([
        ['Reviews held', String(report.reviews.held)],
        ['Held on time', String(report.reviews.onTime)],
        ['Held late', String(report.reviews.late)],
        ['Outcome: continued', String(report.reviews.continued)],
        ['Outcome: varied', String(report.reviews.varied)],
        ['Outcome: lifted', String(report.reviews.lifted)],
      ]);

      pdf.heading('Appeals and outcomes', 2);
      pdf.facts([
        ['Appeals received', String(report.appeals.received)],
        ['Appeals decided', String(report.appeals.decided)],
        ['Quashed', String(report.appeals.quash)],
        ['Varied', String(report.appeals.vary)],
        ['Upheld', String(report.appeals.uphold)],
        ['Received and not yet decided', String(report.appeals.pending)],
      ]);

      pdf.heading('Reasonable adjustments made (§20–23)', 2);
      pdf.paragraph(
        `Adjustments were made for ${report.adjustments.casesWithAdjustments} customer(s) before a warning.`,
      );
      if (report.adjustments.made.length > 0) pdf.bullets(report.adjustments.made);

      pdf.heading('Cases closed, by outcome', 2);
      pdf.table(
        ['Outcome', 'Cases'],
        Object.entries(report.closures).map(([reason, n]) => [CLOSURE_LABEL[reason] ?? reason, String(n)]),
        [3, 1],
      );

      pdf.heading('Rationales (§35)', 2);
      if (report.rationales.length === 0) pdf.paragraph('The policy was not used this year.');
      else
        pdf.table(
          ['Use', 'Decision', 'Date', 'Rationale (customer details removed)'],
          report.rationales.map((r) => [r.label, r.kind, r.date, r.text]),
          [1, 1.4, 1.2, 5],
        );
      if (report.rationalesOmitted > 0)
        pdf.paragraph(`${report.rationalesOmitted} further rationales are not shown here.`, { subtle: true });
    },
  );
}

export const BOARD_CSV_HEADER = ['section', 'measure', 'value'] as const;

export function boardReportCsv(report: BoardReport): string {
  const rows: (string | number | null)[][] = [
    ['report', 'year', report.year],
    ['report', 'generated_at', report.generatedAt],
    ['uses', 'warnings', report.uses.warnings],
    ['uses', 'restrictions', report.uses.restrictions],
    ['uses', 'refusals_of_all_contact', report.uses.refusals],
    ['uses', 'customers_affected', report.customersAffected],
    ['uses', 'cases_opened', report.casesOpened],
    ...report.restrictionTypes.map((t) => ['restriction_types', t.type, t.count]),
    ...(['count', 'minDays', 'maxDays', 'meanDays', 'medianDays'] as const).map((k) => [
      'planned_duration_days',
      k,
      report.plannedDurations[k],
    ]),
    ...(['count', 'minDays', 'maxDays', 'meanDays', 'medianDays'] as const).map((k) => [
      'actual_duration_days',
      k,
      report.actualDurations[k],
    ]),
    ...Object.entries(report.reviews).map(([k, v]) => ['reviews', k, v]),
    ...Object.entries(report.appeals).map(([k, v]) => ['appeals', k, v]),
    ['adjustments', 'cases_with_adjustments', report.adjustments.casesWithAdjustments],
    ...report.adjustments.made.map((m) => ['adjustments', 'made', m]),
    ...Object.entries(report.closures).map(([k, v]) => ['closures', k, v]),
    ...report.rationales.map((r) => ['rationale', `${r.label} ${r.kind} ${r.date}`, r.text]),
    ['rationale', 'omitted', report.rationalesOmitted],
  ];
  return toCsv(BOARD_CSV_HEADER, rows);
}
