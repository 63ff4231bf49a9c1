import type { WebClient } from '@slack/web-api';
import type { MessageRefRepository } from '../../app/ports.js';
import type { CaseServices } from '../../app/services.js';
import { resolveActor } from '../../app/resolve-actor.js';
import type { Actor } from '../../cases/index.js';
import type { SlackDelivery } from './slack-delivery.js';
import type { Log } from '../../logging/log.js';

/** What every Slack listener needs; listeners stay thin: parse, call a use case, render. */
export interface SlackContext {
  services: CaseServices;
  messageRefs: MessageRefRepository;
  delivery: SlackDelivery;
  log: Log;
}

export const NOT_IN_DIRECTORY =
  'You are not in the Limited Contact directory yet; ask an administrator to add you with your Slack account.';

/** The directory person behind a Slack user id, as the workflow's actor. */
export async function slackActor(ctx: SlackContext, slackUserId: string): Promise<Actor | null> {
  const person = await ctx.services.people.findBySlackUserId(slackUserId);
  return person ? resolveActor(ctx.services.people, person.id, ctx.services.clock()) : null;
}

export async function ephemeral(
  client: WebClient,
  channel: string | undefined,
  user: string,
  text: string,
): Promise<void> {
  // Without a channel (e.g. a click in App Home) the bot's direct message is the place to answer.
  if (channel) await client.chat.postEphemeral({ channel, user, text });
  else await client.chat.postMessage({ channel: user, text });
}
