// What the records-and-reports commands share: the settings, one database connection for the
// command's work, and errors that reach the operator as one line ("lcp: …", exit code 1).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { ConfigError, loadSettings, type Settings } from '../../config.js';
import { closeDatabase, openDatabase } from '../../store/connection.js';

export class CliError extends Error {}

export function reportAction<A extends unknown[]>(work: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await work(...args);
    } catch (error) {
      const message = error instanceof CliError ? error.message : `unexpected error: ${(error as Error).message}`;
      process.stderr.write(`lcp: ${message}\n`);
      process.exitCode = 1;
    }
  };
}

export async function withDatabase<T>(work: (connection: Connection, settings: Settings) => Promise<T>): Promise<T> {
  let settings: Settings;
  try {
    settings = loadSettings();
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.problems.join('; '));
    throw error;
  }
  if (!settings.MONGODB_URI)
    throw new CliError('MONGODB_URI is not set; it must point at the database, e.g. mongodb://localhost:27017/lcp');
  let connection: Connection;
  try {
    connection = await openDatabase(settings.MONGODB_URI, { serverSelectionTimeoutMS: 5_000 });
  } catch (error) {
    throw new CliError(`cannot connect to the database: ${(error as Error).message}`);
  }
  try {
    return await work(connection, settings);
  } finally {
    await closeDatabase(connection);
  }
}

/** The organisation named on reports: the letters' setting when present. */
export function organisationName(settings: Settings): string {
  const name = (settings as Partial<Record<'LCP_ORG_NAME', string>>).LCP_ORG_NAME;
  return name ?? 'Limited Contact';
}

/** Writes the files into `dir` (created if missing) and returns their paths. */
export async function writeOutputs(dir: string, files: Record<string, string | Buffer>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await writeFile(file, content);
    written.push(file);
  }
  return written;
}

export const isoDateArg = (name: string, value: string | undefined): string => {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    throw new CliError(`${name} expects a date as YYYY-MM-DD${value ? ` (got "${value}")` : ''}`);
  return value;
};

/** Now, or the demo and test clock (LCP_CLOCK, refused in production) so runs can be reproduced. */
export const cliNow = (settings: Settings): Date => (settings.LCP_CLOCK ? new Date(settings.LCP_CLOCK) : new Date());
