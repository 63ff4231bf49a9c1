import { customerForm } from '../../../src/app/forms/customer-form.js';
import type { FormValues } from '../../../src/app/forms/form-types.js';
import {
  SLACK_USERS,
  startSlackAppOnOwnDatabase,
  type SlackAppOnOwnDatabase,
} from '../../support/slack-app-harness.js';
import { interactionBody, slashCommandBody, stateFor, viewSubmissionPayload } from './slack-requests.js';

// Slack's `/lcp customer ACC-1` (the record as a modal, CXM and above) and `/lcp check ACC-1`
// (any colleague), as issue 12 §1 and §4 ask.

const SLACK = SLACK_USERS;

let app: SlackAppOnOwnDatabase;
beforeEach(async () => (app = await startSlackAppOnOwnDatabase()));
afterEach(() => app.close());

test('/lcp customer: the CXM edits the record in a modal; bad input is shown beside its field; a colleague is refused', async () => {
  const refused = await app.post(slashCommandBody(SLACK.reporter, 'customer ACC-10001'));
  expect(JSON.stringify(refused.json)).toContain('Only the customer experience manager');
  expect(app.api.of('views.open')).toEqual([]);

  await app.post(slashCommandBody(SLACK.cxm, 'customer ACC-10001'));
  await app.until(() => app.api.of('views.open').length > 0, 'views.open');
  const view = app.api.of('views.open')[0]!.args.view as { callback_id: string; private_metadata: string };
  expect(view.callback_id).toBe('lcp_customer');
  const form = customerForm('ACC-10001', null);
  const values: FormValues = {
    vulnerabilities: 'Sight loss',
    adjustments: 'needs_telephone: calls because of sight loss',
    postal_address: '12 Acacia Avenue\nExampletown\nEX2 2BB',
    email: 'bad@',
    email_ok: 'yes',
  };
  const bad = await app.post(
    interactionBody(
      viewSubmissionPayload(SLACK.cxm, 'lcp_customer', 'VCUST1', stateFor(form, values), view.private_metadata),
    ),
  );
  expect(bad.json).toMatchObject({
    response_action: 'errors',
    errors: { email: expect.stringContaining('an e-mail address') },
  });
  expect(await app.runtime.services.customers.findByAccountRef('ACC-10001')).toBeNull();

  const good = await app.post(
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
  expect(await app.runtime.services.customers.findByAccountRef('ACC-10001')).toMatchObject({
    email: 'alex@example.org',
    emailAcceptable: true,
    vulnerabilities: [{ description: 'Sight loss', status: 'confirmed' }],
  });
  expect((await app.runtime.services.customers.changes('ACC-10001'))[0]).toMatchObject({
    source: 'slack',
    by: { name: 'Cora Experience' },
  });

  // A crafted submission by a colleague is re-checked on the server.
  const crafted = await app.post(
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
  expect((await app.runtime.services.customers.findByAccountRef('ACC-10001'))!.email).toBe('alex@example.org');
});

test('/lcp check: any colleague is told, privately, whether contact is restricted', async () => {
  const answer = await app.command(SLACK.reporter, 'check ACC-10001');
  expect(answer.json).toMatchObject({
    response_type: 'ephemeral',
    text: expect.stringContaining('No restrictions on contact are in force'),
  });
  const bad = await app.command(SLACK.reporter, 'check');
  expect(JSON.stringify(bad.json)).toContain('account reference');
});
