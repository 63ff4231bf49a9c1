import mongoose, { type Connection } from 'mongoose';

// Each process (and each test file) opens its own connection rather than using the
// mongoose default, so that repositories can be pointed at any database explicitly.
export async function openDatabase(
  uri: string,
  options: { serverSelectionTimeoutMS?: number; monitorCommands?: boolean } = {},
): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 10_000,
    // The tests watch every command sent (index coverage, round trips per user action).
    monitorCommands: options.monitorCommands ?? false,
    // FerretDB and MongoDB alike: build indexes at start-up, since unique indexes are the
    // arbiters of races (case numbers, event sequence, idempotency receipts).
    autoIndex: true,
  });
  await connection.asPromise();
  return connection;
}

export async function closeDatabase(connection: Connection): Promise<void> {
  await connection.close();
}
