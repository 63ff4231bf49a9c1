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
export const REGISTER_SENT_TO_DM =
  'The restriction register names customers, so I have sent it to you in a direct message.';

const isDirectMessage = (command: SlashCommand) =>
  command.channel_id.startsWith('D') || command.channel_name === 'directmessage';

export async function reportAnswer(
  ctx: SlackContext,
  command: SlashCommand,
  actor: Actor,
  verb: 'register' | 'report',
  args: string,
): Promise<{ text: string; blocks?: object[] }> {
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
  const message = registerMessage(registerLines(register.value));
  if (isDirectMessage(command)) return message;
  const person = await ctx.services.people.findById(actor.personId);
  if (!person) return { text: UNAVAILABLE };
  await ctx.delivery.sendBlocks(person, message.text, message.blocks);
  return { text: REGISTER_SENT_TO_DM };
}

// Block Kit: a section holds at most 3,000 characters and a message 50 blocks.
const SECTION_CHARS = 2900;
const MAX_SECTIONS = 47;

/**
 * The live register as blocks. The customers are only in the blocks: `text` is what Slack shows in
 * notifications (on a locked phone, too), so it gives the count alone.
 */
export function registerMessage(lines: readonly string[]): { text: string; blocks: object[] } {
  const text = lines.length ? `Restriction register: ${lines.length} in force now` : 'No restrictions are in force.';
  const sections: string[] = [];
  let shown = 0;
  for (const line of lines.map((l) => `• ${escapeMrkdwn(l)}`)) {
    const last = sections.at(-1);
    if (last !== undefined && last.length + line.length + 1 <= SECTION_CHARS)
      sections[sections.length - 1] = `${last}\n${line}`;
    else if (sections.length < MAX_SECTIONS) sections.push(line.slice(0, SECTION_CHARS));
    else break;
    shown += 1;
  }
  const more = lines.length - shown;
  const footer = `${more > 0 ? `${more} more not shown here. ` : ''}The full register with past restrictions: \`lcp register --out DIR\`.`;
  return {
    text,
    blocks: [
      {
        type: 'header',
        text: {
          type: 'plain_text',
          text: lines.length ? `Restriction register: in force now (${lines.length})` : 'Restriction register',
        },
      },
      ...sections.map((section) => ({ type: 'section', text: { type: 'mrkdwn', text: section } })),
      { type: 'context', elements: [{ type: 'mrkdwn', text: lines.length ? footer : text }] },
    ],
  };
}
