import { renderPdf } from '../documents/pdf-document.js';
import { toCsv } from './csv.js';
import { DISPROPORTION_RATIO, publishedText, SUPPRESS_BELOW, type EqualityReport } from './equality.js';

const RULES = [
  `Counts under ${SUPPRESS_BELOW} are shown as "<5". Where that alone would let a hidden count be worked out from the total, the next smallest counts are also hidden, shown as "[c]".`,
  `A group is flagged as disproportionate when its rate of application is at least ${DISPROPORTION_RATIO} times the rate across the whole customer base for that characteristic; only groups whose counts are both shown can be flagged.`,
  'A customer counts once if they were sent a warning, restriction or refusal-of-all-contact letter in the period. "not recorded" is the group of customers whose characteristic is not on their record.',
];

export function equalityReportPdf(report: EqualityReport, organisation: string): Promise<Buffer> {
  return renderPdf(
    {
      title: `Limited Contact Policy: equality monitoring ${report.from} to ${report.to}`,
      author: organisation,
      subject: 'Equality impact assessment monitoring',
      createdAt: new Date(report.generatedAt),
    },
    (pdf) => {
      pdf.heading('Limited Contact Policy: equality monitoring');
      pdf.paragraph(
        `${organisation}. Period ${report.from} to ${report.to}. Customers the policy was applied to: ${publishedText(report.customersApplied)}. Customer base imported ${report.baseImportedAt?.slice(0, 10) ?? 'never (no base imported)'}.`,
      );
      pdf.bullets(RULES);
      const flagged = report.sections.flatMap((s) =>
        s.rows.filter((r) => r.disproportionate).map((r) => `${s.label}: ${r.group} (rate ratio ${r.rateRatio})`),
      );
      pdf.paragraph(
        flagged.length ? `Disproportionate: ${flagged.join('; ')}.` : 'No group is flagged as disproportionate.',
        { bold: true },
      );
      pdf.barChart(
        'Customers the policy was applied to, by disability (hidden counts shown as 0)',
        (report.sections.find((s) => s.characteristic === 'disability')?.rows ?? []).map((r) => ({
          label: r.group,
          value: r.applied.shown ? r.applied.value : 0,
        })),
      );
      for (const section of report.sections) {
        pdf.heading(section.label, 2);
        pdf.table(
          ['Group', 'Customer base', 'Policy applied', 'Per 1,000', 'Rate ratio', 'Flag'],
          [
            ...section.rows.map((r) => [
              r.group,
              publishedText(r.base),
              publishedText(r.applied),
              r.ratePer1000?.toString() ?? '-',
              r.rateRatio?.toString() ?? '-',
              r.disproportionate ? 'DISPROPORTIONATE' : '',
            ]),
            [
              'All customers',
              publishedText(section.baseTotal),
              publishedText(section.appliedTotal),
              section.ratePer1000?.toString() ?? '-',
              '1',
              '',
            ],
          ],
          [2.4, 1.3, 1.3, 1, 1, 1.8],
        );
      }
    },
  );
}

export const EQUALITY_CSV_HEADER = [
  'characteristic',
  'group',
  'customer_base',
  'policy_applied',
  'rate_per_1000',
  'rate_ratio',
  'disproportionate',
] as const;

export function equalityReportCsv(report: EqualityReport): string {
  return toCsv(
    EQUALITY_CSV_HEADER,
    report.sections.flatMap((s) => [
      ...s.rows.map((r) => [
        s.characteristic,
        r.group,
        publishedText(r.base),
        publishedText(r.applied),
        r.ratePer1000,
        r.rateRatio,
        r.disproportionate ? 'yes' : 'no',
      ]),
      [
        s.characteristic,
        'all customers',
        publishedText(s.baseTotal),
        publishedText(s.appliedTotal),
        s.ratePer1000,
        1,
        'no',
      ],
    ]),
  );
}
