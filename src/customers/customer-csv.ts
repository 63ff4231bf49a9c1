import { parse } from 'csv-parse/sync';

/** A row as form values, field id -> text (the shape of src/app's FormValues, which the customer form's parser reads). */
type FormValues = Record<string, string | string[] | undefined>;

// `lcp customers import FILE`: customer records in bulk, one row per customer, in the columns of
// the chat form. A cell holding several lines or items separates them with "|". Rows are
// numbered as the file is (header = line 1), so every problem names its line and its column.

export const CUSTOMER_CSV_HEADER = [
  'account_ref',
  'name',
  'vulnerabilities',
  'adjustments',
  'format_needs',
  'other_format_needs',
  'advocate_name',
  'advocate_kind',
  'advocate_address',
  'advocate_email',
  'advocate_phone',
  'preferred_channel',
  'postal_address',
  'email',
  'email_ok',
] as const;

/** Cells whose "|" separates lines of a multi-line field. */
const LINES = new Set(['vulnerabilities', 'adjustments', 'advocate_address', 'postal_address']);

export interface CustomerCsvRow {
  line: number;
  accountRef: string;
  name: string;
  values: FormValues;
}

export function parseCustomerCsv(text: string): { rows: CustomerCsvRow[]; problems: string[] } {
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, bom: true, relax_column_count: true }) as string[][];
  } catch (error) {
    return { rows: [], problems: [`the file is not valid CSV: ${(error as Error).message}`] };
  }
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const missing = CUSTOMER_CSV_HEADER.filter((h) => h === 'account_ref' || h === 'email_ok').filter(
    (h) => !header.includes(h),
  );
  const unknown = header.filter((h) => !(CUSTOMER_CSV_HEADER as readonly string[]).includes(h));
  if (missing.length || unknown.length) {
    return {
      rows: [],
      problems: [
        `line 1: the header ${missing.length ? `lacks ${missing.join(', ')}` : ''}${missing.length && unknown.length ? ' and ' : ''}${unknown.length ? `has unknown columns ${unknown.join(', ')}` : ''}; expected ${CUSTOMER_CSV_HEADER.join(',')}`,
      ],
    };
  }
  const rows: CustomerCsvRow[] = [];
  const problems: string[] = [];
  records.slice(1).forEach((cells, i) => {
    const line = i + 2;
    if (cells.length > header.length)
      return void problems.push(
        `line ${line}: ${cells.length} cells for ${header.length} columns (a cell with a comma needs quotes)`,
      );
    const cell = (column: string) => (cells[header.indexOf(column)] ?? '').trim();
    const values: FormValues = {};
    for (const column of header) {
      const raw = cell(column);
      if (!raw) continue;
      values[column] =
        column === 'format_needs'
          ? raw
              .split('|')
              .map((s) => s.trim())
              .filter(Boolean)
          : LINES.has(column)
            ? raw
                .split('|')
                .map((s) => s.trim())
                .join('\n')
            : column === 'email_ok'
              ? raw.toLowerCase()
              : raw;
    }
    const okWords = ['yes', 'no'];
    if (!okWords.includes(String(values.email_ok ?? '')))
      return void problems.push(`line ${line}: email_ok: expected yes or no`);
    rows.push({ line, accountRef: cell('account_ref'), name: cell('name'), values });
  });
  return { rows, problems };
}
