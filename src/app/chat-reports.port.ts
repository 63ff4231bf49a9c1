import type { Actor } from '../cases/index.js';

// What Slack and Teams may ask of the records and reports (implemented in src/reports): the live
// register and links to the board report. Declared here so that the use cases and channels depend
// on src/reports only through this port.

export type RegisterStatus = 'live' | 'upcoming' | 'ended';

export interface RegisterRow {
  caseNumber: string;
  customerName: string;
  accountRef: string;
  type: string;
  typeLabel: string;
  startDate: string;
  /** The planned end date; null for a refusal of all contact recorded before refusals had a duration. */
  endDate: string | null;
  /** When it actually stopped, if earlier than planned or replaced (lifted, varied, quashed). */
  endedOn: string | null;
  nextReview: string | null;
  status: RegisterStatus;
}

export type ChatReportAnswer<T> =
  { ok: true; value: T } | { ok: false; code: 'REPORT.NOT_ALLOWED' | 'REPORT.BAD_YEAR'; message: string };

export interface ChatReports {
  liveRegister(actor: Actor): Promise<ChatReportAnswer<RegisterRow[]>>;
  boardReportLinks(
    actor: Actor,
    yearText: string,
  ): ChatReportAnswer<{ year: number; pdf: string; csv: string; expiresAt: Date }>;
}
