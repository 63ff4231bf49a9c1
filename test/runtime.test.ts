import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadSettings } from '../src/config.js';
import { createRuntime, type Runtime } from '../src/runtime.js';
import { createHttpServer } from '../src/server.js';
import { openTestDatabase, type TestDatabase } from './support/database/test-database.js';

let db: TestDatabase;
let runtime: Runtime;
let server: Server;
let base: string;

async function start(env: Record<string, string>): Promise<void> {
  runtime = await createRuntime({
    connection: db.connection,
    settings: loadSettings(env),
    log: () => {},
    scheduler: false,
  });
  server = createHttpServer({ ready: async () => true }, runtime.routes);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeEach(async () => {
  db = await openTestDatabase();
});
afterEach(async () => {
  await runtime.stop();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await db.close();
});

describe('the one HTTP server', () => {
  test('without Slack settings Slack is off and only Teams is mounted', async () => {
    await start({});
    expect(runtime.slack).toBeNull();
    // Teams, and the signed report and letter links (GET /reports/<token>, /letters/<token>),
    // which every channel shares.
    expect(Object.keys(runtime.routes).sort()).toEqual(['/api/messages', '/letters/', '/reports/']);
    expect((await fetch(`${base}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${base}/letters/`)).status).toBe(404);
    expect((await fetch(`${base}/letters/0a.${'0'.repeat(64)}`)).status).toBe(403);
    expect((await fetch(`${base}/reports/0a.${'0'.repeat(64)}`)).status).toBe(403);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  test('with a Teams app id, a request to /api/messages without a token gets 401 and nothing is stored', async () => {
    await start({
      MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001',
      MICROSOFT_APP_PASSWORD: 'secret',
      MICROSOFT_APP_TENANT_ID: '00000000-0000-0000-0000-000000000002',
    });
    const activity = {
      type: 'message',
      id: 'a1',
      text: 'report',
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/',
      from: { id: '29:1', aadObjectId: '00000000-0000-0000-0000-0000000000aa' },
      conversation: { id: 'c1', conversationType: 'personal' },
      recipient: { id: '28:bot' },
    };
    const res = await fetch(`${base}/api/messages`, {
      method: 'POST',
      body: JSON.stringify(activity),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(401);
    expect(await db.connection.collection('conversation_references').countDocuments()).toBe(0);
  });
});
