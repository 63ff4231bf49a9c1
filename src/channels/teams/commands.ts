import { deputyNamedText, nameDeputy } from '../../app/name-deputy.js';
import { resolveActor } from '../../app/resolve-actor.js';
import { awaitingMe, myReports, recordCaseView } from '../../app/case-queries.js';
import { firstPage, moreLine } from '../../app/views/list-page.js';
import { postCaseCard } from '../../app/case-cards.js';
import { reportCommand } from './report-commands.js';
import { dateInLondon } from '../../cases/dates.js';
import type { Person } from '../../directory/person.js';
import { STATE_LABELS } from '../../policy/index.js';
import { caseListCard, noticeCard } from '../../../adaptive-cards/case.card.js';
import { cardFor, customerFormCard, reportFormCard } from './card-actions.js';
import { checkContact, contactCheckLines } from '../../app/contact-checks.js';
import { ACCOUNT_REF, mayEditCustomers } from '../../app/customer-records.js';
import type { CommandDeps } from './command-deps.js';
import { HELP_TEXT, TEXT } from './teams-text.js';

// The personal chat commands of the manifest: report, case <number>, cases, approvals, delegate, help.

export async function runCommand(deps: CommandDeps, person: Person | null, text: string): Promise<void> {
  const [word = '', ...rest] = text.split(/\s+/).filter(Boolean);
  const command = word.toLowerCase();
  if (command === 'help' || command === '') {
    await deps.reply({ text: HELP_TEXT });
    return;
  }
  if (!['report', 'case', 'cases', 'approvals', 'delegate', 'register', 'check', 'customer'].includes(command)) {
    await deps.reply({ text: `I did not understand that.\n${HELP_TEXT}` });
    return;
  }
  if (!person) {
    await deps.reply({ text: TEXT.notInDirectory });
    return;
  }
  switch (command) {
    case 'report':
      if (rest[0]?.toLowerCase() === 'board') return reportCommand(deps, person, 'report', rest.slice(1).join(' '));
      await deps.reply({ card: reportFormCard() });
      return;
    case 'register':
      return reportCommand(deps, person, 'register', '');
    case 'case':
      await showCase(deps, person, rest.join(' '));
      return;
    case 'cases':
    case 'approvals':
      await listCases(deps, person, command);
      return;
    case 'delegate':
      await delegate(deps, person, rest.join(' '));
      return;
    case 'check':
      await check(deps, person, rest.join(' '));
      return;
    case 'customer':
      await customer(deps, person, rest.join(' ').trim());
      return;
  }
}

/** `check ACC-1`: any colleague, before contact (issue 12 §4); no case details, recorded as a view. */
async function check(deps: CommandDeps, person: Person, subject: string): Promise<void> {
  const actor = await resolveActor(deps.services.people, person.id, deps.services.clock());
  if (!actor) return void (await deps.reply({ text: TEXT.notInDirectory }));
  if (!subject) return void (await deps.reply({ text: TEXT.checkUsage }));
  const result = await checkContact(deps.services, actor, subject, 'teams: check');
  if (!result.ok) return void (await deps.reply({ text: TEXT.checkUsage }));
  const { title, lines } = contactCheckLines(result.accountRef, result.check);
  await deps.reply({
    card: noticeCard(title, {
      kind: result.check.status === 'no_restrictions' ? 'done' : 'problem',
      text: lines.join('\n'),
    }),
  });
}

/** `customer ACC-1`: the customer record as a card to edit (the CXM and above). */
async function customer(deps: CommandDeps, person: Person, accountRef: string): Promise<void> {
  const actor = await resolveActor(deps.services.people, person.id, deps.services.clock());
  if (!actor) return void (await deps.reply({ text: TEXT.notInDirectory }));
  if (!accountRef || !ACCOUNT_REF.test(accountRef)) return void (await deps.reply({ text: TEXT.customerUsage }));
  if (!mayEditCustomers(actor))
    return void (await deps.reply({
      text: 'Only the customer experience manager, the corporate head of customers and the executive director (or their deputies) edit customer records.',
    }));
  await deps.reply({ card: customerFormCard(accountRef, await deps.services.customers.findByAccountRef(accountRef)) });
}

/** `delegate jo@example.org until 2026-12-24`: the deputy by their directory e-mail address. */
async function delegate(deps: CommandDeps, person: Person, args: string): Promise<void> {
  const match = /^(\S+@\S+)\s+until\s+(\d{4}-\d{2}-\d{2})$/i.exec(args.trim());
  if (!match) {
    await deps.reply({ text: TEXT.delegateUsage });
    return;
  }
  const [, email, until] = match as unknown as [string, string, string];
  const result = await nameDeputy(deps.services, person.id, await deps.services.people.findByEmail(email), until);
  await deps.reply({
    text: result.ok
      ? deputyNamedText(result.deputy.name, until)
      : result.code === 'DEPUTY.NOT_IN_DIRECTORY'
        ? `${email} ${result.message}.`
        : result.message,
  });
}

/** "LCP-2026-0001", "2026-0001" or "0001"/"1" (this year's case 1). */
export function caseNumberFrom(text: string, now: Date): string | null {
  const t = text.trim().toUpperCase();
  const full = /^(?:LCP-)?(\d{4})-(\d{1,4})$/.exec(t);
  if (full) return `LCP-${full[1]}-${full[2]!.padStart(4, '0')}`;
  const short = /^\d{1,4}$/.exec(t);
  return short ? `LCP-${dateInLondon(now).slice(0, 4)}-${t.padStart(4, '0')}` : null;
}

async function showCase(deps: CommandDeps, person: Person, arg: string): Promise<void> {
  const number = caseNumberFrom(arg, deps.services.clock());
  if (!number) {
    await deps.reply({ text: TEXT.caseUsage });
    return;
  }
  const kase = await deps.services.cases.findByNumber(number);
  const card = kase ? await cardFor(deps.services, person, kase) : null;
  if (!kase || !card) {
    await deps.reply({ text: TEXT.caseNotShown });
    return;
  }
  await postCaseCard(
    { messageRefs: deps.messageRefs, clock: deps.services.clock },
    { caseId: kase.id, channel: 'teams', recipientPersonId: person.id },
    async () => {
      const messageId = await deps.reply({ card });
      return messageId && deps.conversationId ? { conversationId: deps.conversationId, messageId } : null;
    },
  );
  await recordCaseView(deps.services, kase, { personId: person.id, name: person.name }, 'teams: case');
}

async function listCases(deps: CommandDeps, person: Person, which: 'cases' | 'approvals'): Promise<void> {
  const actor = await resolveActor(deps.services.people, person.id, deps.services.clock());
  if (!actor) {
    await deps.reply({ text: TEXT.notInDirectory });
    return;
  }
  const cases = which === 'cases' ? await myReports(deps.services, actor) : await awaitingMe(deps.services, actor);
  const page = firstPage(cases);
  const rows = page.shown.map((c) => ({ caseId: c.id, number: c.number, status: STATE_LABELS[c.state] }));
  await deps.reply({
    card: caseListCard(
      which === 'cases' ? 'Your reports' : 'Waiting for your decision',
      rows,
      which === 'cases' ? TEXT.noReports : TEXT.noApprovals,
      page.more > 0 ? moreLine(page.more) : undefined,
    ),
  });
}
