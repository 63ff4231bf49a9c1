import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
// jsonwebtoken comes with botframework-connector (it verifies tokens with it); only this test signs with it.
import jwt from 'jsonwebtoken';
import nock from 'nock';
import { CompositeNotifier } from '../../../src/app/notifications/delivering-notifier.js';
import { createTeamsEndpoint, type TeamsEndpoint } from '../../../src/channels/teams/teams-endpoint.js';
import { parseTeamsSettings } from '../../../src/channels/teams/teams-settings.js';
import { mongoCaseServices } from '../../../src/store/mongo-case-services.js';
import { MongoConversationReferenceRepository } from '../../../src/store/mongo-conversation-reference.repository.js';
import { MongoMessageRefRepository } from '../../../src/store/mongo-message-ref.repository.js';
import { caseFixture, PEOPLE, type Fixture } from '../../app/case-services.fixture.js';
import { openTestDatabase, type TestDatabase } from '../../support/database/test-database.js';

// The authentication-on path with a token the endpoint must accept: botframework-connector fetches
// the Bot Framework OpenID metadata and its JWKS (answered here by nock with a key made by this
// test), checks the signature, issuer, audience (the app id), expiry, the key's endorsement of the
// channel and the token's serviceurl claim. The welcome reply then needs the bot's own outbound
// token, which MSAL gets from the tenant's token endpoint (also answered by nock).

const APP_ID = 'app-123';
const TENANT = 'tenant-1';
const SERVICE_URL = 'https://smba.trafficmanager.net/';
const OPENID_HOST = 'https://login.botframework.com';
const OPENID_PATH = '/v1/.well-known/openidconfiguration';
const KEYS_PATH = '/v1/.well-known/keys';
const ISSUER = 'https://api.botframework.com';
const KID = 'lcp-test-key';
const BOT = { id: '28:lcp-bot', name: 'Limited Contact' };
const AAD_REPORTER = '00000000-0000-0000-0000-00000000a001';

let db: TestDatabase;
let fixture: Fixture;
let references: MongoConversationReferenceRepository;
let endpoint: TeamsEndpoint;
let server: Server;
let baseUrl: string;
let privateKey: KeyObject;
let otherPrivateKey: KeyObject;
const outbound: { path: string; authorization: string | undefined; body: Record<string, unknown> }[] = [];
const unmatched: string[] = [];
let activityCounter = 0;

function installActivity(): Record<string, unknown> {
  return {
    id: `act-${++activityCounter}`,
    type: 'conversationUpdate',
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    timestamp: new Date().toISOString(),
    from: { id: '29:reporter', aadObjectId: AAD_REPORTER, name: 'reporter' },
    recipient: BOT,
    conversation: { id: 'a:chat-reporter', conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    membersAdded: [BOT, { id: '29:reporter', aadObjectId: AAD_REPORTER }],
  };
}

interface TokenOptions {
  audience?: string;
  serviceUrl?: string;
  /** Seconds from now; negative for a token that has expired. */
  expiresIn?: number;
  key?: KeyObject;
  kid?: string;
}

/** A token shaped like the ones the Bot Framework channel service sends to a bot. */
function token(options: TokenOptions = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + (options.expiresIn ?? 3600);
  return jwt.sign(
    { serviceurl: options.serviceUrl ?? SERVICE_URL, nbf: Math.min(now, exp) - 3600, exp },
    options.key ?? privateKey,
    { algorithm: 'RS256', keyid: options.kid ?? KID, issuer: ISSUER, audience: options.audience ?? APP_ID },
  );
}

async function post(authorization: string | undefined): Promise<number> {
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(installActivity()),
  });
  await response.text();
  return response.status;
}

