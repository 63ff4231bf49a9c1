import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import { CompositeNotifier, DeliveringNotifier } from '../../../src/app/notifications/delivering-notifier.js';
import type { Notifier } from '../../../src/app/ports.js';
import type { CaseServices } from '../../../src/app/services.js';
import { createTeamsEndpoint, type TeamsEndpoint } from '../../../src/channels/teams/teams-endpoint.js';
import { parseTeamsSettings } from '../../../src/channels/teams/teams-settings.js';
import { mongoCaseServices } from '../../../src/store/mongo-case-services.js';
import { MongoConversationReferenceRepository } from '../../../src/store/mongo-conversation-reference.repository.js';
import { MongoMessageRefRepository } from '../../../src/store/mongo-message-ref.repository.js';
import { caseFixture, PEOPLE, type Fixture } from '../../app/case-services.fixture.js';
import { openTestDatabase, type TestDatabase } from '../../support/database/test-database.js';
import { cardErrors } from './card-schema.js';
import { FakeTeamsConnector, TeamsClient, chatOf, type TeamsUser } from '../../support/teams-harness.js';

// Bot Framework activities posted to the real endpoint over HTTP; the connector calls the bot
// makes (replies, proactive cards, card updates, member look-ups) are answered by nock
// (test/support/teams-harness.ts).

const SERVICE_URL = 'https://smba.trafficmanager.net/';
const AAD = {
  reporter: '00000000-0000-0000-0000-00000000a001',
  lineManager: '00000000-0000-0000-0000-00000000a002',
  cxm: '00000000-0000-0000-0000-00000000a003',
  chc: '00000000-0000-0000-0000-00000000a004',
  edc: '00000000-0000-0000-0000-00000000a005',
};
type Who = keyof typeof AAD;

let db: TestDatabase;
let fixture: Fixture;
let services: CaseServices;
let references: MongoConversationReferenceRepository;
let server: Server;
let baseUrl: string;
let secured: TeamsEndpoint;
let open: TeamsEndpoint;
let teams: TeamsClient;
const logged: string[] = [];
// The CXM's member look-up answers with her e-mail: she is matched by it (her AAD id is not in the directory).
const connector = new FakeTeamsConnector(SERVICE_URL, (memberId) => ({
  id: memberId,
  name: 'Cora',
  email: PEOPLE.cxm.email,
  aadObjectId: AAD.cxm,
}));
const outbound = connector.calls;

const user = (who: Who): TeamsUser => ({ key: who, aadObjectId: AAD[who], name: who });
const activity = (who: Who, extra: Record<string, unknown>) => teams.activity(user(who), extra);
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  teams.post(body, headers, `${baseUrl}${path}`);
const message = (who: Who, text: string) => teams.message(user(who), text);
const installs = (who: Who) => teams.install(user(who));
const click = (
  who: Who,
  verb: string,
  data: Record<string, unknown>,
  options: { id?: string; replyToId?: string } = {},
) => teams.click(user(who), verb, data, options);
const cardsSentTo = (who: Who) => connector.cardsTo(user(who));
const chat = (who: Who) => chatOf(user(who));

