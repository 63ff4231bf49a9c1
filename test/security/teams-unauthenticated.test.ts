import { networkInterfaces } from 'node:os';
import { request } from 'node:http';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadSettings } from '../../src/config.js';
import { DEMO_DIRECTORY_FILE } from '../../src/demo/demo-directory.js';
import { createRuntime, TEAMS_MESSAGES_PATH, type Runtime } from '../../src/runtime.js';
import { createHttpServer } from '../../src/server.js';
import { collectionContents } from '../support/collection-snapshot.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { startChildApp, type ChildApp } from '../operations/child-app.js';

// Issue 13 §1. Without an app id, Teams runs unauthenticated only in the local demo (no
// MONGODB_URI, the demo people) or when LCP_TEAMS_UNAUTHENTICATED=local-only asks for it, and then
// the whole server listens on 127.0.0.1 only. Anywhere else Teams is off: /api/messages is 404
// and nobody is resolved from an activity's body, whatever NODE_ENV says.

const TIMEOUT_MS = 120_000;
const AAD = '00000000-0000-0000-0000-0000000000aa';
const activity = {
  type: 'message',
  id: 'a1',
  text: 'cases',
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/',
  from: { id: '29:1', aadObjectId: AAD },
  conversation: { id: 'c1', conversationType: 'personal' },
  recipient: { id: '28:bot' },
};
const post = (base: string) =>
  fetch(`${base}${TEAMS_MESSAGES_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.close();
});

describe('no app id outside the local demo: Teams is off', () => {
  let runtime: Runtime | null = null;
  let server: Server | null = null;
  afterEach(async () => {
    await runtime?.stop();
    server?.closeAllConnections();
    if (server) await new Promise((resolve) => server!.close(resolve));
    runtime = null;
    server = null;
  });

  test.each([
    ['MONGODB_URI set (development)', { MONGODB_URI: 'mongodb://db.internal:27017/lcp' }],
    ['MONGODB_URI set, NODE_ENV=test', { MONGODB_URI: 'mongodb://db.internal:27017/lcp', NODE_ENV: 'test' }],
    ["a directory of one's own", { LCP_DIRECTORY: '/srv/hr/people.csv' }],
  ])('%s: an activity to /api/messages is refused with 404 and no person is resolved', async (_name, env) => {
    const settings = loadSettings(env);
    // The connection is the test database whatever MONGODB_URI says; the settings decide the mode.
    runtime = await createRuntime({ connection: db.connection, settings, log: () => {}, scheduler: false });
    await runtime.services.people.upsertMany([
      {
        email: 'a@example.org',
        name: 'Ann Example',
        roles: ['colleague', 'executive_director_of_customers'],
        lineManagerEmail: null,
        slackUserId: null,
        teamsAadObjectId: AAD,
      },
    ]);
    expect(runtime.teams.mode).toBe('off');
    expect(Object.keys(runtime.routes)).not.toContain(TEAMS_MESSAGES_PATH);
    server = createHttpServer({ ready: async () => true }, runtime.routes);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const before = await collectionContents(db.connection);
    const response = await post(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    expect(response.status).toBe(404);
    expect(await collectionContents(db.connection)).toEqual(before);
    // The endpoint itself refuses too, whoever mounts it.
    let status = 0;
    await new Promise<void>((resolve) => {
      const fake = { method: 'POST', headers: {}, resume: () => undefined } as never;
      const res = { writeHead: (s: number) => ((status = s), { end: () => resolve() }) } as never;
      void runtime!.teams.handle(fake, res);
    });
    expect(status).toBe(404);
  });

  test(
    'npm start with MONGODB_URI and no app id: Teams answers 404 and start-up names the settings that switch it on',
    async () => {
      const app = startChildApp({ MONGODB_URI: db.uri });
      try {
        const port = await app.listening();
        await app.waitFor('Stop with Ctrl+C');
        expect(app.stdout()).toContain(
          'Teams:     off (/api/messages answers 404): set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID',
        );
        expect(app.stdout()).not.toContain('127.0.0.1 only');
        expect((await post(`http://127.0.0.1:${port}`)).status).toBe(404);
      } finally {
        await app.stop();
      }
    },
    TIMEOUT_MS,
  );
});

/** An address of this machine other than loopback, if it has one. */
function externalAddress(): string | null {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return null;
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host, port, path: '/healthz', timeout: 3000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

describe('unauthenticated Teams: 127.0.0.1 only', () => {
  let app: ChildApp | null = null;
  afterEach(async () => {
    await app?.stop();
    app = null;
  });

  test('the settings: the demo and LCP_TEAMS_UNAUTHENTICATED=local-only are local-only, production refuses the latter', async () => {
    const { teamsModeOf } = await import('../../src/config.js');
    expect(teamsModeOf(loadSettings({}))).toBe('local-only');
    expect(teamsModeOf(loadSettings({ LCP_DIRECTORY: DEMO_DIRECTORY_FILE }))).toBe('local-only');
    expect(
      teamsModeOf(
        loadSettings({ MONGODB_URI: 'mongodb://db.internal:27017/lcp', LCP_TEAMS_UNAUTHENTICATED: 'local-only' }),
      ),
    ).toBe('local-only');
    expect(() =>
      loadSettings({
        NODE_ENV: 'production',
        MONGODB_URI: 'mongodb://db.internal:27017/lcp',
        LCP_TEAMS_UNAUTHENTICATED: 'local-only',
        LCP_DOWNLOAD_SECRET: 'x'.repeat(32),
        LCP_PUBLIC_URL: 'https://lcp.example.org',
      }),
    ).toThrow(/LCP_TEAMS_UNAUTHENTICATED: expected it unset in production/);
  });

  test(
    'npm start with LCP_TEAMS_UNAUTHENTICATED=local-only listens on 127.0.0.1 only and says so',
    async () => {
      app = startChildApp({ MONGODB_URI: db.uri, LCP_TEAMS_UNAUTHENTICATED: 'local-only', LCP_SCHEDULER: 'off' });
      const port = await app.listening();
      await app.waitFor('Stop with Ctrl+C');
      expect(app.stdout()).toContain(
        `Listening on http://localhost:${port} (127.0.0.1 only: Teams is not authenticated in the local demo).`,
      );
      expect(app.stdout()).toContain('(NOT authenticated: local use only, listening on 127.0.0.1 only)');
      expect(await accepts('127.0.0.1', port)).toBe(true);
      const external = externalAddress();
      if (external) expect([external, await accepts(external, port)]).toEqual([external, false]);
    },
    TIMEOUT_MS,
  );
});
