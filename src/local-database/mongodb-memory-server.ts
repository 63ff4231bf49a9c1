import http from 'node:http';
import https from 'node:https';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { isExecutable } from './go-toolchain.js';
import type { LogLine } from './log.js';

export interface RunningMongod {
  uri: string;
  stop(): Promise<void>;
}

export type MongodAttempt = { started: RunningMongod } | { skipped: string };

const DOWNLOAD_PROBE_TIMEOUT_MS = 5_000;

/**
 * Starts a real mongod through mongodb-memory-server, when one can be had without waiting on a
 * network that is not there: MONGOMS_SYSTEM_BINARY, a `mongod` on PATH, a binary it downloaded
 * earlier, or a download whose host answers within a few seconds. Offline, the library would
 * retry a failing download with back-off (about 8 s for DNS failures; minutes when packets are
 * dropped), so the host is probed once first and the attempt is skipped when it does not answer.
 */
export async function tryStartMongod(options: { dataDir: string; log: LogLine }): Promise<MongodAttempt> {
  // A development dependency, loaded only here: production (MONGODB_URI) never needs it, and a
  // production install (npm ci --omit=dev) does not have it.
  const library = await import('mongodb-memory-server-core').catch(() => null);
  if (!library) return { skipped: 'mongodb-memory-server-core is not installed (a development dependency)' };
  const { DryMongoBinary, MongoMemoryServer } = library;
  const explicitBinary = process.env.MONGOMS_SYSTEM_BINARY;
  const systemBinary = explicitBinary || (await findOnPath('mongod'));

  if (!systemBinary) {
    const cached = await DryMongoBinary.locateBinary(await DryMongoBinary.generateOptions());
    if (!cached) {
      if (/^(false|0|no|off)$/i.test(process.env.MONGOMS_RUNTIME_DOWNLOAD ?? '')) {
        return { skipped: 'no mongod on PATH or in its download cache, and MONGOMS_RUNTIME_DOWNLOAD is off' };
      }
      const host = downloadHost();
      const unreachable = await probe(host);
      if (unreachable)
        return { skipped: `no mongod on PATH or in its download cache, and ${host} is unreachable (${unreachable})` };
    }
  }

  const dbPath = path.join(options.dataDir, 'mongod');
  await mkdir(dbPath, { recursive: true });
  try {
    const server = await MongoMemoryServer.create({
      binary: systemBinary ? { systemBinary } : {},
      instance: { ip: '127.0.0.1', dbPath, storageEngine: 'wiredTiger' },
    });
    return {
      started: {
        uri: server.getUri().replace(/\/$/, ''),
        async stop() {
          await server.stop({ doCleanup: true, force: false });
        },
      },
    };
  } catch (error) {
    const why = (error as Error).message.split('\n')[0];
    // The user asked for this binary by name: falling back silently would hide their mistake.
    if (explicitBinary)
      throw new Error(`MONGOMS_SYSTEM_BINARY=${explicitBinary} could not be started: ${why}`, { cause: error });
    return { skipped: `mongodb-memory-server could not start mongod: ${why}` };
  }
}

async function findOnPath(command: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** The origin mongodb-memory-server downloads from, following its own settings. */
function downloadHost(): string {
  const configured =
    process.env.MONGOMS_DOWNLOAD_URL || process.env.MONGOMS_DOWNLOAD_MIRROR || 'https://fastdl.mongodb.org';
  try {
    return new URL(configured).origin;
  } catch {
    return configured;
  }
}

/**
 * Resolves to undefined when the host answers anything at all over HTTP(S), or to the reason it
 * did not. Through a proxy the probe proves nothing, so it is skipped and the download tried.
 */
async function probe(origin: string): Promise<string | undefined> {
  if (['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'].some((name) => process.env[name])) return undefined;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return `not a URL: ${origin}`;
  }
  const client = url.protocol === 'http:' ? http : https;
  return new Promise((resolve) => {
    const request = client.request(
      url,
      { method: 'HEAD', agent: false, timeout: DOWNLOAD_PROBE_TIMEOUT_MS },
      (response) => {
        response.resume();
        request.destroy();
        resolve(undefined);
      },
    );
    // The socket timeout does not cover a slow DNS lookup everywhere: keep an overall deadline too.
    const deadline = setTimeout(
      () => request.destroy(new Error(`no answer within ${DOWNLOAD_PROBE_TIMEOUT_MS} ms`)),
      DOWNLOAD_PROBE_TIMEOUT_MS,
    );
    request.once('close', () => clearTimeout(deadline));
    request.once('timeout', () => request.destroy(new Error(`no answer within ${DOWNLOAD_PROBE_TIMEOUT_MS} ms`)));
    // `on`, not `once`: destroying the request can emit a second error, which must not go unhandled.
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    request.end();
  });
}
