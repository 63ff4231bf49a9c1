import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { CompositeNotifier } from '../../src/app/notifications/delivering-notifier.js';
import type { CaseServices } from '../../src/app/services.js';
import { createTeamsEndpoint, type TeamsEndpoint } from '../../src/channels/teams/teams-endpoint.js';
import { parseTeamsSettings } from '../../src/channels/teams/teams-settings.js';
import { loadSettings } from '../../src/config.js';
import { conversationReferenceModel } from '../../src/store/conversation-reference.model.js';
import { mongoCaseServices } from '../../src/store/mongo-case-services.js';
import { MongoConversationReferenceRepository } from '../../src/store/mongo-conversation-reference.repository.js';
import { MongoMessageRefRepository } from '../../src/store/mongo-message-ref.repository.js';
import { caseFixture, PEOPLE, type Fixture } from '../app/case-services.fixture.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { BotFrameworkTokens } from './support/bot-framework-tokens.js';

// Issue 13 §2. An authenticated activity is still refused, before any look-up, unless it comes
// over Teams, from our tenant, with a service URL on the allow-list; references to other hosts are
// never stored or used; matching a Teams user by e-mail needs a verified tenant and is recorded.

const APP_ID = 'app-security';
const TENANT = 'tenant-ours';
const OTHER_TENANT = 'tenant-theirs';
const SERVICE_URL = 'https://smba.trafficmanager.net/';
const EVIL_URL = 'https://evil.example/';
const BOT = { id: '28:lcp-bot', name: 'Limited Contact' };
const AAD = { reporter: '00000000-0000-0000-0000-00000000b001', cxm: '00000000-0000-0000-0000-00000000b004' };

let db: TestDatabase;
let fixture: Fixture;
let references: MongoConversationReferenceRepository;
let server: Server;
let baseUrl: string;
const tokens = new BotFrameworkTokens(APP_ID);
const endpoints: Record<string, TeamsEndpoint> = {};
const outbound: string[] = [];
const logged: string[] = [];
let lookups: string[] = [];
let counter = 0;

function activity(who: keyof typeof AAD, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `act-${++counter}`,
    type: 'message',
    text: 'help',
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    timestamp: new Date().toISOString(),
    from: { id: `29:${who}`, aadObjectId: AAD[who], name: who },
    recipient: BOT,
    conversation: { id: `a:chat-${who}`, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    ...extra,
  };
}

