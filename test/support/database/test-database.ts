import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { withDatabaseName } from '../../../src/store/mongodb-uri.js';
import { closeDatabase, openDatabase } from '../../../src/store/connection.js';
import { startRecording } from './command-recorder.js';

export interface TestDatabase {
  connection: Connection;
  /** Connection string of this database (base URI with dbName in its path). */
  uri: string;
  dbName: string;
  /** Drops the database and closes the connection. */
  close(): Promise<void>;
}

/** The server started by global-setup for this run. */
export function testServerUri(): string {
  const uri = process.env.LCP_TEST_MONGODB_URI;
  if (!uri)
    throw new Error(
      'LCP_TEST_MONGODB_URI is not set: run the tests with `npm test`, whose Jest global setup starts the test database',
    );
  return uri;
}

/**
 * Opens a fresh, uniquely named database on the test server. Names stay short: FerretDB's SQLite
 * backend keeps each database in a file named after it and limits name length.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const dbName = `lcp_test_${randomBytes(5).toString('hex')}`;
  const uri = withDatabaseName(testServerUri(), dbName);
  const connection = await openDatabase(uri, { monitorCommands: true });
  const recording = startRecording(connection);
  return {
    connection,
    uri,
    dbName,
    async close() {
      try {
        await recording.save();
        await connection.dropDatabase();
      } finally {
        await closeDatabase(connection);
      }
    },
  };
}
