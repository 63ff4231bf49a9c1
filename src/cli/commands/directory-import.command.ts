// `lcp directory import [FILE]`: loads the HR CSV into the people directory. Bad rows are reported
// and the run still succeeds (exit 0); a file or database that cannot be used at all exits 1 with
// a one-line message and no stack trace.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { Connection } from 'mongoose';
import { ConfigError, loadSettings, type Settings } from '../../config.js';
import { importDirectory, type DirectoryImportResult } from '../../directory/import-directory.js';
import { parseDirectoryCsv } from '../../directory/directory-csv.js';
import { leaverLine, missingFromFile, pruneDirectory } from '../../app/leavers.js';
import { closeDatabase, openDatabase } from '../../store/connection.js';
import { MongoDirectoryImportLog } from '../../store/directory-import.model.js';
import { MongoPersonRepository } from '../../store/mongo-person.repository.js';

/** Below this many rows, or when stderr is not a terminal, only the final summary is printed. */
const PROGRESS_BAR_MIN_ROWS = 200;

/** An expected failure: printed as one line, exit code 1. */
class CliError extends Error {}

/** The settings from the one config module; a bad one is a one-line CLI error, not a stack trace. */
function loadCliSettings(): Settings {
  try {
    return loadSettings();
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.problems.join('; '));
    throw error;
  }
}

export function registerDirectoryImport(directory: Command): void {
  directory
    .command('import')
    .description('import people from a CSV file; re-importing is safe, and people missing from the file are kept')
    .argument('[file]', 'the CSV file (default: the LCP_DIRECTORY setting)')
    .option('--operator <name>', 'who is running the import, for the audit record', defaultOperator())
    .option(
      '--prune',
      'leavers: people missing from the file lose their roles and delegations and can no longer decide or see cases',
    )
    .option('--dry-run', 'with --prune: list who would lose what, and change nothing')
    .action(async (file: string | undefined, options: { operator: string; prune?: boolean; dryRun?: boolean }) => {
      try {
        if (options.dryRun && !options.prune) throw new CliError('--dry-run goes with --prune');
        await runDirectoryImport(file, options.operator, {
          prune: Boolean(options.prune),
          dryRun: Boolean(options.dryRun),
        });
      } catch (error) {
        const message = error instanceof CliError ? error.message : `unexpected error: ${(error as Error).message}`;
        process.stderr.write(`lcp: ${message}\n`);
        process.exitCode = 1;
      }
    });
}

async function runDirectoryImport(
  fileArgument: string | undefined,
  operator: string,
  prune: { prune: boolean; dryRun: boolean },
): Promise<void> {
  const env = loadCliSettings();
  const file = fileArgument ?? env.LCP_DIRECTORY;
  if (!file) throw new CliError('no file given: pass FILE or set LCP_DIRECTORY');
  await ensureReadable(file);
  if (!env.MONGODB_URI) {
    throw new CliError('MONGODB_URI is not set; it must point at the database, e.g. mongodb://localhost:27017/lcp');
  }

  const connection = await connect(env.MONGODB_URI);
  const progress = progressReporter();
  try {
    if (prune.prune) {
      // The file is read first: a file that is not a directory must never deactivate everyone.
      const parsed = await parseDirectoryCsv(createReadStream(file));
      if (!parsed.headerOk || parsed.rows.length === 0)
        throw new CliError(`${file} has no usable rows: nothing imported, nobody pruned`);
      const emails = parsed.rows.map((r) => r.email);
      const people = new MongoPersonRepository(connection);
      if (prune.dryRun) {
        const leavers = await missingFromFile(people, emails, new Date());
        process.stdout.write(
          `Dry run: nothing changed. ${leavers.length} ${leavers.length === 1 ? 'person' : 'people'} missing from ${file} would be deactivated:\n${leavers.map((l) => `  ${leaverLine(l)}\n`).join('')}`,
        );
        return;
      }
      if (parsed.errors.length > 0)
        throw new CliError(
          `${file} has bad rows (${parsed.errors.map((e) => `line ${e.line}`).join(', ')}): fix them before pruning, or people on those lines would be deactivated`,
        );
    }
    const result = await importDirectory(
      { people: new MongoPersonRepository(connection), imports: new MongoDirectoryImportLog(connection) },
      { source: createReadStream(file), fileName: resolve(file), operator, onProgress: progress.update },
    );
    progress.stop();
    report(file, result);
    if (prune.prune && result.status !== 'rejected') {
      const parsed = await parseDirectoryCsv(createReadStream(file));
      const leavers = await pruneDirectory(
        new MongoPersonRepository(connection),
        parsed.rows.map((r) => r.email),
        new Date(),
      );
      process.stdout.write(
        `Pruned ${leavers.length} ${leavers.length === 1 ? 'person' : 'people'} missing from the file:\n${leavers.map((l) => `  ${leaverLine(l)}\n`).join('')}`,
      );
    }
  } finally {
    progress.stop();
    await closeDatabase(connection);
  }
}

function report(file: string, result: DirectoryImportResult): void {
  if (result.status === 'rejected') {
    const reason = result.errors.map((error) => `line ${error.line}: ${error.message}`).join('; ');
    throw new CliError(`${file} was not imported: ${reason}`);
  }
  const bad = result.errors.length;
  const tail = bad === 0 ? 'no bad rows' : `${bad} bad ${bad === 1 ? 'row' : 'rows'} not imported:`;
  const lines = [
    `Imported ${file}: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged; ${tail}`,
    ...result.errors.map((error) => `line ${error.line}: ${error.message}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function ensureReadable(file: string): Promise<void> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new CliError(`cannot read ${file}: not a file`);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

async function connect(uri: string): Promise<Connection> {
  try {
    return await openDatabase(uri, { serverSelectionTimeoutMS: 5_000 });
  } catch (error) {
    throw new CliError(`cannot connect to the database at ${redact(uri)}: ${(error as Error).message}`);
  }
}

/** Never echo a password from the connection string. */
function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}

function defaultOperator(): string {
  try {
    return `${userInfo().username}@${hostname()}`;
  } catch {
    return `unknown@${hostname()}`;
  }
}

function progressReporter(): { update: (done: number, total: number) => void; stop: () => void } {
  let bar: cliProgress.SingleBar | null = null;
  return {
    update(done, total) {
      if (!bar && total > PROGRESS_BAR_MIN_ROWS && process.stderr.isTTY) {
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: 'Importing people [{bar}] {value}/{total}', clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      bar?.update(done);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
