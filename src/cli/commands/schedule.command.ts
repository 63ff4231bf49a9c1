// `lcp schedule [--case NUMBER]`: upcoming and overdue reminders with their due dates, computed by
// the same plan the scheduler's sweeps use, and what has been sent (case_reminders).
import type { Command } from 'commander';
import { ConfigError, loadSettings } from '../../config.js';
import { mongoSchedulingDeps } from '../../store/mongo-scheduling.js';
import { scheduleListing, type ListingRow } from '../../scheduling/schedule-listing.js';
import { schedulingSettingsSchema } from '../../scheduling/scheduling-settings.js';
import { closeDatabase, openDatabase } from '../../store/connection.js';
import { mongoCaseServices } from '../../store/mongo-case-services.js';

class CliError extends Error {}

export function registerSchedule(program: Command): void {
  program
    .command('schedule')
    .description(
      'list upcoming and overdue reminders (reviews, decision deadlines, expiries, follow-ups) with their due dates',
    )
    .option('--case <number>', 'only this case, with the reminders already sent')
    .action(async (options: { case?: string }) => {
      try {
        await runSchedule(options.case);
      } catch (error) {
        const message = error instanceof CliError ? error.message : `unexpected error: ${(error as Error).message}`;
        process.stderr.write(`lcp: ${message}\n`);
        process.exitCode = 1;
      }
    });
}

async function runSchedule(caseNumber: string | undefined, now: Date = new Date()): Promise<void> {
  let uri: string | undefined;
  try {
    uri = loadSettings().MONGODB_URI;
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.problems.join('; '));
    throw error;
  }
  if (!uri)
    throw new CliError('MONGODB_URI is not set; it must point at the database, e.g. mongodb://localhost:27017/lcp');
  const parsed = schedulingSettingsSchema.safeParse(process.env);
  if (!parsed.success)
    throw new CliError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));

  let connection;
  try {
    connection = await openDatabase(uri, { serverSelectionTimeoutMS: 5_000 });
  } catch (error) {
    throw new CliError(`cannot connect to the database: ${(error as Error).message}`);
  }
  try {
    const services = mongoCaseServices(connection, { caseChanged: async () => {} });
    const deps = mongoSchedulingDeps(
      connection,
      services,
      { send: async () => ({ delivered: [], unreachable: [] }) },
      parsed.data,
    );
    const rows = await scheduleListing(deps, now, { caseNumber });
    if (rows === null) throw new CliError(`no case ${caseNumber}`);
    process.stdout.write(formatListing(rows));
  } finally {
    await closeDatabase(connection);
  }
}

export function formatListing(rows: ListingRow[]): string {
  if (rows.length === 0) return 'Nothing scheduled.\n';
  const table = rows.map((r) => [
    r.dueDate,
    r.caseNumber ?? 'policy',
    `${r.kind.replace(/_/g, ' ')}${r.n > 1 ? ` #${r.n}` : ''}`,
    r.status.replace(/_/g, ' ') + (r.overdue && r.status !== 'sent' ? ' (overdue)' : ''),
    r.sentAt ? `sent ${r.sentAt.slice(0, 16).replace('T', ' ')}Z` : r.firstSlot ? `from ${r.firstSlot}` : '',
    r.what,
  ]);
  const header = ['DUE', 'CASE', 'REMINDER', 'STATUS', 'WHEN', 'WHAT'];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...table.map(line)].join('\n')}\n`;
}
