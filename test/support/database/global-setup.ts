import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import type { LocalDatabase } from '../../../src/local-database/start-local-database.js';

type StartModule = typeof import('../../../src/local-database/start-local-database.js');

/**
 * Where global-teardown finds the server (Jest runs both hooks in its main process). Repeated there
 * rather than imported: see the note on tsImport below.
 */
const LOCAL_DATABASE_KEY = '__lcpTestDatabase';

/**
 * Starts one real database server for the whole run. Test files reach it through
 * LCP_TEST_MONGODB_URI (they run in this process: --runInBand) and each opens its own database.
 */
export default async function globalSetup(): Promise<void> {
  // Jest loads global hooks without its moduleNameMapper, so the ".js" specifiers used across src/
  // would not resolve to their .ts files; tsx resolves and compiles them.
  const { startLocalDatabase } = (await tsImport(
    '../../../src/local-database/start-local-database.js',
    import.meta.url,
  )) as StartModule;

  const log = (line: string) => console.log(`[test database] ${line}`);
  const database: LocalDatabase = await startLocalDatabase({ log });
  (globalThis as Record<string, unknown>)[LOCAL_DATABASE_KEY] = database;
  process.env.LCP_TEST_MONGODB_URI = database.uri;
  process.env.LCP_TEST_DATABASE_KIND = database.kind;
  process.env.LCP_TEST_DATABASE_DESCRIPTION = database.description;
  // Every test database appends the queries it received here; test/store/index-coverage.test.ts
  // (run last) checks each against the indexes. Named like the repeat in command-recorder.ts.
  const commandLog = path.join(os.tmpdir(), `lcp-test-commands-${process.pid}.jsonl`);
  await writeFile(commandLog, '');
  process.env.LCP_TEST_COMMAND_LOG = commandLog;
  console.log(`Test database: ${database.description}`);
}
