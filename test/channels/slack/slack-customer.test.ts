import { customerForm } from '../../../src/app/forms/customer-form.js';
import type { FormValues } from '../../../src/app/forms/form-types.js';
import type { Runtime } from '../../../src/runtime.js';
import { openTestDatabase, type TestDatabase } from '../../support/database/test-database.js';
import { SLACK_USERS, startSlackAppHarness, type SlackAppHarness } from '../../support/slack-app-harness.js';
import type { FakeSlackApi } from './fake-slack-api.js';
import { slashCommand } from './slash-command.js';
import { interactionBody, slashCommandBody, stateFor, viewSubmissionPayload } from './slack-requests.js';

// Slack's `/lcp customer ACC-1` (the record as a modal, CXM and above) and `/lcp check ACC-1`
// (any colleague), as issue 12 §1 and §4 ask.

const SLACK = SLACK_USERS;

let db: TestDatabase;
let app: SlackAppHarness;
let api: FakeSlackApi;
let runtime: Runtime;

beforeEach(async () => {
  db = await openTestDatabase();
  app = await startSlackAppHarness({ connection: db.connection });
  ({ api, runtime } = app);
});

afterEach(async () => {
  await app.close();
  await db.close();
});

const post = (body: string, headers?: Record<string, string>) => app.post(body, headers);
/** Bolt answers Slack first and finishes the listener afterwards: wait for the Web API calls. */
const until = (predicate: () => boolean, what: string, timeoutMs?: number) => app.until(predicate, what, timeoutMs);

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
