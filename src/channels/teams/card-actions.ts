import { z } from 'zod';
import type { CaseServices } from '../../app/services.js';
import type { Customer, MessageRefRepository } from '../../app/ports.js';
import { editCustomer } from '../../app/customer-records.js';
import { customerForm } from '../../app/forms/customer-form.js';
import { NO_PART_IN_CASE, prepareDecision } from '../../app/prepare-decision.js';
import { submitDecisionForm, submitReportForm } from '../../app/submit-forms.js';
import { postCaseCard } from '../../app/case-cards.js';
import { resolveActorFor } from '../../app/stand-ins.js';
import { caseCardView } from '../../app/views/case-card-view.js';
import type { CaseView } from '../../app/views/case-view.js';
import { reportForm } from '../../app/forms/report-form.js';
import type { FieldErrors, FormSpec, FormValues } from '../../app/forms/form-types.js';
import { ACTION_IDS, ACTION_PRESENTATION, type ActionId } from '../../policy/index.js';
import type { Actor, Case, CaseError } from '../../cases/index.js';
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

const caseIds = z.object({
  action: z.enum(ACTION_IDS),
  caseId: z.string().min(1).max(100),
  version: z.coerce.number().int().min(0),
});
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
    case VERBS.customer:
      return saveCustomer(deps, input);
    default:
      return noticeCard('Limited Contact', { kind: 'problem', text: TEXT.unknownButton });
  }
}

export function customerFormCard(
  accountRef: string,
  customer: Customer | null,
  values?: FormValues,
  errors: FieldErrors = {},
  banner?: Banner,
): AdaptiveCard {
  return formCard(customerForm(accountRef, customer), {
    verb: VERBS.customer,
    data: { accountRef },
    ...(values ? { values } : {}),
    errors,
    ...(banner ? { banner } : {}),
  });
}

const customerIds = z.object({ accountRef: z.string().trim().min(1).max(64) });

/** The customer record card's save (issue 12 §1): re-checked on the server, audited with who saved it. */
async function saveCustomer({ services }: CardActionDeps, input: CardActionInput): Promise<AdaptiveCard> {
  const ids = customerIds.safeParse(input.data);
  if (!ids.success) return noticeCard('Customer record', { kind: 'problem', text: TEXT.badCardData });
  const values = valuesFromCard(customerForm(ids.data.accountRef, null), input.data);
  const result = await editCustomer(services, {
    actorPersonId: input.person.id,
    accountRef: ids.data.accountRef,
    values,
    source: 'teams',
  });
  if (result.ok)
    return noticeCard('Customer record', {
      kind: 'done',
      text: result.changed.length
        ? `Saved. Changed: ${result.changed.join(', ')}. The change is recorded with your name.`
        : 'Nothing had changed.',
    });
  if (result.errors)
    return customerFormCard(ids.data.accountRef, null, values, result.errors, {
      kind: 'problem',
      text: 'Some details need correcting: see the messages under the fields.',
    });
  return noticeCard('Customer record', { kind: 'problem', text: result.message });
}

export function reportFormCard(values: FormValues = {}, errors: FieldErrors = {}, banner?: Banner): AdaptiveCard {
  return formCard(reportForm(values), { verb: VERBS.report, data: {}, values, errors, ...(banner ? { banner } : {}) });
}

async function submitReport({ services, messageRefs }: CardActionDeps, input: CardActionInput): Promise<AdaptiveCard> {
  const values = valuesFromCard(reportForm(), input.data);
  const outcome = await submitReportForm(services, {
    reporterPersonId: input.person.id,
    values,
    idempotencyKey: key(input),
  });
  if (!outcome.ok)
    return reportFormCard(
      values,
      outcome.fieldErrors ?? {},
      outcome.error ? { kind: 'problem', text: errorText(outcome.error) } : undefined,
    );
  await remember(services, messageRefs, input, outcome.case.id);
  const done = outcome.attached
    ? `Thank you. Your report was added to the open case ${outcome.case.number}.`
    : `Thank you. Your report is case ${outcome.case.number}.`;
  return (
    (await cardFor(services, input.person, outcome.case, { kind: 'done', text: done })) ??
    noticeCard('Report filed', { kind: 'done', text: done })
  );
}

/** A decision button: the same checks (and audit of a refusal) as Slack's, then the form as card inputs. */
async function openDecision({ services }: CardActionDeps, input: CardActionInput): Promise<AdaptiveCard> {
  const ids = caseIds.safeParse(input.data);
  if (!ids.success) return noticeCard('Limited Contact', { kind: 'problem', text: TEXT.badCardData });
  const prepared = await prepareDecision(services, {
    caseId: ids.data.caseId,
    actorPersonId: input.person.id,
    actor: input.person,
    action: ids.data.action,
    version: ids.data.version,
  });
  if (!prepared.ok) return refusalCard(services, input.person, ids.data.caseId, prepared.error);
  return decisionFormCard(prepared.form, ids.data);
}

