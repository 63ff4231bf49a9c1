import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { killChildOnExit, stopChild } from './child-process-guard.js';
import { findFreePort, waitForPort } from './free-port.js';
import type { PostgresToolchain } from './postgresql-toolchain.js';
import { installEqualityIndexes } from './postgresql-equality-indexes.js';
import { runCommand } from './run-command.js';
import { unprivilegedAccount, type Account } from './unprivileged-account.js';

const HOST = '127.0.0.1';
/** The cluster's superuser and the database FerretDB keeps its collections in. */
const ROLE = 'ferretdb';
const DATABASE = 'ferretdb';
const STARTUP_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;
const PORT_ATTEMPTS = 3;

export interface RunningPostgres {
  /** postgres://ferretdb@127.0.0.1:<port>/ferretdb, for FerretDB's --postgresql-url. */
  url: string;
  pid: number;
  logFile: string;
  /** The OS account the server runs as, when this process is root. */
  runsAs?: string;
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  toolchain: PostgresToolchain;
  /** The cluster lives in dataDir/cluster, its log in dataDir/postgresql.log. Kept after stop. */
  dataDir: string;
  /**
   * False for throw-away clusters (the tests, the benchmarks): fsync and synchronous commit are off,
   * which makes writes several times faster and loses nothing that matters when the folder is
   * removed afterwards anyway. True for `npm start`'s data folder.
   */
  durable: boolean;
}

/**
 * Starts a private PostgreSQL cluster for FerretDB: created with initdb on first use, listening on a
 * free port on 127.0.0.1 only (no Unix socket), trusting local connections (nothing else can reach
 * it). PostgreSQL refuses to run as root, so when this process is root (as CI is) its programs run
 * as an unprivileged account (the `postgres` system user, else `nobody`) through setpriv, which
 * execs in place: the child's pid is the server's own, so the usual stop and watchdog apply.
 */
export async function startPostgres(options: StartPostgresOptions): Promise<RunningPostgres> {
  const { toolchain } = options;
  const clusterDir = path.join(options.dataDir, 'cluster');
  const logFile = path.join(options.dataDir, 'postgresql.log');
  const account = process.getuid?.() === 0 ? await unprivilegedAccount() : undefined;

  await mkdir(clusterDir, { recursive: true });
  if (account) await handOver(options.dataDir, clusterDir, account);
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await initCluster(toolchain, clusterDir, account);

  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
    const port = await findFreePort(HOST);
    const child = spawnPostgres(toolchain, { clusterDir, port, logFile, account, durable: options.durable });
    const releaseGuard = killChildOnExit(child);
    const stop = async () => {
      // SIGINT is PostgreSQL's "fast" shutdown: it does not wait for clients to disconnect.
      await stopChild(child, STOP_GRACE_MS, 'SIGINT');
      releaseGuard();
    };
    try {
      await waitForPort(HOST, port, { timeoutMs: STARTUP_TIMEOUT_MS, abort: () => exitDescription(child) });
      await createDatabase(toolchain, port, child);
      await installEqualityIndexes(toolchain, { host: HOST, port, role: ROLE, database: DATABASE });
    } catch (error) {
      await stop();
      const logTail = await tail(logFile, 20);
      lastError = new Error(
        `PostgreSQL did not start on ${HOST}:${port}: ${(error as Error).message}${logTail ? `\n${logTail}` : ''}`,
      );
      // Another process may have taken the port between findFreePort and PostgreSQL binding it.
      if (/could not bind|address already in use/i.test(logTail)) continue;
      throw lastError;
    }
    return {
      url: `postgres://${ROLE}@${HOST}:${port}/${DATABASE}`,
      pid: child.pid ?? 0,
      logFile,
      runsAs: account?.name,
      stop,
    };
  }
  throw lastError ?? new Error('PostgreSQL did not start');
}

/**
 * The account must own the cluster and be able to reach it: the folders above it must let others
 * through (the temporary folder of a test run is made so; a data folder under a private home folder
 * is not, and initdb then says so).
 */
async function handOver(dataDir: string, clusterDir: string, account: Account): Promise<void> {
  await chmod(dataDir, 0o711);
  await runCommand('chown', ['-R', `${account.uid}:${account.gid}`, clusterDir], { timeoutMs: 60_000 });
}

async function initCluster(
  toolchain: PostgresToolchain,
  clusterDir: string,
  account: Account | undefined,
): Promise<void> {
  const args = ['-D', clusterDir, '-U', ROLE, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'];
  const [file, argv] = asAccount(path.join(toolchain.binDir, 'initdb'), args, account);
  try {
    await runCommand(file, argv, { cwd: clusterDir, timeoutMs: 120_000 });
  } catch (error) {
    throw new Error(
      `initdb could not create a PostgreSQL cluster in ${clusterDir}${account ? ` as ${account.name}` : ''}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

function spawnPostgres(
  toolchain: PostgresToolchain,
  options: { clusterDir: string; port: number; logFile: string; account: Account | undefined; durable: boolean },
): ChildProcess {
  const settings = [
    `listen_addresses=${HOST}`,
    `port=${options.port}`,
    // No Unix socket: Debian's default folder (/var/run/postgresql) may not exist or be writable.
    'unix_socket_directories=',
    // FerretDB opens a pool of connections per client; the benchmarks run 50 clients at once.
    'max_connections=300',
    // FerretDB sends the field name of a pushed-down filter as a parameter; only a custom plan sees
    // it, and so can use the equality indexes of postgresql-equality-indexes.ts.
    'plan_cache_mode=force_custom_plan',
    ...(options.durable ? [] : ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']),
  ];
  const args = ['-D', options.clusterDir, ...settings.flatMap((setting) => ['-c', setting])];
  const [file, argv] = asAccount(path.join(toolchain.binDir, 'postgres'), args, options.account);
  const logFd = openSync(options.logFile, 'a');
  try {
    return spawn(file, argv, { cwd: options.clusterDir, stdio: ['ignore', logFd, logFd] });
  } finally {
    closeSync(logFd);
  }
}

/**
 * Creates FerretDB's database, retrying while the server is still starting up (it accepts
 * connections before it accepts queries); an existing database (a kept data folder) is fine.
 */
async function createDatabase(toolchain: PostgresToolchain, port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  const createdb = path.join(toolchain.binDir, 'createdb');
  for (;;) {
    try {
      await runCommand(createdb, ['-h', HOST, '-p', String(port), '-U', ROLE, DATABASE], { timeoutMs: 30_000 });
      return;
    } catch (error) {
      const message = (error as Error).message;
      if (/already exists/.test(message)) return;
      const exited = exitDescription(child);
      if (exited) throw new Error(exited);
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Runs `file` as the account when there is one (setpriv execs in place: no extra process). */
function asAccount(file: string, args: string[], account: Account | undefined): [string, string[]] {
  if (!account) return [file, args];
  return ['setpriv', [`--reuid=${account.uid}`, `--regid=${account.gid}`, '--clear-groups', '--', file, ...args]];
}

function exitDescription(child: ChildProcess): string | undefined {
  if (child.exitCode !== null) return `PostgreSQL exited with code ${child.exitCode}`;
  if (child.signalCode !== null) return `PostgreSQL was killed by ${child.signalCode}`;
  return undefined;
}

async function tail(file: string, lines: number): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
