import type { Actor } from '../cases/index.js';
import { buildRegister, liveRows, type RegisterRow } from './register.js';
import type { ReportCaseSource } from './ports.js';
import { mayReadReports, REPORT_NOT_ALLOWED } from './report-access.js';
import type { ReportLinks } from './report-links.js';
import type { ChatReportAnswer, ChatReports } from '../app/chat-reports.port.js';

export type { ChatReportAnswer, ChatReports };

// What Slack and Teams ask of the records and reports: the live register (shown only in a direct
// message, since it names customers) and links to the board report. One implementation, so both
// channels give the same answers and the same refusals.

export class ReportsForChat implements ChatReports {
  constructor(private readonly deps: { source: ReportCaseSource; links: ReportLinks; clock: () => Date }) {}

  async liveRegister(actor: Actor): Promise<ChatReportAnswer<RegisterRow[]>> {
    if (!mayReadReports(actor)) return { ok: false, code: 'REPORT.NOT_ALLOWED', message: REPORT_NOT_ALLOWED };
    return { ok: true, value: liveRows(await buildRegister(this.deps.source, this.deps.clock())) };
  }

  boardReportLinks(
    actor: Actor,
    yearText: string,
  ): ChatReportAnswer<{ year: number; pdf: string; csv: string; expiresAt: Date }> {
    if (!mayReadReports(actor)) return { ok: false, code: 'REPORT.NOT_ALLOWED', message: REPORT_NOT_ALLOWED };
    const thisYear = this.deps.clock().getUTCFullYear();
    const year = /^\d{4}$/.test(yearText.trim()) ? Number(yearText.trim()) : thisYear;
    if (yearText.trim() && (!/^\d{4}$/.test(yearText.trim()) || year < 2000 || year > thisYear)) {
      return {
        ok: false,
        code: 'REPORT.BAD_YEAR',
        message: `Give a year from 2000 to ${thisYear}, e.g. "report board ${thisYear}".`,
      };
    }
    const pdf = this.deps.links.url({ report: 'board', year, format: 'pdf', personId: actor.personId });
    const csv = this.deps.links.url({ report: 'board', year, format: 'csv', personId: actor.personId });
    return { ok: true, value: { year, pdf: pdf.url, csv: csv.url, expiresAt: pdf.expiresAt } };
  }
}

export const boardReportText = (v: { year: number; pdf: string; csv: string; expiresAt: Date }): string =>
  // Each link on its own line with nothing after it, so no chat client takes punctuation into the URL.
  `Board report ${v.year} (customers anonymised). The links are for you only and work until ${v.expiresAt.toISOString().slice(11, 16)} UTC.\nPDF: ${v.pdf}\nCSV: ${v.csv}`;
