import { rm } from 'node:fs/promises';
import type { LocalDatabase } from '../../../src/local-database/start-local-database.js';

// Same key as in global-setup.ts. Jest loads global hooks without moduleNameMapper, so a runtime
// import of './global-setup.js' would not resolve to the .ts file; type imports are erased.
const LOCAL_DATABASE_KEY = '__lcpTestDatabase';

export default async function globalTeardown(): Promise<void> {
  const database = (globalThis as Record<string, unknown>)[LOCAL_DATABASE_KEY] as LocalDatabase | undefined;
  delete (globalThis as Record<string, unknown>)[LOCAL_DATABASE_KEY];
  await database?.stop();
  if (process.env.LCP_TEST_COMMAND_LOG) await rm(process.env.LCP_TEST_COMMAND_LOG, { force: true });
}
