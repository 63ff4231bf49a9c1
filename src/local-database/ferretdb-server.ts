import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { killChildOnExit, stopChild } from './child-process-guard.js';
import { findFreePort, waitForPort } from './free-port.js';

const HOST = '127.0.0.1';
const STARTUP_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;
const PORT_ATTEMPTS = 3;

export interface RunningFerretDb {
  uri: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

/** Where FerretDB keeps the data: a PostgreSQL database (given by URL), else SQLite files of its own. */
export type FerretDbBackend = { kind: 'postgresql'; url: string } | { kind: 'sqlite' };

/**
 * Starts FerretDB on a free loopback port with the given backend, keeping its state and log (and,
 * for SQLite, its files) under dataDir:
 *   dataDir/sqlite/       the databases (SQLite backend: one SQLite file each)
 *   dataDir/state/        FerretDB's state.json
 *   dataDir/ferretdb.log  its log (level from FERRETDB_LOG_LEVEL, default "error")
 * Resolves once the port accepts connections; the caller pings it.
 */
export async function startFerretDb(options: {
  binary: string;
  dataDir: string;
  backend?: FerretDbBackend;
  port?: number;
}): Promise<RunningFerretDb> {
  const backend = options.backend ?? { kind: 'sqlite' };
  const sqliteDir = path.join(options.dataDir, 'sqlite');
  const stateDir = path.join(options.dataDir, 'state');
  const logFile = path.join(options.dataDir, 'ferretdb.log');
  if (backend.kind === 'sqlite') await mkdir(sqliteDir, { recursive: true });
  await mkdir(stateDir, { recursive: true });

  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
    // A fixed port brings a stopped server back where its clients expect it (outage tests).
    const port = options.port ?? (await findFreePort(HOST));
    const child = spawnFerretDb(options.binary, { port, backend: backendFlags(backend, sqliteDir), stateDir, logFile });
    const releaseGuard = killChildOnExit(child);
    try {
      await waitForPort(HOST, port, { timeoutMs: STARTUP_TIMEOUT_MS, abort: () => exitDescription(child) });
    } catch (error) {
      await stopChild(child, STOP_GRACE_MS);
      releaseGuard();
      const logTail = await tail(logFile, 20);
      lastError = new Error(
        `FerretDB did not start on ${HOST}:${port}: ${(error as Error).message}${logTail ? `\n${logTail}` : ''}`,
      );
      // Another process may have taken the port between findFreePort and FerretDB binding it.
      if (/address already in use/i.test(logTail) && options.port === undefined) continue;
      throw lastError;
    }
    return {
      uri: `mongodb://${HOST}:${port}`,
      pid: child.pid ?? 0,
      logFile,
      async stop() {
        await stopChild(child, STOP_GRACE_MS);
        releaseGuard();
      },
    };
  }
  throw lastError ?? new Error('FerretDB did not start');
}

function spawnFerretDb(
  binary: string,
  paths: { port: number; backend: string[]; stateDir: string; logFile: string },
): ChildProcess {
  const logFd = openSync(paths.logFile, 'a');
  try {
    return spawn(
      binary,
      [
        ...paths.backend,
        `--state-dir=${paths.stateDir}`,
        `--listen-addr=${HOST}:${paths.port}`,
        // The debug HTTP listener defaults to a fixed port (8088), which would clash between runs.
        '--debug-addr=-',
        '--telemetry=disable',
      ],
      {
        stdio: ['ignore', logFd, logFd],
        env: { ...process.env, FERRETDB_LOG_LEVEL: process.env.FERRETDB_LOG_LEVEL ?? 'error' },
      },
    );
  } finally {
    closeSync(logFd);
  }
}

function backendFlags(backend: FerretDbBackend, sqliteDir: string): string[] {
  if (backend.kind === 'postgresql') return ['--handler=postgresql', `--postgresql-url=${backend.url}`];
  return ['--handler=sqlite', `--sqlite-url=${sqliteUrl(sqliteDir)}`];
}

/** FerretDB wants a file: URI naming an existing directory, ending with "/". */
function sqliteUrl(dir: string): string {
  const encoded = path
    .resolve(dir)
    .split(path.sep)
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  return `file:${encoded}/`;
}

function exitDescription(child: ChildProcess): string | undefined {
  if (child.exitCode !== null) return `FerretDB exited with code ${child.exitCode}`;
  if (child.signalCode !== null) return `FerretDB was killed by ${child.signalCode}`;
  return undefined;
}

async function tail(file: string, lines: number): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
