import type { SlashCommand } from '@slack/bolt';
import type { Actor } from '../../cases/index.js';
import { boardReportText } from '../../reports/chat-reports.js';
import { registerLines } from '../../reports/register.export.js';
import type { SlackContext } from './slack-context.js';
import { escapeMrkdwn } from './views/escape.js';

// `/lcp register` and `/lcp report board 2026`. The register names customers, so it is only ever
// shown in the person's direct message with the app: asked for anywhere else, it is sent there and
// the channel is told only that it was sent. Board report links carry no customer details.

const UNAVAILABLE = 'Reports are not available on this server.';
export const REGISTER_SENT_TO_DM = 'The restriction register names customers, so I have sent it to you in a direct message.';

const isDirectMessage = (command: SlashCommand) => command.channel_id.startsWith('D') || command.channel_name === 'directmessage';

export async function reportAnswer(ctx: SlackContext, command: SlashCommand, actor: Actor, verb: 'register' | 'report', args: string): Promise<{ text: string }> {
  const reports = ctx.services.reports;
  if (!reports) return { text: UNAVAILABLE };
  if (verb === 'report') {
    const [which = '', year = ''] = args.split(/\s+/);
    if (which.toLowerCase() !== 'board') return { text: 'Usage: `/lcp report board 2026`' };
    const links = reports.boardReportLinks(actor, year);
    return { text: links.ok ? escapeMrkdwn(boardReportText(links.value)) : links.message };
  }
  const register = await reports.liveRegister(actor);
  if (!register.ok) return { text: register.message };
  const text = register.value.length
    ? `*Restriction register: in force now (${register.value.length})*\n${registerLines(register.value).map((l) => `• ${escapeMrkdwn(l)}`).join('\n')}\nThe full register with past restrictions: \`lcp register --out DIR\`.`
    : 'No restrictions are in force.';
  if (isDirectMessage(command)) return { text };
  const person = await ctx.services.people.findById(actor.personId);
  if (!person) return { text: UNAVAILABLE };
  await ctx.delivery.sendMessage(person, text);
  return { text: REGISTER_SENT_TO_DM };
}
