import { withDatabaseName } from './mongodb-uri.js';

/** The connection string with the application's database: the one the URI names, else `dbName`. */
export function applicationDatabaseUri(uri: string, dbName: string): string {
  const namesDatabase = /^mongodb(\+srv)?:\/\/[^/]+\/[^?/]+/.test(uri);
  return namesDatabase ? uri : withDatabaseName(uri, dbName);
}
