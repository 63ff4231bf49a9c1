import { z } from 'zod';
import type { CaseServices } from '../../app/services.js';
import type { MessageRefRepository } from '../../app/ports.js';
import { decideCase } from '../../app/decide-case.js';
import { NO_PART_IN_CASE, prepareDecision } from '../../app/prepare-decision.js';
import { reportIncident } from '../../app/report-incident.js';
import { resolveActorFor } from '../../app/stand-ins.js';
import { caseView, displayTime, actedByText } from '../../app/views/case-view.js';
import { reportForm, reportInputFromForm, reportFieldErrors } from '../../app/forms/report-form.js';
import { decisionCommandFromForm, decisionForm, decisionFieldErrors } from '../../app/forms/decision-form.js';
import type { FieldErrors, FormValues } from '../../app/forms/form-types.js';
import { ACTION_IDS, ACTION_PRESENTATION, type ActionId } from '../../policy/index.js';
import type { Actor, Case } from '../../cases/index.js';
import type { Person } from '../../directory/person.js';
import { VERBS, type AdaptiveCard, type Banner } from '../../../adaptive-cards/card-types.js';
import { caseCard, noticeCard } from '../../../adaptive-cards/case.card.js';
import { formCard, valuesFromCard } from '../../../adaptive-cards/form.card.js';
import { errorText, TEXT } from './teams-text.js';

// The routes behind Action.Execute verbs. Pure of botbuilder: they get who clicked, the verb,
// the card data and the activity's ids, and return the card that replaces the clicked one.

export interface CardActionInput {
  person: Person;
  verb: string;
  data: Record<string, unknown>;
  /** The invoke activity's id: Teams re-sends a slow turn with the same id, so it is the idempotency key. */
  activityId: string;
  /** Where the clicked card is, to redraw it after later decisions. */
  message?: { conversationId: string; messageId: string };
}

export interface CardActionDeps {
  services: CaseServices;
  messageRefs: MessageRefRepository;
}

const caseIds = z.object({ action: z.enum(ACTION_IDS), caseId: z.string().min(1).max(100), version: z.coerce.number().int().min(0) });
const showIds = z.object({ caseId: z.string().min(1).max(100) });

export async function cardAction(deps: CardActionDeps, input: CardActionInput): Promise<AdaptiveCard> {
  switch (input.verb) {
    case VERBS.report:
      return submitReport(deps, input);
    case VERBS.action:
      return openDecision(deps, input);
    case VERBS.decide:
      return confirmDecision(deps, input);
    case VERBS.show:
      return showCase(deps, input);
    default:
      return noticeCard('Limited Contact', { kind: 'problem', text: TEXT.unknownButton });
  }
}

export function reportFormCard(values: FormValues = {}, errors: FieldErrors = {}, banner?: Banner): AdaptiveCard {
  return formCard(reportForm(values), { verb: VERBS.report, data: {}, values, errors, ...(banner ? { banner } : {}) });
}

async function submitReport({ services, messageRefs }: CardActionDeps, input: CardActionInput): Promise<AdaptiveCard> {
  const values = valuesFromCard(reportForm(), input.data);
  const result = await reportIncident(services, { reporterPersonId: input.person.id, report: reportInputFromForm(values), idempotencyKey: key(input) });
  if (!result.ok) {
    const fields = result.error.details?.fields ?? [];
    const errors = result.error.code === 'CASE.INVALID_COMMAND' ? reportFieldErrors(fields) : {};
    return reportFormCard(values, errors, { kind: 'problem', text: errorText(result.error) });
  }
  await remember(services, messageRefs, input, result.case.id);
  const done = result.attached ? `Thank you. Your report was added to the open case ${result.case.number}.` : `Thank you. Your report is case ${result.case.number}.`;
  return (await cardFor(services, input.person, result.case, { kind: 'done', text: done })) ?? noticeCard('Report filed', { kind: 'done', text: done });
}

async function openDecision({ services }: CardActionDeps, input: CardActionInput): Promise<AdaptiveCard> {
  const ids = caseIds.safeParse(input.data);
  if (!ids.success) return noticeCard('Limited Contact', { kind: 'problem', text: TEXT.badCardData });
  // The checks Slack's button makes, run for their record: a refused click is audited alike.
  const audit = () => prepareDecision(services, { caseId: ids.data.caseId, actorPersonId: input.person.id, action: ids.data.action, version: ids.data.version });
  const loaded = await load(services, input.person, ids.data.caseId);
  if ('card' in loaded) {
    await audit();
    return loaded.card;
  }
  const { kase, view } = loaded;
  const stale = kase.version !== ids.data.version;
  if (stale || !view.actions.some((a) => a.action === ids.data.action)) {
    const prepared = await audit();
    // The reason the core gives (e.g. "you reported on this case"), as Slack shows it.
    const reason = !prepared.ok && prepared.error.code === 'CASE.CONFLICT_OF_INTEREST' ? prepared.error.message : TEXT.notYourAction;
    return caseCard(view, { banner: { kind: 'problem', text: stale ? staleText(kase) : reason } });
  }
  const form = decisionForm(ids.data.action, kase, await adjustmentsOf(services, kase));
  return decisionFormCard(form, ids.data);
}

