import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ensureFerretDbBinary, FERRETDB_VERSION, GoNotFoundError, MINIMUM_GO } from './ferretdb-binary.js';
import { startFerretDb } from './ferretdb-server.js';
import { silent, type LogLine } from './log.js';
import { tryStartMongod } from './mongodb-memory-server.js';
import { redactUri } from './mongodb-uri.js';
import { identifyServer, serverName } from './server-identity.js';
import { createTemporaryDataDir } from './temporary-data-dir.js';

export interface LocalDatabase {
  /** Base connection string, without a database name. */
  uri: string;
  kind: 'external' | 'mongodb-memory-server' | 'ferretdb';
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
}

/**
 * Provides a real server speaking the MongoDB wire protocol, in this order of preference:
 *   1. MONGODB_URI, when set;
 *   2. a mongod through mongodb-memory-server (on PATH, MONGOMS_SYSTEM_BINARY, cached or downloadable);
 *   3. FerretDB with its SQLite backend, built from Go once and cached.
 * Fails with what to install when none of them is possible.
 */
export async function startLocalDatabase(options: StartLocalDatabaseOptions = {}): Promise<LocalDatabase> {
  const log = options.log ?? silent;

  const external = options.mongodbUri ?? process.env.MONGODB_URI;
  if (external) {
    const identity = await identifyServer(external).catch((error: Error) => {
      throw new Error(`MONGODB_URI is set, but ${redactUri(external)} did not answer: ${error.message}`, { cause: error });
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
    log(`No mongod (${((Date.now() - started) / 1000).toFixed(1)} s): ${mongod.skipped}; using FerretDB ${FERRETDB_VERSION}`);

    let binary: string;
    try {
      binary = await ensureFerretDbBinary({ cacheDir: options.ferretDbCacheDir, log });
    } catch (error) {
      if (error instanceof GoNotFoundError) throw new Error(nothingAvailable(mongod.skipped, error.message), { cause: error });
      throw error;
    }
    const ferret = await startFerretDb({ binary, dataDir: path.join(dataDir, 'ferretdb') });
    try {
      const identity = await identifyServer(ferret.uri);
      return {
        uri: ferret.uri,
        kind: 'ferretdb',
        description: `${serverName(identity, 'SQLite backend')} at ${ferret.uri}`,
        async stop() {
          await ferret.stop();
          await removeTemporaryData();
        },
      };
    } catch (error) {
      await ferret.stop();
      throw new Error(`FerretDB started at ${ferret.uri} but did not answer (log: ${ferret.logFile}): ${(error as Error).message}`, {
        cause: error,
      });
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