/** The decision form submitted: the same use case as Slack's modal; the answer replaces the card. */
async function confirmDecision(
  { services, messageRefs }: CardActionDeps,
  input: CardActionInput,
): Promise<AdaptiveCard> {
  const ids = caseIds.safeParse(input.data);
  if (!ids.success) return noticeCard('Limited Contact', { kind: 'problem', text: TEXT.badCardData });
  const { action, caseId, version } = ids.data;
  // Teams re-sends a slow turn with the same activity id: kept on the decision's event, it gives back the first outcome.
  const outcome = await submitDecisionForm(services, {
    caseId,
    actorPersonId: input.person.id,
    actor: input.person,
    action,
    version,
    values: (form) => valuesFromCard(form, input.data),
    idempotencyKey: key(input),
  });
  if (outcome.ok) {
    // Independent of each other: recording where the card is and drawing it go side by side.
    const [, card] = await Promise.all([
      remember(services, messageRefs, input, caseId),
      cardFor(services, input.person, outcome.case, doneBanner(action)),
    ]);
    return card ?? noticeCard('Limited Contact', doneBanner(action));
  }
  if (outcome.fieldErrors) {
    return decisionFormCard(
      outcome.form,
      ids.data,
      outcome.values,
      outcome.fieldErrors,
      outcome.error ? { kind: 'problem', text: errorText(outcome.error) } : undefined,
    );
  }
  return refusalCard(services, input.person, caseId, outcome.error);
}

async function showCase({ services }: CardActionDeps, input: CardActionInput): Promise<AdaptiveCard> {
  const ids = showIds.safeParse(input.data);
  if (!ids.success) return noticeCard('Limited Contact', { kind: 'problem', text: TEXT.badCardData });
  const loaded = await load(services, input.person, ids.data.caseId);
  return 'card' in loaded ? loaded.card : caseCard(loaded.view);
}

function decisionFormCard(
  form: FormSpec,
  ids: { action: ActionId; caseId: string; version: number },
  values?: FormValues,
  errors?: FieldErrors,
  banner?: Banner,
): AdaptiveCard {
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
async function load(
  services: CaseServices,
  person: Person,
  caseId: string,
): Promise<{ card: AdaptiveCard } | { kase: Case; actor: Actor; view: CaseView }> {
  const kase = await services.cases.findById(caseId);
  const actor = await resolveActorFor(services.people, person, services.clock(), kase);
  if (!actor) return { card: noticeCard('Limited Contact', { kind: 'problem', text: TEXT.notInDirectory }) };
  const view = kase ? await caseCardView(services, kase, actor) : null;
  // A card's button names a case by id: someone pressing a forwarded card is told they have no part
  // in it, not that no case has "that number" (they typed none).
  if (!kase || !view)
    return {
      card: noticeCard('Limited Contact', { kind: 'problem', text: kase ? NO_PART_IN_CASE : TEXT.caseNotShown }),
    };
  return { kase, actor, view };
}

/**
 * A refused or stale click: the case as it is now with the reason on top. Someone who may not see
 * the case is told only that they have no part in it (or that they are not in the directory).
 */
async function refusalCard(
  services: CaseServices,
  person: Person,
  caseId: string,
  error: CaseError,
): Promise<AdaptiveCard> {
  const kase = await services.cases.findById(caseId);
  const card = kase ? await cardFor(services, person, kase, { kind: 'problem', text: errorText(error) }) : null;
  // A card's button names a case by id: someone pressing a forwarded card is told they have no part
  // in it, not that no case has "that number" (they typed none).
  return (
    card ??
    noticeCard('Limited Contact', {
      kind: 'problem',
      text: error.code === 'CASE.UNKNOWN_PERSON' ? TEXT.notInDirectory : kase ? NO_PART_IN_CASE : TEXT.caseNotShown,
    })
  );
}

export async function cardFor(
  services: CaseServices,
  person: Person,
  kase: Case,
  banner?: Banner,
): Promise<AdaptiveCard | null> {
  const actor = await resolveActorFor(services.people, person, services.clock(), kase);
  const view = actor ? await caseCardView(services, kase, actor) : null;
  return view ? caseCard(view, banner ? { banner } : {}) : null;
}

const doneBanner = (action: ActionId): Banner => ({
  kind: 'done',
  text: `${ACTION_PRESENTATION[action].done}: your decision is recorded.`,
});

const key = (input: CardActionInput) => `teams:${input.activityId}`;

/** The clicked card now shows this case: record it so that later decisions redraw it too. */
async function remember(
  services: CaseServices,
  messageRefs: MessageRefRepository,
  input: CardActionInput,
  caseId: string,
): Promise<void> {
  const shown = input.message ?? null;
  await postCaseCard(
    { messageRefs, clock: services.clock },
    { caseId, channel: 'teams', recipientPersonId: input.person.id },
    async () => shown,
  );
}
