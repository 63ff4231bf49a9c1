import { stringify } from 'csv-stringify/sync';

// Every CSV export goes through here: a header row, RFC 4180 quoting, and cells that a spreadsheet
// would run as a formula (=, +, -, @ first) prefixed with an apostrophe, since rationales and names
// are typed by people (OWASP "CSV injection").
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return stringify([header as string[], ...rows.map((r) => r.map(cell))], { record_delimiter: '\r\n' });
}

function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
