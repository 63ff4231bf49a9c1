import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { customerForm } from '../../../src/app/forms/customer-form.js';
import type { FormValues } from '../../../src/app/forms/form-types.js';
import { loadSettings } from '../../../src/config.js';
import { createRuntime, type Runtime } from '../../../src/runtime.js';
import { createHttpServer } from '../../../src/server.js';
import { openTestDatabase, type TestDatabase } from '../../support/database/test-database.js';
import { FakeSlackApi } from './fake-slack-api.js';
import { slashCommand } from './slash-command.js';
import { interactionBody, slackHeaders, slashCommandBody, stateFor, viewSubmissionPayload } from './slack-requests.js';

// Slack's `/lcp customer ACC-1` (the record as a modal, CXM and above) and `/lcp check ACC-1`
// (any colleague), as issue 12 §1 and §4 ask.

const SECRET = 'test-signing-secret';
const SLACK = {
  reporter: 'UREPORTER1',
  lineManager: 'ULINEMGR01',
  otherManager: 'UOTHERMG01',
  cxm: 'UCXM000001',
  chc: 'UCHC000001',
  edc: 'UEDC000001',
};

let db: TestDatabase;
let api: FakeSlackApi;
let runtime: Runtime;
let server: Server;
let base: string;

beforeEach(async () => {
  db = await openTestDatabase();
  api = new FakeSlackApi();
  const apiUrl = await api.start();
  runtime = await createRuntime({
    connection: db.connection,
    settings: loadSettings({ SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_API_URL: apiUrl }),
    log: () => {},
    slackRetries: 0,
    scheduler: false,
  });
  await runtime.services.people.upsertMany([
    {
      email: 'rita@example.org',
      name: 'Rita Reporter',
      roles: ['colleague'],
      lineManagerEmail: 'lena@example.org',
      slackUserId: SLACK.reporter,
      teamsAadObjectId: null,
    },
    {
      email: 'lena@example.org',
      name: 'Lena Manager',
      roles: ['colleague', 'line_manager'],
      lineManagerEmail: null,
      slackUserId: SLACK.lineManager,
      teamsAadObjectId: null,
    },
    {
      email: 'omar@example.org',
      name: 'Omar Manager',
      roles: ['colleague', 'line_manager'],
      lineManagerEmail: null,
      slackUserId: SLACK.otherManager,
      teamsAadObjectId: null,
    },
    {
      email: 'cora@example.org',
      name: 'Cora Experience',
      roles: ['colleague', 'customer_experience_manager'],
      lineManagerEmail: null,
      slackUserId: SLACK.cxm,
      teamsAadObjectId: null,
    },
    {
      email: 'hugo@example.org',
      name: 'Hugo Head',
      roles: ['colleague', 'corporate_head_of_customers'],
      lineManagerEmail: null,
      slackUserId: SLACK.chc,
      teamsAadObjectId: null,
    },
    {
      email: 'edith@example.org',
      name: 'Edith Director',
      roles: ['colleague', 'executive_director_of_customers'],
      lineManagerEmail: null,
      slackUserId: SLACK.edc,
      teamsAadObjectId: null,
    },
  ]);
  await runtime.services.people.resolveLineManagers();
  server = createHttpServer({ ready: async () => true }, runtime.routes);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await runtime.stop();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await api.stop();
  await db.close();
});

async function post(body: string, headers = slackHeaders(body, SECRET)): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${base}/slack/events`, { method: 'POST', body, headers });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function until(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('/lcp customer: the CXM edits the record in a modal; bad input is shown beside its field; a colleague is refused', async () => {
  const refused = await post(slashCommandBody(SLACK.reporter, 'customer ACC-10001'));
  expect(JSON.stringify(refused.json)).toContain('Only the customer experience manager');
  expect(api.of('views.open')).toEqual([]);

  await post(slashCommandBody(SLACK.cxm, 'customer ACC-10001'));
  await until(() => api.of('views.open').length > 0, 'views.open');
  const view = api.of('views.open')[0]!.args.view as { callback_id: string; private_metadata: string };
  expect(view.callback_id).toBe('lcp_customer');
  const form = customerForm('ACC-10001', null);
  const values: FormValues = {
    vulnerabilities: 'Sight loss',
    adjustments: 'needs_telephone: calls because of sight loss',
    postal_address: '12 Acacia Avenue\nExampletown\nEX2 2BB',
    email: 'bad@',
    email_ok: 'yes',
  };
  const bad = await post(
    interactionBody(
      viewSubmissionPayload(SLACK.cxm, 'lcp_customer', 'VCUST1', stateFor(form, values), view.private_metadata),
    ),
  );
  expect(bad.json).toMatchObject({
    response_action: 'errors',
    errors: { email: expect.stringContaining('an e-mail address') },
  });
  expect(await runtime.services.customers.findByAccountRef('ACC-10001')).toBeNull();

  const good = await post(
    interactionBody(
      viewSubmissionPayload(
        SLACK.cxm,
        'lcp_customer',
        'VCUST2',
        stateFor(form, { ...values, email: 'alex@example.org' }),
        view.private_metadata,
      ),
    ),
  );
  expect(JSON.stringify(good.json)).toContain('Saved. Changed:');
  expect(await runtime.services.customers.findByAccountRef('ACC-10001')).toMatchObject({
    email: 'alex@example.org',
    emailAcceptable: true,
    vulnerabilities: [{ description: 'Sight loss', status: 'confirmed' }],
  });
  expect((await runtime.services.customers.changes('ACC-10001'))[0]).toMatchObject({
    source: 'slack',
    by: { name: 'Cora Experience' },
  });

  // A crafted submission by a colleague is re-checked on the server.
  const crafted = await post(
    interactionBody(
      viewSubmissionPayload(
        SLACK.reporter,
        'lcp_customer',
        'VCUST3',
        stateFor(form, { ...values, email: 'x@example.org' }),
        view.private_metadata,
      ),
    ),
  );
  expect(JSON.stringify(crafted.json)).toContain('Only the customer experience manager');
  expect((await runtime.services.customers.findByAccountRef('ACC-10001'))!.email).toBe('alex@example.org');
});

test('/lcp check: any colleague is told, privately, whether contact is restricted', async () => {
  const answer = await slashCommand(api, post, SLACK.reporter, 'check ACC-10001');
  expect(answer.json).toMatchObject({
    response_type: 'ephemeral',
    text: expect.stringContaining('No restrictions on contact are in force'),
  });
  const bad = await slashCommand(api, post, SLACK.reporter, 'check');
  expect(JSON.stringify(bad.json)).toContain('account reference');
});
