import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { CompositeNotifier } from '../../../src/app/notifications/delivering-notifier.js';
import { createTeamsEndpoint, type TeamsEndpoint } from '../../../src/channels/teams/teams-endpoint.js';
import { TEXT } from '../../../src/channels/teams/teams-text.js';
import { parseTeamsSettings } from '../../../src/channels/teams/teams-settings.js';
import { mongoCaseServices } from '../../../src/store/mongo-case-services.js';
import { MongoConversationReferenceRepository } from '../../../src/store/mongo-conversation-reference.repository.js';
import { MongoMessageRefRepository } from '../../../src/store/mongo-message-ref.repository.js';
import { openTestDatabase, type TestDatabase } from '../../support/database/test-database.js';

// The weekly digest goes to a Teams channel through the connector; the bot, once added to a team,
// answers nothing about cases in a channel.

const SERVICE_URL = 'https://smba.trafficmanager.net/';
const CHANNEL = '19:0123456789abcdef@thread.tacv2';
const posted: { path: string; body: Record<string, unknown> }[] = [];

let db: TestDatabase;
let endpoint: TeamsEndpoint;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  nock(SERVICE_URL)
    .persist()
    .post(/\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/)
    .reply(200, (uri: string, body: unknown) => {
      posted.push({
        path: decodeURIComponent(new URL(uri, SERVICE_URL).pathname),
        body: (typeof body === 'string' ? JSON.parse(body) : body) as Record<string, unknown>,
      });
      return { id: `msg-${posted.length}` };
    });
  db = await openTestDatabase();
  const services = mongoCaseServices(db.connection, new CompositeNotifier([]), () => new Date('2026-12-01T10:00:00Z'));
  endpoint = createTeamsEndpoint({
    services,
    settings: parseTeamsSettings({ LCP_TEAMS_UNAUTHENTICATED: 'local-only' }),
    conversationReferences: new MongoConversationReferenceRepository(db.connection),
    messageRefs: new MongoMessageRefRepository(db.connection),
    log: () => {},
  });
  server = createServer((req, res) => void endpoint.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  if (server) await new Promise((resolve) => server.close(resolve));
  nock.cleanAll();
  nock.enableNetConnect();
  await db?.close();
});

beforeEach(() => {
  posted.length = 0;
});

test('the digest is posted to the configured channel conversation as plain text', async () => {
  await endpoint.delivery.postToConversation(
    CHANNEL,
    SERVICE_URL,
    'Weekly digest: LCP-2026-0001 due 2026-12-03 (Lee Manager)',
  );
  expect(posted).toHaveLength(1);
  expect(posted[0]!.path).toBe(`/v3/conversations/${CHANNEL}/activities`);
  expect(posted[0]!.body).toMatchObject({
    type: 'message',
    text: 'Weekly digest: LCP-2026-0001 due 2026-12-03 (Lee Manager)',
  });
});

test('in a team channel the bot runs no command and stores no reference: it points to the personal chat', async () => {
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: 'channel-msg-1',
      channelId: 'msteams',
      serviceUrl: SERVICE_URL,
      text: '<at>Limited Contact</at> case LCP-2026-0001',
      from: { id: '29:someone', aadObjectId: '00000000-0000-0000-0000-0000000000c1', name: 'Someone' },
      recipient: { id: '28:lcp-bot', name: 'Limited Contact' },
      conversation: { id: `${CHANNEL};messageid=1`, conversationType: 'channel', isGroup: true, tenantId: 'tenant-1' },
      channelData: { tenant: { id: 'tenant-1' }, channel: { id: CHANNEL } },
    }),
  });
  expect(response.status).toBe(200);
  expect(posted).toHaveLength(1);
  expect(posted[0]!.body.text).toBe(TEXT.personalOnly);
  expect(await db.connection.db!.collection('conversation_references').countDocuments()).toBe(0);
});
