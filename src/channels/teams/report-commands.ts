import { resolveActor } from '../../app/resolve-actor.js';
import type { Person } from '../../directory/person.js';
import { registerLines } from '../../reports/register.export.js';
import type { CommandDeps } from './command-deps.js';
import { TEXT } from './teams-text.js';
import { linesCard, linksCard } from '../../../adaptive-cards/case.card.js';

// `register` and `report board 2026` in the bot's personal chat (the only place the bot takes
// commands, so the register, which names customers, never reaches a shared channel).

export async function reportCommand(
  deps: CommandDeps,
  person: Person,
  command: 'register' | 'report',
  args: string,
): Promise<void> {
  const reports = deps.services.reports;
  const actor = await resolveActor(deps.services.people, person.id, deps.services.clock());
  if (!actor) return void (await deps.reply({ text: TEXT.notInDirectory }));
  if (!reports) return void (await deps.reply({ text: 'Reports are not available on this server.' }));
  if (command === 'report') {
    const links = reports.boardReportLinks(actor, args.split(/\s+/)[0] ?? '');
    if (!links.ok) return void (await deps.reply({ text: links.message }));
    // The links are buttons (Action.OpenUrl, issue 12 §5), not text; the summary names no link.
    const { year, pdf, csv, expiresAt } = links.value;
    return void (await deps.reply({
      card: linksCard(
        `Board report ${year}`,
        `Customers anonymised. The links are for you only and work until ${expiresAt.toISOString().slice(11, 16)} UTC.`,
        [
          { label: 'Board report (PDF)', url: pdf },
          { label: 'Figures (CSV)', url: csv },
        ],
      ),
      summary: `Board report ${year}`,
    }));
  }
  const register = await reports.liveRegister(actor);
  if (!register.ok) return void (await deps.reply({ text: register.message }));
  if (register.value.length === 0) return void (await deps.reply({ text: 'No restrictions are in force.' }));
  // The customers are only in the card: the summary is what Teams shows in the notification and
  // the chat list (on a locked phone, too), so it gives the count alone, as Slack's text does.
  const count = `Restriction register: ${register.value.length} in force now`;
  await deps.reply({
    card: linesCard(
      `Restriction register: in force now (${register.value.length})`,
      registerLines(register.value),
      'The full register with past restrictions: lcp register --out DIR.',
    ),
    summary: count,
  });
}
