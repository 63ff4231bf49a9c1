import type { App, ViewSubmitAction, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { FormOutcome } from '../../../app/submit-forms.js';
import { submitDecisionForm, submitReportForm } from '../../../app/submit-forms.js';
import { reportForm } from '../../../app/forms/report-form.js';
import type { FormSpec } from '../../../app/forms/form-types.js';
import { noticeModal } from '../notice-modal.js';
import { SAVE_UNAVAILABLE, SLACK_ANSWER_BUDGET_MS, withinDeadline } from '../slack-deadline.js';
import {
  CUSTOMER_CALLBACK_ID,
  customerMetadataSchema,
  decisionMetadataSchema,
  DECISION_CALLBACK_ID,
  parseJson,
  REPORT_CALLBACK_ID,
} from '../slack-payloads.js';
import { editCustomer } from '../../../app/customer-records.js';
import { customerForm } from '../../../app/forms/customer-form.js';
import { NOT_IN_DIRECTORY, type SlackContext } from '../slack-context.js';
import { readFormValues, responseActionErrors } from '../views/form-modal.view.js';
import { errorMessage } from '../../../logging/log.js';

type Ack = SlackViewMiddlewareArgs<ViewSubmitAction>['ack'];

const UNREADABLE_FORM =
  'This form could not be read. Open it again with `/lcp`, or the case with `/lcp case <number>`.';

/**
 * Answers a submission: errors beside the fields (Slack keeps what was typed), a notice, or close.
 * A report is never replaced by a notice: whatever went wrong is shown above its first field, so
 * the person keeps what they typed.
 */
async function answer<T>(
  ack: Ack,
  outcome: FormOutcome<T>,
  form: FormSpec,
  title: string,
  keepForm = false,
): Promise<void> {
  if (outcome.ok) return ack({ response_action: 'clear' });
  if (outcome.fieldErrors) return ack(responseActionErrors(outcome.fieldErrors, form));
  if (keepForm && form.fields[0])
    return ack(responseActionErrors({ [form.fields[0].id]: outcome.error.message }, form));
  return ack({ response_action: 'update', view: noticeModal(title, outcome.error.message) });
}

/** The work within Slack's window; a failure or a late answer is an error shown in the form. */
async function inTime<T>(
  ctx: SlackContext,
  work: Promise<T>,
  what: string,
): Promise<T | { ok: false; unavailable: true }> {
  const outcome = await withinDeadline(work, SLACK_ANSWER_BUDGET_MS, (error) =>
    ctx.log(`slack: ${what} failed after its answer`, { error: errorMessage(error) }),
  );
  if (outcome.status === 'done') return outcome.value;
  ctx.log(
    `slack: ${what} could not be saved in time`,
    outcome.status === 'failed' ? { error: errorMessage(outcome.error) } : { late: true },
  );
  return { ok: false, unavailable: true };
}

export function registerFormSubmissions(app: App, ctx: SlackContext): void {
  // The case is written before Slack gets its answer, so a failure can still be shown in the form.
  app.view<ViewSubmitAction>(REPORT_CALLBACK_ID, async ({ ack, body, view }) => {
    const values = readFormValues(view.state?.values);
    if (!values) return ack({ response_action: 'update', view: noticeModal('Report', UNREADABLE_FORM) });
    const form = reportForm(values);
    const work = async () => {
      const person = await ctx.services.people.findBySlackUserId(body.user.id);
      if (!person) return null;
      // Slack's retries of one submission share the view id: the receipt makes them one report.
      return submitReportForm(ctx.services, {
        reporterPersonId: person.id,
        reporter: person,
        values,
        idempotencyKey: `slack:view:${view.id}`,
      });
    };
    const outcome = await inTime(ctx, work(), 'a report');
    if (outcome === null) return ack({ response_action: 'update', view: noticeModal('Report', NOT_IN_DIRECTORY) });
    if ('unavailable' in outcome) return ack(responseActionErrors({ [form.fields[0]!.id]: SAVE_UNAVAILABLE }, form));
    await answer(ack, outcome, form, 'Report', true);
  });

  // The customer record (issue 12 §1): saved as the CXM (or above) typed it, errors beside the fields.
  app.view<ViewSubmitAction>(CUSTOMER_CALLBACK_ID, async ({ ack, body, view }) => {
    const metadata = parseJson(customerMetadataSchema, view.private_metadata);
    const values = readFormValues(view.state?.values);
    if (!metadata || !values)
      return ack({
        response_action: 'update',
        view: noticeModal(
          'Customer record',
          'This form could not be read. Open it again with `/lcp customer <account>`.',
        ),
      });
    const form = customerForm(metadata.accountRef, null);
    const work = async () => {
      const person = await ctx.services.people.findBySlackUserId(body.user.id);
      if (!person) return null;
      return editCustomer(ctx.services, {
        actorPersonId: person.id,
        accountRef: metadata.accountRef,
        values,
        source: 'slack',
      });
    };
    const outcome = await inTime(ctx, work(), 'a customer record');
    if (outcome === null)
      return ack({ response_action: 'update', view: noticeModal('Customer record', NOT_IN_DIRECTORY) });
    if ('unavailable' in outcome) return ack(responseActionErrors({ [form.fields[0]!.id]: SAVE_UNAVAILABLE }, form));
    if (outcome.ok)
      return ack({
        response_action: 'update',
        view: noticeModal(
          'Customer record',
          outcome.changed.length
            ? `Saved. Changed: ${outcome.changed.join(', ')}. The change is recorded with your name.`
            : 'Nothing had changed.',
        ),
      });
    if (outcome.errors) return ack(responseActionErrors(outcome.errors, form));
    return ack({ response_action: 'update', view: noticeModal('Customer record', outcome.message) });
  });

  app.view<ViewSubmitAction>(DECISION_CALLBACK_ID, async ({ ack, body, view }) => {
    const metadata = parseJson(decisionMetadataSchema, view.private_metadata);
    if (!metadata)
      return ack({
        response_action: 'update',
        view: noticeModal('Decision', 'This form could not be read. Open the case again with `/lcp case <number>`.'),
      });
    const values = readFormValues(view.state?.values);
    if (!values) return ack({ response_action: 'update', view: noticeModal('Decision', UNREADABLE_FORM) });
    const work = async () => {
      const person = await ctx.services.people.findBySlackUserId(body.user.id);
      if (!person) return null;
      return submitDecisionForm(ctx.services, {
        caseId: metadata.caseId,
        actorPersonId: person.id,
        actor: person,
        action: metadata.action,
        version: metadata.version,
        values,
        idempotencyKey: `slack:view:${view.id}`,
      });
    };
    const outcome = await inTime(ctx, work(), 'a decision');
    if (outcome === null) return ack({ response_action: 'update', view: noticeModal('Decision', NOT_IN_DIRECTORY) });
    // The form's first block is where a form-wide message goes; without the database it cannot be
    // rebuilt, and the submitted view's own first block serves.
    if ('unavailable' in outcome)
      return ack({ response_action: 'errors', errors: { [firstBlockId(view) ?? 'rationale']: SAVE_UNAVAILABLE } });
    await answer(ack, outcome, outcome.form ?? { id: '', title: '', submitLabel: '', fields: [] }, 'Decision');
  });
}

/** The first input block of the submitted view (its state is keyed by block id). */
function firstBlockId(view: { state?: { values?: Record<string, unknown> } }): string | undefined {
  return Object.keys(view.state?.values ?? {})[0];
}
