import type { App, ViewSubmitAction, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { FormOutcome } from '../../../app/submit-forms.js';
import { submitDecisionForm, submitReportForm } from '../../../app/submit-forms.js';
import { decisionForm } from '../../../app/forms/decision-form.js';
import { reportForm } from '../../../app/forms/report-form.js';
import type { FormSpec } from '../../../app/forms/form-types.js';
import { noticeModal } from '../notice-modal.js';
import { decisionMetadataSchema, DECISION_CALLBACK_ID, parseJson, REPORT_CALLBACK_ID } from '../slack-payloads.js';
import { NOT_IN_DIRECTORY, type SlackContext } from '../slack-context.js';
import { formValuesFromState, responseActionErrors } from '../views/form-modal.view.js';

type Ack = SlackViewMiddlewareArgs<ViewSubmitAction>['ack'];

/** Answers a submission: errors beside the fields (Slack keeps what was typed), a notice, or close. */
async function answer<T>(ack: Ack, outcome: FormOutcome<T>, form: FormSpec, title: string): Promise<void> {
  if (outcome.ok) return ack({ response_action: 'clear' });
  if (outcome.fieldErrors) return ack(responseActionErrors(outcome.fieldErrors, form));
  return ack({ response_action: 'update', view: noticeModal(title, outcome.error.message) });
}

export function registerFormSubmissions(app: App, ctx: SlackContext): void {
  // The case is written before Slack gets its answer, so a failure can still be shown in the form.
  app.view<ViewSubmitAction>(REPORT_CALLBACK_ID, async ({ ack, body, view }) => {
    const person = await ctx.services.people.findBySlackUserId(body.user.id);
    if (!person) return ack({ response_action: 'update', view: noticeModal('Report', NOT_IN_DIRECTORY) });
    const values = formValuesFromState(view.state.values);
    // Slack's retries of one submission share the view id: the receipt makes them one report.
    const outcome = await submitReportForm(ctx.services, { reporterPersonId: person.id, values, idempotencyKey: `slack:view:${view.id}` });
    await answer(ack, outcome, reportForm(values), 'Report');
  });

  app.view<ViewSubmitAction>(DECISION_CALLBACK_ID, async ({ ack, body, view }) => {
    const metadata = parseJson(decisionMetadataSchema, view.private_metadata);
    if (!metadata) return ack({ response_action: 'update', view: noticeModal('Decision', 'This form could not be read. Open the case again with `/lcp case <number>`.') });
    const person = await ctx.services.people.findBySlackUserId(body.user.id);
    if (!person) return ack({ response_action: 'update', view: noticeModal('Decision', NOT_IN_DIRECTORY) });
    const values = formValuesFromState(view.state.values);
    const outcome = await submitDecisionForm(ctx.services, {
      caseId: metadata.caseId,
      actorPersonId: person.id,
      action: metadata.action,
      version: metadata.version,
      values,
      idempotencyKey: `slack:view:${view.id}`,
    });
    const kase = outcome.ok ? null : await ctx.services.cases.findById(metadata.caseId);
    const form = kase ? decisionForm(metadata.action, kase) : { id: '', title: '', submitLabel: '', fields: [] };
    await answer(ack, outcome, form, 'Decision');
  });
}