async function confirmDecision(deps: CardActionDeps, input: CardActionInput): Promise<AdaptiveCard> {
  const { services } = deps;
  const ids = caseIds.safeParse(input.data);
  if (!ids.success) return noticeCard('Limited Contact', { kind: 'problem', text: TEXT.badCardData });
  const { action, caseId, version } = ids.data;
  const kase = await services.cases.findById(caseId);
  if (!kase) return noticeCard('Limited Contact', { kind: 'problem', text: TEXT.caseNotShown });

  if (kase.version !== version) {
    // Either Teams re-sent this very turn (the receipt gives back the first outcome) or someone
    // decided since the form was drawn (the workflow says who and when).
    const retry = await decideCase(services, { caseId, actorPersonId: input.person.id, command: { action, expectedVersion: version }, idempotencyKey: key(input) });
    if (retry.ok) return (await cardFor(services, input.person, retry.case, doneBanner(action))) ?? noticeCard('Limited Contact', doneBanner(action));
    const text = retry.error.code === 'CASE.ALREADY_DECIDED' || retry.error.code === 'CASE.DUPLICATE_REQUEST' ? errorText(retry.error) : staleText(kase);
    return (await cardFor(services, input.person, kase, { kind: 'problem', text })) ?? noticeCard('Limited Contact', { kind: 'problem', text });
  }

  const adjustments = await adjustmentsOf(services, kase);
  const form = decisionForm(action, kase, adjustments);
  const values = valuesFromCard(form, input.data);
  const built = await decisionCommandFromForm(action, values, kase, adjustments, async (emails) => {
    const found = await services.people.listByEmails(emails);
    const known = new Map(found.map((p) => [p.email, p.id]));
    const normalised = emails.map((e) => e.trim().toLowerCase());
    return { ids: normalised.flatMap((e) => (known.has(e) ? [known.get(e)!] : [])), unknown: normalised.filter((e) => !known.has(e)) };
  });
  if (!built.ok) return decisionFormCard(form, ids.data, values, built.errors);

  const result = await decideCase(services, { caseId, actorPersonId: input.person.id, command: { ...built.command, expectedVersion: version }, idempotencyKey: key(input) });
  if (result.ok) {
    await remember(services, deps.messageRefs, input, caseId);
    return (await cardFor(services, input.person, result.case, doneBanner(action))) ?? noticeCard('Limited Contact', doneBanner(action));
  }
  const fieldErrors = decisionFieldErrors(result.error, form, action);
  if (fieldErrors) return decisionFormCard(form, ids.data, values, fieldErrors, { kind: 'problem', text: errorText(result.error) });
  const current = (await services.cases.findById(caseId)) ?? kase;
  const problem: Banner = { kind: 'problem', text: errorText(result.error) };
  return (await cardFor(services, input.person, current, problem)) ?? noticeCard('Limited Contact', problem);
}

async function showCase({ services }: CardActionDeps, input: CardActionInput): Promise<AdaptiveCard> {
  const ids = showIds.safeParse(input.data);
  if (!ids.success) return noticeCard('Limited Contact', { kind: 'problem', text: TEXT.badCardData });
  const loaded = await load(services, input.person, ids.data.caseId);
  return 'card' in loaded ? loaded.card : caseCard(loaded.view);
}

function decisionFormCard(form: ReturnType<typeof decisionForm>, ids: { action: ActionId; caseId: string; version: number }, values?: FormValues, errors?: FieldErrors, banner?: Banner): AdaptiveCard {
  return formCard(form, {
    verb: VERBS.decide,
    data: { action: ids.action, caseId: ids.caseId, version: ids.version },
    ...(values ? { values } : {}),
    ...(errors ? { errors } : {}),
    ...(banner ? { banner } : {}),
    cancel: { title: 'Back', verb: VERBS.show, data: { caseId: ids.caseId } },
  });
}

/** The case as this person may see it, or the card that says why not. */
async function load(services: CaseServices, person: Person, caseId: string): Promise<{ card: AdaptiveCard } | { kase: Case; actor: Actor; view: NonNullable<ReturnType<typeof caseView>> }> {
  const kase = await services.cases.findById(caseId);
  const actor = await resolveActorFor(services.people, person.id, services.clock(), kase);
  if (!actor) return { card: noticeCard('Limited Contact', { kind: 'problem', text: TEXT.notInDirectory }) };
  const view = kase ? caseView(kase, actor, await services.cases.events(kase.id), services.letterLinks) : null;
  // A card's button names a case by id: someone pressing a forwarded card is told they have no part
  // in it, not that no case has "that number" (they typed none).
  if (!kase || !view) return { card: noticeCard('Limited Contact', { kind: 'problem', text: kase ? NO_PART_IN_CASE : TEXT.caseNotShown }) };
  return { kase, actor, view };
}

export async function cardFor(services: CaseServices, person: Person, kase: Case, banner?: Banner): Promise<AdaptiveCard | null> {
  const actor = await resolveActorFor(services.people, person.id, services.clock(), kase);
  const view = actor ? caseView(kase, actor, await services.cases.events(kase.id), services.letterLinks) : null;
  return view ? caseCard(view, banner ? { banner } : {}) : null;
}

function staleText(kase: Case): string {
  const last = kase.lastDecision;
  return last ? `Already decided by ${actedByText(last.by)} at ${displayTime(last.at)}.` : TEXT.staleCard;
}

const doneBanner = (action: ActionId): Banner => ({ kind: 'done', text: `${ACTION_PRESENTATION[action].done}: your decision is recorded.` });

const key = (input: CardActionInput) => `teams:${input.activityId}`;

async function adjustmentsOf(services: CaseServices, kase: Case) {
  return (await services.customers.findByAccountRef(kase.customer.accountRef))?.adjustments ?? [];
}

/** The clicked card now shows this case: record it so that later decisions redraw it too. */
async function remember(services: CaseServices, messageRefs: MessageRefRepository, input: CardActionInput, caseId: string): Promise<void> {
  if (!input.message) return;
  await messageRefs.add({ caseId, channel: 'teams', ...input.message, recipientPersonId: input.person.id, purpose: 'case_card', postedAt: services.clock().toISOString() });
}
