import type { Connection } from 'mongoose';
import { redactUri, withDatabaseName } from '../../src/store/mongodb-uri.js';
import { findPostgresToolchain } from '../../src/local-database/postgresql-toolchain.js';
import { startLocalDatabase } from '../../src/local-database/start-local-database.js';
import { closeDatabase, openDatabase } from '../../src/store/connection.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';

// The test server is started once by the Jest global setup (test/support/database/global-setup.ts).

function driverDb(connection: Connection) {
  const db = connection.db;
  if (!db) throw new Error('connection has no database handle');
  return db;
}

describe('the test database server', () => {
  let first: TestDatabase;
  let second: TestDatabase;

  beforeAll(async () => {
    first = await openTestDatabase();
    second = await openTestDatabase();
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  test('answers ping', async () => {
    expect(await driverDb(first.connection).admin().ping()).toMatchObject({ ok: 1 });
  });

  test('identifies itself as a real server, the one global setup described', async () => {
    const admin = driverDb(first.connection).admin();
    const buildInfo = await admin.command({ buildInfo: 1 });
    const description = process.env.LCP_TEST_DATABASE_DESCRIPTION ?? '';
    const kind = process.env.LCP_TEST_DATABASE_KIND;

    expect(buildInfo.version).toMatch(/^\d+\.\d+\.\d+/);
    if (typeof buildInfo.ferretdbVersion === 'string') {
      expect(buildInfo.ferretdbVersion).toMatch(/^v\d+\.\d+\.\d+/);
      expect(description).toContain(`FerretDB ${buildInfo.ferretdbVersion}`);
    } else {
      expect(description).toContain(`MongoDB ${buildInfo.version}`);
    }

    if (kind === 'ferretdb' || kind === 'mongodb-memory-server') {
      // A server this run started: serverStatus names a live process of the expected program.
      const status = await admin.command({ serverStatus: 1 });
      expect(status.process).toMatch(kind === 'ferretdb' ? /ferretdb/ : /mongod/);
      expect(() => process.kill(status.pid as number, 0)).not.toThrow();
    }
  });

  test('gives each test database its own name and its own data', async () => {
    expect(first.dbName).not.toBe(second.dbName);
    expect(first.dbName).toMatch(/^lcp_test_[0-9a-f]{10}$/);
    expect(first.uri).toContain(`/${first.dbName}`);
    expect(first.connection.name).toBe(first.dbName);

    await driverDb(first.connection)
      .collection('probe')
      .insertOne({ _id: 'only-in-first' } as never);

    expect(await driverDb(first.connection).collection('probe').countDocuments()).toBe(1);
    expect(await driverDb(second.connection).collection('probe').countDocuments()).toBe(0);
  });

  test('rejects a duplicate key on a unique index with E11000 (the race arbiter the store relies on)', async () => {
    const receipts = driverDb(first.connection).collection('receipts');
    await receipts.createIndex({ key: 1 }, { unique: true });
    await receipts.insertOne({ key: 'delivery-1' });

    await expect(receipts.insertOne({ key: 'delivery-1' })).rejects.toMatchObject({
      code: 11000,
      message: expect.stringMatching(/E11000/),
    });
    expect(await receipts.countDocuments({ key: 'delivery-1' })).toBe(1);
  });

  test('close() drops the database', async () => {
    const scratch = await openTestDatabase();
    await driverDb(scratch.connection).collection('probe').insertOne({ n: 1 });
    await scratch.close();

    const { databases } = await driverDb(first.connection).admin().listDatabases();
    expect(databases.map((database) => database.name)).not.toContain(scratch.dbName);
  });
});

describe('withDatabaseName', () => {
  test.each([
    ['mongodb://127.0.0.1:40123', 'mongodb://127.0.0.1:40123/lcp_test_a'],
    ['mongodb://127.0.0.1:40123/', 'mongodb://127.0.0.1:40123/lcp_test_a'],
    ['mongodb://h1:1,h2:2/app?replicaSet=rs0&w=majority', 'mongodb://h1:1,h2:2/lcp_test_a?replicaSet=rs0&w=majority'],
    [
      'mongodb+srv://u:p%40ss@cluster.example.net/app?retryWrites=true',
      'mongodb+srv://u:p%40ss@cluster.example.net/lcp_test_a?retryWrites=true&authSource=app',
    ],
    ['mongodb://u:p@h:27017/?authSource=other', 'mongodb://u:p@h:27017/lcp_test_a?authSource=other'],
    ['mongodb://u:p@h:27017', 'mongodb://u:p@h:27017/lcp_test_a?authSource=admin'],
  ])('%s', (base, expected) => {
    expect(withDatabaseName(base, 'lcp_test_a')).toBe(expected);
  });

  test('rejects what is not a MongoDB connection string, without echoing the password', () => {
    expect(() => withDatabaseName('postgres://u:secret@h/db', 'x')).toThrow(/not a MongoDB connection string/);
    expect(redactUri('mongodb://u:secret@h:1/db')).toBe('mongodb://u:***@h:1/db');
  });
});

// Where the run itself got FerretDB (no MONGODB_URI, no mongod), the chain's FerretDB steps are
// exercised again here, each backend on purpose; elsewhere the chain would stop at the first step.
const describeFerretDbSteps = process.env.LCP_TEST_DATABASE_KIND === 'ferretdb' ? describe : describe.skip;

describeFerretDbSteps('the local database chain (servers started by the test itself)', () => {
  const withoutExternal = { mongodbUri: '' };

  test('with PostgreSQL installed, FerretDB keeps its data in a private PostgreSQL cluster on 127.0.0.1', async () => {
    const toolchain = await findPostgresToolchain();
    if (!toolchain) {
      console.warn('PostgreSQL server programs are not installed here: the PostgreSQL step is not exercised');
      return;
    }
    const database = await startLocalDatabase({ ...withoutExternal, ferretDbBackend: 'postgresql' });
    try {
      expect(database).toMatchObject({ kind: 'ferretdb', backend: 'postgresql' });
      expect(database.description).toMatch(
        /^FerretDB v1\.24\.2 \(PostgreSQL [\d.]+ backend.*\) at mongodb:\/\/127\.0\.0\.1:\d+$/,
      );
      const connection = await openDatabase(withDatabaseName(database.uri, 'lcp_chain'));
      try {
        const probes = driverDb(connection).collection('probe');
        await probes.insertMany([{ caseId: 'a' }, { caseId: 'b' }]);
        expect(await probes.countDocuments({ caseId: 'b' })).toBe(1);

        // Equality look-ups on _id and on a declared index's first field are served by an index
        // (the GIN twins of postgresql-equality-indexes.ts); a field with no index is scanned.
        await probes.createIndex({ caseId: 1, seq: -1 });
        await probes.insertMany(
          Array.from({ length: 2000 }, (_, i) => ({
            _id: `p-${i}`,
            caseId: `c-${i % 500}`,
            seq: i,
            note: `n-${i}`,
          })) as never,
        );
        const plan = async (filter: object) =>
          JSON.stringify((await driverDb(connection).command({ explain: { find: 'probe', filter } })).queryPlanner);
        expect(await plan({ _id: 'p-7' })).toMatch(/"Index Name":"lcp_eq_[0-9a-f]+"/);
        expect(await plan({ caseId: 'c-7' })).toMatch(/"Index Name":"lcp_eq_[0-9a-f]+"/);
        expect(await plan({ note: 'n-7' })).toMatch(/"Node Type":"Seq Scan"/);
        expect(await probes.findOne({ caseId: 'c-7' }, { sort: { seq: -1 } })).toMatchObject({ seq: 1507 });
      } finally {
        await closeDatabase(connection);
      }
    } finally {
      await database.stop();
    }
  });

  test('LCP_FERRETDB_BACKEND=sqlite (or no PostgreSQL) falls back to FerretDB on SQLite', async () => {
    const database = await startLocalDatabase({ ...withoutExternal, ferretDbBackend: 'sqlite' });
    try {
      expect(database).toMatchObject({ kind: 'ferretdb', backend: 'sqlite' });
      expect(database.description).toMatch(/\(SQLite backend\)/);
      const connection = await openDatabase(withDatabaseName(database.uri, 'lcp_chain'));
      try {
        await driverDb(connection).collection('probe').insertOne({ n: 1 });
        expect(await driverDb(connection).collection('probe').countDocuments({ n: 1 })).toBe(1);
      } finally {
        await closeDatabase(connection);
      }
    } finally {
      await database.stop();
    }
  });
});