beforeAll(async () => {
  ({ privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 }));
  ({ privateKey: otherPrivateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 }));
  const publicJwk = { ...generatePublicJwk(privateKey), kid: KID, use: 'sig', alg: 'RS256', endorsements: ['msteams'] };

  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  nock.emitter.on('no match', (req: { method?: string; href?: string; path?: string; host?: string }) => {
    const where = req.href ?? `${req.host ?? ''}${req.path ?? ''}`;
    if (!/127\.0\.0\.1|localhost/.test(where)) unmatched.push(`${req.method ?? ''} ${where}`);
  });
  nock(OPENID_HOST)
    .persist()
    .get(OPENID_PATH)
    .reply(200, {
      issuer: ISSUER,
      authorization_endpoint: `${OPENID_HOST}/v1/auth`,
      jwks_uri: `${OPENID_HOST}${KEYS_PATH}`,
      id_token_signing_alg_values_supported: ['RS256'],
    })
    .get(KEYS_PATH)
    .reply(200, { keys: [publicJwk] });
  // MSAL: the tenant's OpenID configuration, then a client-credentials token for the welcome reply.
  const login = `https://login.microsoftonline.com/${TENANT}`;
  nock('https://login.microsoftonline.com')
    .persist()
    .get(/\/discovery\/instance/)
    .reply(200, {
      tenant_discovery_endpoint: `${login}/v2.0/.well-known/openid-configuration`,
      api_version: '1.1',
      metadata: [
        {
          preferred_network: 'login.microsoftonline.com',
          preferred_cache: 'login.windows.net',
          aliases: ['login.microsoftonline.com', 'login.windows.net'],
        },
      ],
    })
    .get(`/${TENANT}/v2.0/.well-known/openid-configuration`)
    .reply(200, {
      issuer: `${login}/v2.0`,
      authorization_endpoint: `${login}/oauth2/v2.0/authorize`,
      token_endpoint: `${login}/oauth2/v2.0/token`,
      end_session_endpoint: `${login}/oauth2/v2.0/logout`,
      jwks_uri: `${login}/discovery/v2.0/keys`,
    })
    .post((path) => path.startsWith(`/${TENANT}/oauth2/v2.0/token`))
    .reply(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: 'outbound-token' });
  nock(SERVICE_URL)
    .persist()
    .post(/\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/)
    .reply(200, function (this: nock.ReplyFnContext, uri: string, body: nock.Body) {
      const parsed = (typeof body === 'string' ? JSON.parse(body || '{}') : body) as Record<string, unknown>;
      outbound.push({
        path: new URL(uri, SERVICE_URL).pathname,
        authorization: this.req.headers.authorization,
        body: parsed,
      });
      return { id: `msg-${outbound.length}` };
    });

  db = await openTestDatabase();
  fixture = await caseFixture(db.connection);
  await fixture.services.people.upsertMany(
    Object.values(PEOPLE).map((p) => ({
      ...p,
      slackUserId: null,
      teamsAadObjectId: p === PEOPLE.reporter ? AAD_REPORTER : null,
    })),
  );
  const services = mongoCaseServices(db.connection, new CompositeNotifier([]), () => new Date('2026-11-30T10:00:00Z'));
  references = new MongoConversationReferenceRepository(db.connection);
  endpoint = createTeamsEndpoint({
    services,
    conversationReferences: references,
    messageRefs: new MongoMessageRefRepository(db.connection),
    log: () => undefined,
    settings: parseTeamsSettings({
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: 'secret',
      MICROSOFT_APP_TENANT_ID: TENANT,
    }),
  });
  server = createServer((req, res) => {
    endpoint.handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  if (server) await new Promise((resolve) => server.close(resolve));
  nock.cleanAll();
  nock.emitter.removeAllListeners('no match');
  nock.enableNetConnect();
  await db?.close();
});

function generatePublicJwk(key: KeyObject): { kty: string; n: string; e: string } {
  const jwk = key.export({ format: 'jwk' }) as { kty: string; n: string; e: string };
  // Only the public members: the JWKS never carries d, p, q...
  return { kty: jwk.kty, n: jwk.n, e: jwk.e };
}

describe('a Bot Framework token', () => {
  let errorSpy: ReturnType<typeof jest.spyOn>;
  beforeEach(() => (errorSpy = jest.spyOn(console, 'error').mockImplementation(() => undefined)));
  afterEach(() => errorSpy.mockRestore());

  test.each([
    ['expired', () => token({ expiresIn: -3600 })],
    ['for another app', () => token({ audience: 'someone-elses-app' })],
    ['for another service URL', () => token({ serviceUrl: 'https://evil.example/' })],
    ['signed with an unknown key id', () => token({ kid: 'unknown-key' })],
  ])('%s: 401, the turn never runs, nothing stored', async (_name, make) => {
    expect(await post(`Bearer ${make()}`)).toBe(401);
    expect(await references.count()).toBe(0);
    expect(outbound).toEqual([]);
  });

  // botframework-connector rethrows jsonwebtoken's "invalid signature" as a plain error, which
  // CloudAdapter.process would answer with 500; the endpoint authenticates first and says 401.
  test('signed with a key that is not in the JWKS: 401, the turn never runs, nothing stored', async () => {
    expect(await post(`Bearer ${token({ key: otherPrivateKey })}`)).toBe(401);
    expect(await references.count()).toBe(0);
    expect(outbound).toEqual([]);
  });

  test('correctly signed, for this app and service URL: 200, the reference is stored and the welcome is sent', async () => {
    expect(await post(`Bearer ${token()}`)).toBe(200);
    expect(unmatched).toEqual([]);
    const stored = await references.findByAadObjectId(AAD_REPORTER);
    expect(stored).toEqual(
      expect.objectContaining({ personId: fixture.ids.reporter, conversationId: 'a:chat-reporter' }),
    );
    expect(outbound).toHaveLength(1);
    expect(outbound[0]!.path).toContain(encodeURIComponent('a:chat-reporter'));
    // The reply is made with the bot's own token, not the one it received.
    expect(outbound[0]!.authorization).toBe('Bearer outbound-token');
  });
});
