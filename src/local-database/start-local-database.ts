import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ensureFerretDbBinary, FERRETDB_VERSION, GoNotFoundError, MINIMUM_GO } from './ferretdb-binary.js';
import { startFerretDb, type FerretDbBackend } from './ferretdb-server.js';
import { silent, type LogLine } from './log.js';
import { tryStartMongod } from './mongodb-memory-server.js';
import { redactUri } from '../store/mongodb-uri.js';
import { startPostgres, type RunningPostgres } from './postgresql-server.js';
import { findPostgresToolchain } from './postgresql-toolchain.js';
import { identifyServer, serverName } from './server-identity.js';
import { createTemporaryDataDir } from './temporary-data-dir.js';

export interface LocalDatabase {
  /** Base connection string, without a database name. */
  uri: string;
  kind: 'external' | 'mongodb-memory-server' | 'ferretdb';
  /** For FerretDB: where it keeps the data. */
  backend?: FerretDbBackend['kind'];
  /** Names the real server as it identified itself, e.g. "FerretDB v1.24.2 (SQLite backend) at mongodb://127.0.0.1:40123". */
  description: string;
  stop(): Promise<void>;
}

export interface StartLocalDatabaseOptions {
  /**
   * Where a started server keeps its data (kept after stop, e.g. './.data' for `npm start`).
   * Without it, a fresh temporary folder is used and removed on stop.
   */
  dataDir?: string;
  log?: LogLine;
  /** A server to use as it is; defaults to the MONGODB_URI environment variable. */
  mongodbUri?: string;
  /** Where the FerretDB binary is cached; defaults to <project>/.cache/ferretdb. */
  ferretDbCacheDir?: string;
  /**
   * FerretDB's backend: 'auto' (the default) takes PostgreSQL when its server programs are
   * installed, else SQLite. Defaults to the LCP_FERRETDB_BACKEND environment variable.
   */
  ferretDbBackend?: FerretDbBackendChoice;
}

export type FerretDbBackendChoice = 'auto' | 'postgresql' | 'sqlite';

/**
 * Provides a real server speaking the MongoDB wire protocol, in this order of preference:
 *   1. MONGODB_URI, when set;
 *   2. a mongod through mongodb-memory-server (on PATH, MONGOMS_SYSTEM_BINARY, cached or downloadable);
 *   3. FerretDB, built from Go once and cached, keeping its data in a private PostgreSQL cluster
 *      when PostgreSQL's server programs are installed (it pushes filters down to PostgreSQL),
 *   4. else in SQLite files (which it reads whole for any filter but _id).
 * Fails with what to install when none of them is possible.
 */