beforeAll(async () => {
  connector.start();
  db = await openTestDatabase();
  fixture = await caseFixture(db.connection);
  // Everyone is in the directory with their Teams id (matching by e-mail needs a verified tenant:
  // test/security/teams-tenant.test.ts).
  const teamsId = new Map<object, string>([
    [PEOPLE.reporter, AAD.reporter],
    [PEOPLE.lineManager, AAD.lineManager],
    [PEOPLE.cxm, AAD.cxm],
    [PEOPLE.chc, AAD.chc],
    [PEOPLE.edc, AAD.edc],
  ]);
  await fixture.services.people.upsertMany(
    Object.values(PEOPLE).map((p) => ({ ...p, slackUserId: null, teamsAadObjectId: teamsId.get(p) ?? null })),
  );
  const notifiers: Notifier[] = [];
  services = mongoCaseServices(db.connection, new CompositeNotifier(notifiers), () => new Date('2026-11-30T10:00:00Z'));
  references = new MongoConversationReferenceRepository(db.connection);
  const messageRefs = new MongoMessageRefRepository(db.connection);
  const log = (m: string, d?: Record<string, unknown>) => void logged.push(`${m} ${JSON.stringify(d ?? {})}`);
  const deps = { services, conversationReferences: references, messageRefs, log };
  open = createTeamsEndpoint({ ...deps, settings: parseTeamsSettings({ LCP_TEAMS_UNAUTHENTICATED: 'local-only' }) });
  secured = createTeamsEndpoint({
    ...deps,
    settings: parseTeamsSettings({
      MICROSOFT_APP_ID: 'app-123',
      MICROSOFT_APP_PASSWORD: 'secret',
      MICROSOFT_APP_TENANT_ID: 'tenant-1',
    }),
  });
  notifiers.push(
    new DeliveringNotifier(open.delivery, {
      people: services.people,
      messageRefs,
      clock: services.clock,
      events: (id) => services.cases.events(id),
      loadCase: (id) => services.cases.findById(id),
      log,
    }),
  );

  server = createServer((req, res) => {
    const endpoint = req.url === '/secured' ? secured : open;
    endpoint.handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  teams = new TeamsClient(`${baseUrl}/open`, SERVICE_URL);
});

afterAll(async () => {
  server?.closeAllConnections();
  if (server) await new Promise((resolve) => server.close(resolve));
  connector.stop();
  await db?.close();
});

describe('authentication with an app id', () => {
  let errorSpy: ReturnType<typeof jest.spyOn>;
  beforeEach(() => (errorSpy = jest.spyOn(console, 'error').mockImplementation(() => undefined)));
  afterEach(() => errorSpy.mockRestore());

  test('no token: 401 and nothing stored', async () => {
    const response = await post('/secured', activity('reporter', { type: 'message', text: 'report' }));
    expect(response.status).toBe(401);
    expect(await references.count()).toBe(0);
  });

  test('a bad token: 401 and nothing stored', async () => {
    const response = await post('/secured', activity('reporter', { type: 'message', text: 'report' }), {
      authorization: 'Bearer not-a-real-token',
    });
    expect(response.status).toBe(401);
    expect(await references.count()).toBe(0);
    expect(outbound).toEqual([]);
  });
});

describe('the HTTP adapter', () => {
  test('refuses GET, a non-JSON body and an oversized body', async () => {
    expect((await fetch(`${baseUrl}/open`)).status).toBe(405);
    expect((await fetch(`${baseUrl}/open`, { method: 'POST', body: 'not json' })).status).toBe(400);
    expect(
      (await fetch(`${baseUrl}/open`, { method: 'POST', body: JSON.stringify({ text: 'x'.repeat(600 * 1024) }) }))
        .status,
    ).toBe(413);
  });
});

describe('conversation references', () => {
  test('installing the app stores the reference, linked by AAD object id, and says hello', async () => {
    for (const who of ['reporter', 'lineManager', 'chc', 'edc'] as const)
      expect((await installs(who)).status).toBe(200);
    const stored = await references.findByAadObjectId(AAD.reporter);
    expect(stored).toEqual(
      expect.objectContaining({ personId: fixture.ids.reporter, conversationId: chat('reporter') }),
    );
    expect(stored!.reference).toEqual(
      expect.objectContaining({
        serviceUrl: SERVICE_URL,
        conversation: expect.objectContaining({ id: chat('reporter') }),
      }),
    );
    expect(
      outbound.some(
        (o) => o.path.includes(encodeURIComponent(chat('reporter'))) && String(o.body.text).includes('Limited Contact'),
      ),
    ).toBe(true);
  });

  test('an install as Teams sends it (installationUpdate, then conversationUpdate) greets once', async () => {
    const greetings = () =>
      outbound.filter(
        (o) =>
          o.method === 'POST' &&
          o.path.includes(encodeURIComponent(chat('edc'))) &&
          String(o.body.text).startsWith('Hello.'),
      ).length;
    const before = greetings();
    expect((await post('/open', activity('edc', { type: 'installationUpdate', action: 'add' }))).status).toBe(200);
    expect((await installs('edc')).status).toBe(200);
    expect(greetings()).toBe(before + 1);
  });

  test('without authentication nobody is matched by e-mail: no member look-up, the person is found by AAD object id', async () => {
    await message('cxm', 'help');
    expect(outbound.some((o) => o.method === 'GET' && o.path.includes('/members/'))).toBe(false);
    expect(await references.findByAadObjectId(AAD.cxm)).toEqual(
      expect.objectContaining({ personId: fixture.ids.cxm, matchedBy: 'aad_object_id' }),
    );
  });
});

describe('report, then an approver decides through Universal Actions', () => {
  let caseId: string;

  test('the report command answers with the report form card', async () => {
    await message('reporter', 'report');
    const card = cardsSentTo('reporter').at(-1)!;
    expect(cardErrors(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('"id":"customer_account_ref"');
    expect(card.actions).toEqual([expect.objectContaining({ type: 'Action.Execute', verb: 'lcp_report' })]);
  });

  test('an invalid report comes back on the card with what was typed and why', async () => {
    const card = await click('reporter', 'lcp_report', {
      customer_name: 'Alex Example',
      description: 'Shouted at me for ten minutes.',
    });
    const json = JSON.stringify(card);
    expect(json).toContain('"value":"Alex Example"');
    expect(json).toContain('"value":"Shouted at me for ten minutes."');
    expect(json).toContain('Color":"Attention"'.slice(1)); // per-field error TextBlocks
    expect(await services.cases.findByNumber('LCP-2026-0001')).toBeNull();
  });

  test('a valid report creates the case and the line manager gets a card', async () => {
    const card = await click('reporter', 'lcp_report', {
      customer_account_ref: 'ACC-10001',
      customer_name: 'Alex Example',
      occurred_at__date: '2026-11-30',
      occurred_at__time: '09:15',
      channel: 'telephone',
      behaviours: 'unacceptable_language:insulting',
      description: 'The customer called the colleague useless and shouted for ten minutes.',
      threatened_or_hurt: 'no',
      counter_allegation: 'no',
      resident_on_resident: 'no',
    });
    expect(JSON.stringify(card)).toContain('Your report is case LCP-2026-0001');
    const kase = await services.cases.findByNumber('LCP-2026-0001');
    expect(kase?.state).toBe('line_manager_review');
    caseId = kase!.id;
    const lmCard = cardsSentTo('lineManager').at(-1)!;
    expect(cardErrors(lmCard)).toEqual([]);
    expect(lmCard.actions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ verb: 'lcp_action', data: { action: 'escalate', caseId, version: kase!.version } }),
      ]),
    );
  });

  test('the case command shows the case card', async () => {
    await message('lineManager', 'case LCP-2026-0001');
    expect(JSON.stringify(cardsSentTo('lineManager').at(-1))).toContain('Case LCP-2026-0001');
  });

  test('the wrong person gets a card that says why, at the click and at the confirm', async () => {
    const kase = (await services.cases.findById(caseId))!;
    const atClick = await click('reporter', 'lcp_action', { action: 'escalate', caseId, version: kase.version });
    // The words Slack shows for the same click: both ask the same use case (prepareDecision).
    expect(JSON.stringify(atClick)).toContain("Only the reporter's line manager (or their deputy) can decide this.");
    const atConfirm = await click('reporter', 'lcp_decide', {
      action: 'escalate',
      caseId,
      version: kase.version,
      safe_to_continue: 'yes',
      support_offered: 'Debrief',
      rationale: 'Repeated abuse',
    });
    expect(JSON.stringify(atConfirm)).toContain('Only ');
    expect((await services.cases.findById(caseId))!.version).toBe(kase.version);
  });

  test('the approver clicks Escalate, gets the decision form, confirms; every stored copy is redrawn', async () => {
    const kase = (await services.cases.findById(caseId))!;
    const form = await click('lineManager', 'lcp_action', { action: 'escalate', caseId, version: kase.version });
    const json = JSON.stringify(form);
    for (const id of ['safe_to_continue', 'support_offered', 'rationale']) expect(json).toContain(`"id":"${id}"`);
    expect(form.actions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ verb: 'lcp_decide', data: { action: 'escalate', caseId, version: kase.version } }),
      ]),
    );

    const updatesBefore = outbound.filter((o) => o.method === 'PUT').length;
    const data = {
      action: 'escalate',
      caseId,
      version: kase.version,
      safe_to_continue: 'yes',
      support_offered: 'Debrief with the team leader',
      rationale: 'Repeated abuse on the phone',
    };
    const done = await click('lineManager', 'lcp_decide', data, { id: 'invoke-decide-1' });
    expect(JSON.stringify(done)).toContain('Escalated: your decision is recorded.');
    expect((await services.cases.findById(caseId))!.state).toBe('cxm_review');
    const updates = outbound.filter((o) => o.method === 'PUT').slice(updatesBefore);
    expect(updates.length).toBeGreaterThan(0);
    for (const u of updates) expect(cardErrors((u.body.attachments as { content: unknown }[])[0]!.content)).toEqual([]);

    // Teams re-sends the slow turn with the same activity id: same answer, no second decision.
    const again = await click('lineManager', 'lcp_decide', data, { id: 'invoke-decide-1' });
    expect(JSON.stringify(again)).toContain('Escalated: your decision is recorded.');
    const escalations = (await services.cases.events(caseId)).filter((e) => e.action === 'escalate');
    expect(escalations).toHaveLength(1);
  });

  test('a stale card says who decided and when', async () => {
    const kase = (await services.cases.findById(caseId))!;
    const stale = {
      action: 'escalate',
      caseId,
      version: kase.version - 1,
      safe_to_continue: 'yes',
      support_offered: 'x',
      rationale: 'y',
    };
    const atClick = await click('lineManager', 'lcp_action', stale);
    expect(JSON.stringify(atClick)).toContain('Already decided by Lena Manager');
    const atConfirm = await click('lineManager', 'lcp_decide', stale, { id: 'invoke-stale-1' });
    expect(JSON.stringify(atConfirm)).toContain('Already decided by Lena Manager');
    expect((await services.cases.events(caseId)).filter((e) => e.action === 'escalate')).toHaveLength(1);
  });

  /** The approver's path on Teams: the button on their card, the decision form, the confirm. */
  async function decideOnTeams(who: Who, action: string, inputs: Record<string, string>): Promise<void> {
    const kase = (await services.cases.findById(caseId))!;
    const proactive = cardsSentTo(who).at(-1)!;
    expect(cardErrors(proactive)).toEqual([]);
    expect(proactive.actions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ verb: 'lcp_action', data: { action, caseId, version: kase.version } }),
      ]),
    );
    const form = await click(who, 'lcp_action', { action, caseId, version: kase.version });
    for (const id of Object.keys(inputs)) expect(JSON.stringify(form)).toContain(`"id":"${id}"`);
    const done = await click(
      who,
      'lcp_decide',
      { action, caseId, version: kase.version, ...inputs },
      { id: `invoke-${action}-${who}` },
    );
    expect(JSON.stringify(done)).toContain('your decision is recorded.');
  }

  test('tiers 2, 3 and 4 decide on their proactive cards: the warning is issued', async () => {
    await decideOnTeams('cxm', 'escalate', {
      risk_assessment: 'not_needed',
      risk_reference: '',
      flag_marker_reason: '',
      rationale: 'Third call this month with the same abuse',
    });
    expect((await services.cases.findById(caseId))!.state).toBe('chc_review');

    await decideOnTeams('chc', 'propose_warning', {
      complaint_reference: 'CMP-2026-77',
      complaint_status: 'investigated',
      adjustments_considered: 'No adjustments are recorded; e-mail contact was offered and kept open.',
      adjustments_made: '',
      behaviours: 'unacceptable_language:insulting',
      examples: 'Called the colleague useless and shouted for ten minutes',
      rationale: 'The behaviour is repeated and the complaint has been investigated',
    });
    expect((await services.cases.findById(caseId))!.state).toBe('edc_warning_approval');

    await decideOnTeams('edc', 'approve_warning', { rationale: 'Proportionate: a warning first, as §26 sets out' });
    const issued = (await services.cases.findById(caseId))!;
    expect(issued.state).toBe('warning_issued');

    // One decision per tier, in order, by the people of those tiers.
    const decisions = (await services.cases.events(caseId)).filter((e) =>
      ['escalate', 'propose_warning', 'approve_warning'].includes(e.action),
    );
    expect(decisions.map((e) => [e.action, e.actor.personId])).toEqual([
      ['escalate', fixture.ids.lineManager],
      ['escalate', fixture.ids.cxm],
      ['propose_warning', fixture.ids.chc],
      ['approve_warning', fixture.ids.edc],
    ]);
    // The reporter's card and the earlier approvers' cards were redrawn with the outcome.
    const redrawn = outbound.filter((o) => o.method === 'PUT' && JSON.stringify(o.body).includes('Warning issued'));
    expect(redrawn.length).toBeGreaterThan(0);
    for (const u of redrawn) expect(cardErrors((u.body.attachments as { content: unknown }[])[0]!.content)).toEqual([]);
  });
});