async function post(
  endpoint: string,
  body: Record<string, unknown>,
  serviceUrl = String(body.serviceUrl),
): Promise<number> {
  const response = await fetch(`${baseUrl}/${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: tokens.header(serviceUrl) },
    body: JSON.stringify(body),
  });
  await response.text();
  return response.status;
}

/** Counts every directory look-up the turn makes. */
function countingServices(services: CaseServices): CaseServices {
  const people = new Proxy(services.people, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        lookups.push(String(key));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { ...services, people };
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  tokens.mockIdentityServices([TENANT, 'botframework.com']);
  nock(SERVICE_URL)
    .persist()
    .post(/\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/)
    .reply(200, (uri: string) => {
      outbound.push(`POST ${uri}`);
      return { id: `msg-${outbound.length}` };
    })
    .get(/\/v3\/conversations\/[^/]+\/members\/[^/]+$/)
    .reply(200, (uri: string) => {
      outbound.push(`GET ${uri}`);
      return { id: '29:cxm', name: 'Cora', email: PEOPLE.cxm.email, aadObjectId: AAD.cxm };
    });
  nock(EVIL_URL)
    .persist()
    .post(/.*/)
    .reply(200, (uri: string) => {
      outbound.push(`EVIL POST ${uri}`);
      return { id: 'evil' };
    })
    .get(/.*/)
    .reply(200, (uri: string) => {
      outbound.push(`EVIL GET ${uri}`);
      return { id: '29:cxm', email: PEOPLE.cxm.email };
    });

  db = await openTestDatabase();
  fixture = await caseFixture(db.connection);
  // The reporter has a Teams id in the directory; the CXM can only be found by e-mail.
  await fixture.services.people.upsertMany(
    Object.values(PEOPLE).map((p) => ({
      ...p,
      slackUserId: null,
      teamsAadObjectId: p === PEOPLE.reporter ? AAD.reporter : null,
    })),
  );
  const services = countingServices(
    mongoCaseServices(db.connection, new CompositeNotifier([]), () => new Date('2026-11-30T10:00:00Z')),
  );
  references = new MongoConversationReferenceRepository(db.connection);
  const deps = {
    services,
    conversationReferences: references,
    messageRefs: new MongoMessageRefRepository(db.connection),
    log: (m: string, d?: Record<string, unknown>) => void logged.push(`${m} ${JSON.stringify(d ?? {})}`),
  };
  endpoints.single = createTeamsEndpoint({
    ...deps,
    settings: parseTeamsSettings({
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: 'secret',
      MICROSOFT_APP_TENANT_ID: TENANT,
    }),
  });
  endpoints.multi = createTeamsEndpoint({
    ...deps,
    settings: parseTeamsSettings({
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: 'secret',
      MICROSOFT_APP_TYPE: 'MultiTenant',
      LCP_TEAMS_ALLOWED_TENANTS: `${TENANT},tenant-partner`,
    }),
  });
  endpoints.local = createTeamsEndpoint({
    ...deps,
    settings: parseTeamsSettings({ LCP_TEAMS_UNAUTHENTICATED: 'local-only' }),
  });
  server = createServer((req, res) => {
    const endpoint = endpoints[(req.url ?? '').slice(1)]!;
    endpoint.handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
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

beforeEach(async () => {
  outbound.length = 0;
  logged.length = 0;
  lookups = [];
  await conversationReferenceModel(db.connection).deleteMany({});
});

async function expectRefusedUnseen(status: Promise<number>): Promise<void> {
  expect(await status).toBe(403);
  expect(lookups).toEqual([]);
  expect(outbound).toEqual([]);
  expect(await references.count()).toBe(0);
}

describe('a single-tenant bot', () => {
  test('accepts a correctly signed activity from its tenant over Teams (the refusals below are for their one difference)', async () => {
    expect(await post('single', activity('reporter'))).toBe(200);
    expect(lookups).toContain('findByTeamsAadObjectId');
    expect(await references.findByAadObjectId(AAD.reporter)).toEqual(
      expect.objectContaining({ personId: fixture.ids.reporter, matchedBy: 'aad_object_id' }),
    );
  });

  test.each([
    [
      'another tenant (both fields)',
      {
        conversation: { id: 'a:chat-reporter', conversationType: 'personal', tenantId: OTHER_TENANT },
        channelData: { tenant: { id: OTHER_TENANT } },
      },
    ],
    ['another tenant in channelData only', { channelData: { tenant: { id: OTHER_TENANT } } }],
    [
      'another tenant in the conversation only',
      { conversation: { id: 'a:chat-reporter', conversationType: 'personal', tenantId: OTHER_TENANT } },
    ],
    ['no tenant at all', { conversation: { id: 'a:chat-reporter', conversationType: 'personal' }, channelData: {} }],
  ])('refuses an activity from %s before any look-up', async (_name, extra) => {
    await expectRefusedUnseen(post('single', activity('reporter', extra)));
  });

  test.each(['webchat', 'directline'])(
    'refuses the channel "%s" (whose signed token is otherwise good): only Teams',
    async (channelId) => {
      await expectRefusedUnseen(post('single', activity('reporter', { channelId })));
    },
  );

  test('refuses a signed activity whose service URL is not a Teams host, and never calls it', async () => {
    await expectRefusedUnseen(post('single', activity('reporter', { serviceUrl: EVIL_URL }), EVIL_URL));
    await expectRefusedUnseen(
      post(
        'single',
        activity('reporter', { serviceUrl: 'http://smba.trafficmanager.net/' }),
        'http://smba.trafficmanager.net/',
      ),
    );
  });
});

describe('a multi-tenant bot', () => {
  test('accepts only the listed tenants', async () => {
    expect(await post('multi', activity('reporter'))).toBe(200);
    lookups = [];
    outbound.length = 0;
    await conversationReferenceModel(db.connection).deleteMany({});
    await expectRefusedUnseen(
      post(
        'multi',
        activity('reporter', {
          conversation: { id: 'a:chat-reporter', conversationType: 'personal', tenantId: OTHER_TENANT },
          channelData: { tenant: { id: OTHER_TENANT } },
        }),
      ),
    );
  });

  test('cannot start without the list', () => {
    expect(() =>
      loadSettings({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'secret', MICROSOFT_APP_TYPE: 'MultiTenant' }),
    ).toThrow(/LCP_TEAMS_ALLOWED_TENANTS: required for a MultiTenant bot/);
  });
});

describe('stored references and proactive messages', () => {
  test('a reference already stored with another host is never used: the person cannot be reached and nothing is sent there', async () => {
    await references.save({
      aadObjectId: AAD.reporter,
      personId: fixture.ids.reporter,
      conversationId: 'a:chat-reporter',
      reference: {
        serviceUrl: EVIL_URL,
        channelId: 'msteams',
        conversation: { id: 'a:chat-reporter' },
        bot: BOT,
        user: { id: '29:reporter' },
      },
    });
    const reporter = (await fixture.services.people.findById(fixture.ids.reporter))!;
    const delivery = endpoints.single!.delivery;
    expect(await delivery.canReach(reporter)).toBe(false);
    await expect(delivery.sendMessage(reporter, 'Case LCP-2026-0001 needs you')).rejects.toThrow(
      /has not installed the Teams app/,
    );
    await expect(
      delivery.updateCard(
        {
          caseId: 'c1',
          channel: 'teams',
          conversationId: 'a:chat-reporter',
          messageId: 'm1',
          recipientPersonId: fixture.ids.reporter,
          purpose: 'decide',
          postedAt: '2026-11-30T10:00:00Z',
        },
        null,
        'LCP-2026-0001',
      ),
    ).rejects.toThrow(/not on the allow-list/);
    expect(outbound).toEqual([]);
  });

  test('the digest is posted only to an allowed service URL, and settings naming another host do not start', async () => {
    await expect(
      endpoints.single!.delivery.postToConversation('19:abc@thread.tacv2', EVIL_URL, 'digest'),
    ).rejects.toThrow(/not on the allow-list/);
    expect(outbound).toEqual([]);
    expect(() =>
      loadSettings({ LCP_DIGEST_TEAMS_CONVERSATION: '19:abc@thread.tacv2', LCP_DIGEST_TEAMS_SERVICE_URL: EVIL_URL }),
    ).toThrow(/LCP_DIGEST_TEAMS_SERVICE_URL: expected an https URL on a Teams service host/);
    // A sovereign cloud is one setting away.
    expect(
      loadSettings({
        LCP_DIGEST_TEAMS_CONVERSATION: '19:abc@thread.tacv2',
        LCP_DIGEST_TEAMS_SERVICE_URL: 'https://smba.infra.gov.teams.microsoft.us/',
        LCP_TEAMS_SERVICE_HOSTS: 'smba.infra.gov.teams.microsoft.us',
      }).LCP_TEAMS_SERVICE_HOSTS,
    ).toEqual(['smba.infra.gov.teams.microsoft.us']);
  });

  test('the local demo accepts the Playground on this machine, and still no other host', async () => {
    // An install (no reply to send): the Playground's reference is kept.
    expect(
      await post(
        'local',
        activity('reporter', {
          type: 'installationUpdate',
          action: 'add',
          serviceUrl: 'http://localhost:56150/_connector',
        }),
      ),
    ).toBe(200);
    expect((await references.findByAadObjectId(AAD.reporter))?.reference).toEqual(
      expect.objectContaining({ serviceUrl: 'http://localhost:56150/_connector' }),
    );
    lookups = [];
    await conversationReferenceModel(db.connection).deleteMany({});
    await expectRefusedUnseen(post('local', activity('reporter', { serviceUrl: EVIL_URL })));
  });
});

describe('matching a Teams user by e-mail', () => {
  test('with a verified tenant: allowed, and recorded on the reference and in the log', async () => {
    expect(await post('single', activity('cxm'))).toBe(200);
    expect(outbound.some((o) => o.startsWith('GET') && o.includes('/members/'))).toBe(true);
    expect(await references.findByAadObjectId(AAD.cxm)).toEqual(
      expect.objectContaining({ personId: fixture.ids.cxm, matchedBy: 'email' }),
    );
    expect(
      logged.some(
        (l) =>
          l.startsWith('teams: linked a Teams user to a directory person by e-mail') &&
          l.includes(fixture.ids.cxm) &&
          !l.includes(PEOPLE.cxm.email),
      ),
    ).toBe(true);
  });

  test('without authentication (the local demo): never; the member list is not even asked', async () => {
    expect(await post('local', activity('cxm'))).toBe(200);
    expect(outbound.some((o) => o.includes('/members/'))).toBe(false);
    expect(lookups).not.toContain('findByEmail');
    expect(await references.findByAadObjectId(AAD.cxm)).toEqual(expect.objectContaining({ personId: null }));
  });
});
