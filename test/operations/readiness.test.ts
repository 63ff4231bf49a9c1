import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureFerretDbBinary } from '../../src/local-database/ferretdb-binary.js';
import { startFerretDb, type RunningFerretDb } from '../../src/local-database/ferretdb-server.js';
import { startChildApp, type ChildApp } from './child-app.js';

// The app's own database goes away and comes back on the same port and data: /readyz follows it
// (503 while it is away, 200 again after), /healthz stays 200, and the process is never restarted.
// A FerretDB of this test's own, so the shared test server is not disturbed.

const TIMEOUT_MS = 120_000;

let dataDir: string;
let binary: string;
let ferret: RunningFerretDb | null = null;
let app: ChildApp | null = null;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lcp-readyz-'));
  binary = await ensureFerretDbBinary({ log: () => {} });
});
afterAll(async () => {
  await app?.stop('SIGKILL');
  await ferret?.stop();
  await rm(dataDir, { recursive: true, force: true });
}, TIMEOUT_MS);

async function status(url: string): Promise<number> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    await res.text();
    return res.status;
  } catch {
    return 0;
  }
}

/** Polls until the URL answers `expected`; returns how long it took. */
async function until(url: string, expected: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  let last = 0;
  while (Date.now() - started < timeoutMs) {
    last = await status(url);
    if (last === expected) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} still answers ${last}, not ${expected}, after ${timeoutMs} ms`);
}

test(
  '/readyz turns 503 when the database goes away and 200 again when it returns, without a restart',
  async () => {
    ferret = await startFerretDb({ binary, dataDir });
    const dbPort = Number(new URL(ferret.uri).port);
    app = startChildApp({ MONGODB_URI: `${ferret.uri}/lcp_readyz`, LCP_SCHEDULER: 'on' });
    const port = await app.listening();
    const base = `http://127.0.0.1:${port}`;
    expect(await status(`${base}/readyz`)).toBe(200);

    await ferret.stop();
    ferret = null;
    const down = await until(`${base}/readyz`, 503, 15_000);
    expect(await status(`${base}/healthz`)).toBe(200);

    ferret = await startFerretDb({ binary, dataDir, port: dbPort });
    const back = await until(`${base}/readyz`, 200, 45_000);
    expect(await status(`${base}/healthz`)).toBe(200);
    // The same process all along.
    expect(app.child.exitCode).toBeNull();
    process.stdout.write(`readyz: 503 ${down} ms after the database stopped, 200 ${back} ms after it returned\n`);

    expect(await app.stop('SIGTERM')).toBe(0);
    app = null;
  },
  TIMEOUT_MS,
);