export async function startLocalDatabase(options: StartLocalDatabaseOptions = {}): Promise<LocalDatabase> {
  const log = options.log ?? silent;

  const external = options.mongodbUri ?? process.env.MONGODB_URI;
  if (external) {
    const identity = await identifyServer(external).catch((error: Error) => {
      throw new Error(`MONGODB_URI is set, but ${redactUri(external)} did not answer: ${error.message}`, {
        cause: error,
      });
    });
    return {
      uri: external,
      kind: 'external',
      description: `${serverName(identity)} at ${redactUri(external)} (from MONGODB_URI)`,
      async stop() {},
    };
  }

  let dataDir: string;
  let removeTemporaryData = async () => {};
  if (options.dataDir !== undefined) {
    dataDir = path.resolve(options.dataDir);
    await mkdir(dataDir, { recursive: true });
  } else {
    const temporary = await createTemporaryDataDir();
    dataDir = temporary.dir;
    removeTemporaryData = temporary.remove;
  }

  try {
    const started = Date.now();
    const mongod = await tryStartMongod({ dataDir, log });
    if ('started' in mongod) {
      const { uri } = mongod.started;
      const identity = await identifyServer(uri).catch(async (error: Error) => {
        await mongod.started.stop();
        throw new Error(`mongod started at ${uri} but did not answer: ${error.message}`, { cause: error });
      });
      return {
        uri,
        kind: 'mongodb-memory-server',
        description: `${serverName(identity, 'mongod via mongodb-memory-server')} at ${uri}`,
        async stop() {
          await mongod.started.stop();
          await removeTemporaryData();
        },
      };
    }
    log(
      `No mongod (${((Date.now() - started) / 1000).toFixed(1)} s): ${mongod.skipped}; using FerretDB ${FERRETDB_VERSION}`,
    );

    let binary: string;
    try {
      binary = await ensureFerretDbBinary({ cacheDir: options.ferretDbCacheDir, log });
    } catch (error) {
      if (error instanceof GoNotFoundError)
        throw new Error(nothingAvailable(mongod.skipped, error.message), { cause: error });
      throw error;
    }
    const postgres = await startPostgresBackend(options, dataDir, log);
    const backend: FerretDbBackend = postgres ? { kind: 'postgresql', url: postgres.running.url } : { kind: 'sqlite' };
    const stopPostgres = async () => postgres?.running.stop();
    let ferret;
    try {
      ferret = await startFerretDb({ binary, dataDir: path.join(dataDir, 'ferretdb'), backend });
    } catch (error) {
      await stopPostgres();
      throw error;
    }
    try {
      const identity = await identifyServer(ferret.uri);
      return {
        uri: ferret.uri,
        kind: 'ferretdb',
        backend: backend.kind,
        description: `${serverName(identity, postgres?.description ?? 'SQLite backend')} at ${ferret.uri}`,
        async stop() {
          await ferret.stop();
          await stopPostgres();
          await removeTemporaryData();
        },
      };
    } catch (error) {
      await ferret.stop();
      await stopPostgres();
      throw new Error(
        `FerretDB started at ${ferret.uri} but did not answer (log: ${ferret.logFile}): ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  } catch (error) {
    await removeTemporaryData();
    throw error;
  }
}

function nothingAvailable(mongodReason: string, ferretReason: string): string {
  return [
    'No MongoDB-compatible server is available.',
    '  1. MONGODB_URI is not set.',
    `  2. mongod: ${mongodReason}.`,
    `  3. FerretDB: ${ferretReason}.`,
    'Do one of:',
    `  - install ${MINIMUM_GO} or later (https://go.dev/dl/) so FerretDB ${FERRETDB_VERSION} can be built once into .cache/ferretdb;`,
    '  - put a mongod on PATH, or set MONGOMS_SYSTEM_BINARY=/path/to/mongod;',
    '  - set MONGODB_URI to a running MongoDB or FerretDB server.',
  ].join('\n');
}

/**
 * Starts the private PostgreSQL cluster FerretDB keeps its data in, or says why not and returns
 * undefined (FerretDB then uses SQLite). Asked for explicitly ('postgresql'), a failure is an error.
 * A cluster in a temporary folder runs without fsync: it is removed after the run anyway.
 */
async function startPostgresBackend(
  options: StartLocalDatabaseOptions,
  dataDir: string,
  log: LogLine,
): Promise<{ running: RunningPostgres; description: string } | undefined> {
  const choice = options.ferretDbBackend ?? parseBackendChoice(process.env.LCP_FERRETDB_BACKEND);
  if (choice === 'sqlite') return undefined;
  const toolchain = await findPostgresToolchain();
  if (!toolchain) {
    const why =
      'PostgreSQL server programs not found (initdb and postgres on PATH or in /usr/lib/postgresql/<version>/bin)';
    if (choice === 'postgresql') throw new Error(`LCP_FERRETDB_BACKEND=postgresql, but ${why}`);
    log(`${why}; FerretDB keeps its data in SQLite (install Debian's postgresql package for faster queries)`);
    return undefined;
  }
  try {
    const running = await startPostgres({
      toolchain,
      dataDir: path.join(dataDir, 'postgresql'),
      durable: options.dataDir !== undefined,
    });
    const version = /PostgreSQL\)\s+([\d.]+)/.exec(toolchain.version)?.[1] ?? toolchain.version;
    return {
      running,
      description: `PostgreSQL ${version} backend${running.runsAs ? `, run as ${running.runsAs}` : ''}`,
    };
  } catch (error) {
    if (choice === 'postgresql') throw error;
    log(`PostgreSQL did not start, so FerretDB keeps its data in SQLite: ${(error as Error).message}`);
    return undefined;
  }
}

function parseBackendChoice(value: string | undefined): FerretDbBackendChoice {
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if (value === 'postgresql' || value === 'sqlite') return value;
  throw new Error(`LCP_FERRETDB_BACKEND must be auto, postgresql or sqlite (got "${value}")`);
}
