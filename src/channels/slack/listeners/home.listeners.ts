import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { awaitingMe, myReports, recordCaseView, reviewsDue } from '../../../app/case-queries.js';
import { postCaseCard } from '../../../app/case-cards.js';
import { reportForm } from '../../../app/forms/report-form.js';
import { caseCardView } from '../../../app/views/case-card-view.js';
import { caseView } from '../../../app/views/case-view.js';
import { REPORT_CALLBACK_ID } from '../slack-payloads.js';
import { ephemeral, NOT_IN_DIRECTORY, slackActor, type SlackContext } from '../slack-context.js';
import { formModal } from '../views/form-modal.view.js';
import { homeView, OPEN_CASE_ACTION, OPEN_REPORT_ACTION } from '../views/home.view.js';
import type { CaseView } from '../../../app/views/case-view.js';

/** App Home as a work queue: awaiting my decision, my reports, and reviews due for tiers 3–4. */
export function registerHome(app: App, ctx: SlackContext): void {
  app.event('app_home_opened', async ({ event, client, context }) => {
    if (event.tab !== 'home' || (context.retryNum ?? 0) > 0) return;
    const actor = await slackActor(ctx, event.user);
    if (!actor) {
      await client.views.publish({
        user_id: event.user,
        view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: NOT_IN_DIRECTORY } }] },
      });
      return;
    }
    const views = (cases: Awaited<ReturnType<typeof myReports>>) =>
      cases.map((k) => caseView(k, actor)).filter((v): v is CaseView => v !== null);
    const due = await reviewsDue(ctx.services, actor, ctx.services.clock());
    await client.views.publish({
      user_id: event.user,
      view: homeView({
        awaiting: views(await awaitingMe(ctx.services, actor)),
        myReports: views(await myReports(ctx.services, actor)),
        reviewsDue: due
          ? due.map((d) => ({ number: d.number, caseId: d.caseId, due: d.overdue ? `${d.due} (overdue)` : d.due }))
          : null,
      }),
    });
  });

  app.action<BlockAction<ButtonAction>>(OPEN_REPORT_ACTION, async ({ ack, body, client }) => {
    await ack();
    await client.views.open({
      trigger_id: body.trigger_id,
      view: formModal(reportForm(), { callbackId: REPORT_CALLBACK_ID, privateMetadata: '{}' }),
    });
  });

  // "Open" posts the case card in the bot's direct message, where its buttons work like any other.
  app.action<BlockAction<ButtonAction>>(OPEN_CASE_ACTION, async ({ ack, body, action, client }) => {
    await ack();
    const actor = await slackActor(ctx, body.user.id);
    if (!actor) return ephemeral(client, undefined, body.user.id, NOT_IN_DIRECTORY);
    const kase =
      typeof action.value === 'string' && action.value.length <= 64
        ? await ctx.services.cases.findById(action.value)
        : null;
    const view = kase ? await caseCardView(ctx.services, kase, actor) : null;
    const person = await ctx.services.people.findById(actor.personId);
    if (!view || !kase || !person) return ephemeral(client, undefined, body.user.id, 'That case was not found.');
    await postCaseCard(
      { messageRefs: ctx.messageRefs, clock: ctx.services.clock },
      { caseId: kase.id, channel: 'slack', recipientPersonId: person.id },
      () => ctx.delivery.sendCard(person, view, `Case ${kase.number}`),
    );
    await recordCaseView(ctx.services, kase, actor, 'slack: home, open');
  });
}
