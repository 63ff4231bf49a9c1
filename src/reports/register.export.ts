import { toCsv } from './csv.js';
import type { RegisterRow } from './register.js';

export const REGISTER_CSV_HEADER = [
  'case_number',
  'customer_name',
  'account_ref',
  'restriction_type',
  'restriction',
  'start_date',
  'end_date',
  'ended_on',
  'next_review',
  'status',
] as const;

export function registerCsv(rows: readonly RegisterRow[]): string {
  return toCsv(
    REGISTER_CSV_HEADER,
    rows.map((r) => [
      r.caseNumber,
      r.customerName,
      r.accountRef,
      r.type,
      r.typeLabel,
      r.startDate,
      r.endDate,
      r.endedOn,
      r.nextReview,
      r.status,
    ]),
  );
}

/** The live register as plain lines for chat (each channel escapes it for its own markup). */
export function registerLines(rows: readonly RegisterRow[]): string[] {
  return rows.map(
    (r) =>
      `${r.caseNumber}: ${r.customerName} (${r.accountRef}): ${r.typeLabel}, ${r.startDate} to ${r.endDate ?? 'until reviewed'}${r.status === 'upcoming' ? ' (starts later)' : ''}; next review ${r.nextReview ?? 'not set'}`,
  );
}
