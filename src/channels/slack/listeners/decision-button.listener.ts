import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { prepareDecision } from '../../../app/prepare-decision.js';
import { buttonValueSchema, DECISION_CALLBACK_ID, parseJson } from '../slack-payloads.js';
import { ephemeral, NOT_IN_DIRECTORY, type SlackContext } from '../slack-context.js';
import { CASE_ACTION_PREFIX } from '../views/case-message.view.js';
import { formModal } from '../views/form-modal.view.js';

/**
 * A decision button: checked on the server (current card? this person's action?) before the
 * form opens. The wrong person or a stale card is told why, privately, and nothing changes.
 */
export function registerDecisionButton(app: App, ctx: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(new RegExp(`^${CASE_ACTION_PREFIX}`), async ({ ack, body, action, client }) => {
    await ack();
    const channel = body.channel?.id;
    const value = parseJson(buttonValueSchema, action.value);
    if (!value)
      return ephemeral(
        client,
        channel,
        body.user.id,
        'That button could not be read. Open the case again with `/lcp case <number>`.',
      );
    const person = await ctx.services.people.findBySlackUserId(body.user.id);
    if (!person) return ephemeral(client, channel, body.user.id, NOT_IN_DIRECTORY);
    const prepared = await prepareDecision(ctx.services, {
      caseId: value.caseId,
      actorPersonId: person.id,
      actor: person,
      action: value.action,
      version: value.version,
    });
    if (!prepared.ok) return ephemeral(client, channel, body.user.id, prepared.error.message);
    const metadata = JSON.stringify({ ...value, ...(channel ? { channelId: channel } : {}) });
    await client.views.open({
      trigger_id: body.trigger_id,
      view: formModal(prepared.form, { callbackId: DECISION_CALLBACK_ID, privateMetadata: metadata }),
    });
  });
}
