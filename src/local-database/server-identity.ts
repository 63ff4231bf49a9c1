import { closeDatabase, openDatabase } from '../store/connection.js';

export interface ServerIdentity {
  product: 'FerretDB' | 'MongoDB';
  /** The product's own version: FerretDB's ("v1.24.2") or MongoDB's ("8.0.4"). */
  version: string;
  /** buildInfo.version: MongoDB's version, or the MongoDB version FerretDB claims compatibility with. */
  mongodbVersion: string;
}

/**
 * Connects, checks that the server answers `ping`, and asks it what it is (`buildInfo`). FerretDB
 * answers with `ferretdbVersion` beside a MongoDB-compatible `version`.
 */
export async function identifyServer(uri: string, options: { timeoutMs?: number } = {}): Promise<ServerIdentity> {
  const connection = await openDatabase(uri, { serverSelectionTimeoutMS: options.timeoutMs ?? 10_000 });
  try {
    const admin = connection.db?.admin();
    if (!admin) throw new Error('connected, but the driver exposes no database handle');
    const ping = await admin.command({ ping: 1 });
    if (ping.ok !== 1) throw new Error(`ping answered ${JSON.stringify(ping)}`);
    const info = await admin.command({ buildInfo: 1 });
    const mongodbVersion = typeof info.version === 'string' ? info.version : 'unknown';
    if (typeof info.ferretdbVersion === 'string')
      return { product: 'FerretDB', version: info.ferretdbVersion, mongodbVersion };
    return { product: 'MongoDB', version: mongodbVersion, mongodbVersion };
  } finally {
    await closeDatabase(connection);
  }
}

/** "FerretDB v1.24.2 (SQLite backend)", "MongoDB 8.0.4 (mongod via mongodb-memory-server)". */
export function serverName(identity: ServerIdentity, detail?: string): string {
  return `${identity.product} ${identity.version}${detail ? ` (${detail})` : ''}`;
}
