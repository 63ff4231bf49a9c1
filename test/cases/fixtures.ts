import type { z } from 'zod';
import {
  commandSchema,
  decide,
  incidentReportInputSchema,
  lettersAwaitingDispatch,
  SYSTEM_ACTOR,
  type Actor,
  type Case,
  type DecideContext,
  type DecideResult,
} from '../../src/cases/index.js';
import { addMonths, dateInLondon } from '../../src/cases/dates.js';
import { TRANSITIONS, type ActionId, type CaseState, type RoleId, type TransitionRow } from '../../src/policy/index.js';

// Builders for the workflow tests. Cases are always produced by the real `decide`, step by step
// from a report, so a test of state X sees exactly what a case reaching X in production holds.

export type CommandInput = z.input<typeof commandSchema>;
export type ReportInput = z.input<typeof incidentReportInputSchema>;

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------

const person = (personId: string, name: string, roles: RoleId[]): Actor => ({
  personId,
  name,
  roles,
  deputisingFor: [],
});

export const actors = {
  /** The reporter of every driven case. */
  colleague: person('p-colleague', 'Rita Reporter', ['colleague']),
  /** A colleague who did not report on the case. */
  otherColleague: person('p-colleague-2', 'Colin Colleague', ['colleague']),
  /** The reporter's own line manager (tier 1 for the case). */
  lineManager: person('p-lm', 'Lena Linemanager', ['colleague', 'line_manager']),
  /** A line manager who is NOT the reporter's. */
  otherLineManager: person('p-lm-2', 'Omar Otherlm', ['colleague', 'line_manager']),
  cxm: person('p-cxm', 'Cara Cxm', ['colleague', 'customer_experience_manager']),
  chc: person('p-chc', 'Chris Chc', ['colleague', 'corporate_head_of_customers']),
  /** A second CHC who takes no decision on the driven cases (appeal independence). */
  chc2: person('p-chc-2', 'Charlie Chc', ['colleague', 'corporate_head_of_customers']),
  edc: person('p-edc', 'Eve Edc', ['colleague', 'executive_director_of_customers']),
  /** A second EDC who takes no decision on the driven cases (appeal independence). */
  edc2: person('p-edc-2', 'Ed Edc', ['colleague', 'executive_director_of_customers']),
  /** A senior colleague outside the customer tiers who decides appeals (issue 11 §3). */
  appealReviewer: person('p-reviewer', 'Rae Reviewer', ['colleague', 'appeal_reviewer']),
  admin: person('p-admin', 'Ada Admin', ['colleague', 'admin']),
  system: SYSTEM_ACTOR,
} satisfies Record<string, Actor>;

export type ActorKey = keyof typeof actors;
export const ACTOR_KEYS = Object.keys(actors) as ActorKey[];

/** `deputy` acting, right now, for `principal` (resolved by the app from the directory). */
export function deputyOf(principal: Actor, deputy: Actor = person('p-deputy', 'Dee Deputy', ['colleague'])): Actor {
  return {
    ...deputy,
    deputisingFor: [{ personId: principal.personId, name: principal.name, roles: [...principal.roles] }],
  };
}

const ROLE_HOLDER: Record<RoleId, Actor> = {
  colleague: actors.colleague,
  line_manager: actors.lineManager,
  customer_experience_manager: actors.cxm,
  corporate_head_of_customers: actors.chc,
  executive_director_of_customers: actors.edc,
  appeal_reviewer: actors.appealReviewer,
  admin: actors.admin,
};

/** Who approves a case waiting in `state` (the reporter's line manager at tier 1). */
export const APPROVER_OF: Partial<Record<CaseState, Actor>> = {
  line_manager_review: actors.lineManager,
  cxm_review: actors.cxm,
  chc_review: actors.chc,
  edc_warning_approval: actors.edc,
  edc_restriction_approval: actors.edc,
  edc_refusal_approval: actors.edc,
};

// ---------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------

export const DEFAULT_ORIGIN = new Date('2026-01-05T10:00:00Z');

/** Days after the origin on which each step of the driven path is taken. */
const STEP_DAYS = {
  report: 0,
  resolve: 1,
  escalateLm: 1,
  escalateCxm: 2,
  proposeWarning: 3,
  approveWarning: 4,
  proposeRestrictions: 7,
  approveRestrictions: 9,
  breach: 28,
  proposeRefusal: 29,
  refuse: 30,
} as const;

export type Timeline = Record<keyof typeof STEP_DAYS, Date>;

export function timeline(origin: Date = DEFAULT_ORIGIN): Timeline {
  const entries = Object.entries(STEP_DAYS).map(([step, days]) => [step, new Date(origin.getTime() + days * DAY)]);
  return Object.fromEntries(entries) as Timeline;
}

/** When tests act on a driven case: after every step of the default path. */
export const AT = new Date('2026-03-02T10:00:00Z');

export const plusDays = (instant: Date, days: number): Date => new Date(instant.getTime() + days * DAY);
export const plusHours = (instant: Date, hours: number): Date => new Date(instant.getTime() + hours * HOUR);
export const isoDay = (isoDate: string, days: number): string =>
  dateInLondon(new Date(Date.parse(`${isoDate}T12:00:00Z`) + days * DAY));

/** The restriction dates the driven path proposes on `proposedOn`: start a week later, review after 3 months, end after 6. */
export function restrictionDates(proposedOn: Date): { startDate: string; reviewDate: string; endDate: string } {
  const startDate = isoDay(dateInLondon(proposedOn), 7);
  return { startDate, reviewDate: addMonths(startDate, 3), endDate: addMonths(startDate, 6) };
}

/** End date of the restrictions on a case driven with the default origin. */
export const RESTRICTIONS_END = restrictionDates(timeline().proposeRestrictions).endDate;

/** End date of the refusal of all contact on a case driven with the default origin: 6 months (the default) from its approval. */
export const REFUSAL_END = addMonths(dateInLondon(timeline().refuse), 6);

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

export const NEW_CASE = { id: 'case-1', number: 'LCP-2026-0001', lineManagerId: actors.lineManager.personId };

export function reportInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    customerAccountRef: 'ACC-100234',
    customerName: 'Pat Customer',
    complaintReference: 'CMP-2025-0412',
    occurredAt: '2026-01-05T09:15:00Z',
    channel: 'telephone',
    behaviours: [{ criterionId: 'unacceptable_language', behaviourId: 'insulting' }],
    description: 'The caller said "you are all useless idiots" and repeated it four times.',
    affectedPeople: 'Rita Reporter',
    evidenceRefs: ['CALL-20260105-0915'],
    threatenedOrHurt: false,
    knownVulnerabilities: '',
    counterAllegation: false,
    possibleResidentOnResident: false,
    ...overrides,
  };
}

export const URGENT_REPORT: Partial<ReportInput> = {
  behaviours: [{ criterionId: 'abusive_behaviour', behaviourId: 'violence' }],
  description: 'The customer said "I will come to the office and hurt you".',
  threatenedOrHurt: true,
};

export type RestrictionItemInput = Extract<CommandInput, { action: 'propose_restrictions' }>['restrictions'][number];

export function restrictionItems(dates: {
  startDate: string;
  reviewDate: string;
  endDate: string;
}): RestrictionItemInput[] {
  return [
    { type: 'letter_only', details: { thirdPartyAllowed: true, thirdPartyName: 'Citizens Advice' }, ...dates },
    { type: 'witness_required', details: { witnessRole: 'a team leader' }, ...dates },
  ];
}

export const ADJUSTMENTS_CONSIDERED =
  'No support need or agreed adjustment is recorded; the customer was asked and declined.';

/** §27: whether the case holds a report of an incident after its warning letter. */
export function reportAfterWarning(kase: Case | null): boolean {
  const warnedAt = kase?.letters.find((l) => l.kind === 'warning')?.sentAt;
  return Boolean(warnedAt && kase?.reports.some((r) => Date.parse(r.occurredAt) >= Date.parse(warnedAt)));
}

/** The continued behaviour a CHC records when proposing restrictions (§27): an hour before `now`. */
export function continuedBehaviour(now: Date) {
  return {
    occurredAt: plusHours(now, -1).toISOString(),
    channel: 'telephone' as const,
    description: 'The customer called again after the warning and swore at the adviser.',
    behaviours: [],
  };
}

/**
 * What a restriction proposal needs beyond its restrictions since issue 12: how adjustments were
 * considered, and the continued behaviour since the warning (§27), dated when the warning was sent.
 */
export function continuedSinceWarning(kase: Case): {
  adjustmentsConsidered: string;
  continuedBehaviour: ReturnType<typeof continuedBehaviour>;
} {
  const warnedAt = kase.letters.find((l) => l.kind === 'warning')?.sentAt ?? kase.updatedAt;
  return {
    adjustmentsConsidered: ADJUSTMENTS_CONSIDERED,
    continuedBehaviour: { ...continuedBehaviour(new Date(warnedAt)), occurredAt: warnedAt },
  };
}

/** Continued behaviour an hour before `now`, but never before the warning letter (a test clock may not move). */
function continuedBehaviourFor(kase: Case | null, now: Date) {
  const warnedAt = kase?.letters.find((l) => l.kind === 'warning')?.sentAt;
  const at = warnedAt && Date.parse(warnedAt) > plusHours(now, -1).getTime() ? new Date(warnedAt) : plusHours(now, -1);
  return { ...continuedBehaviour(now), occurredAt: at.toISOString() };
}

const rationaleRequired = (action: ActionId) =>
  TRANSITIONS.some((t) => t.action === action && t.rationale === 'required');

/**
 * A valid payload for `action` with every gate input satisfied, for a case like `kase` at `now`.
 * Rows that need no rationale get none, so the lifecycle test proves they do not need one.
 */
export function validCommand(action: ActionId, kase: Case | null = null, now: Date = AT): CommandInput {
  const r = rationaleRequired(action) ? { rationale: `Reasons for ${action.replaceAll('_', ' ')}, written down.` } : {};
  switch (action) {
    case 'report':
      return { action, report: reportInput() };
    case 'attach_report':
      return {
        action,
        report: reportInput({
          occurredAt: plusHours(now, -1).toISOString(),
          description: 'The customer called again and swore at the adviser.',
        }),
      };
    case 'escalate':
      return kase?.state === 'cxm_review'
        ? { action, ...r, riskAssessment: { outcome: 'completed', reference: 'RA-2026-017' } }
        : {
            action,
            ...r,
            colleagueSupport: {
              safeToContinue: true,
              supportOffered: 'Debrief with the line manager and EAP details.',
            },
          };
    case 'propose_warning':
      return {
        action,
        ...r,
        behaviours: [
          {
            criterionId: 'unacceptable_language',
            behaviourId: 'insulting',
            example: 'Called the adviser a "useless idiot" on 5 January.',
          },
        ],
        complaint: { reference: 'CMP-2025-0412', status: 'being_investigated' },
        adjustmentsConsidered: 'No disability or support need is recorded; the customer was asked and declined.',
        adjustmentsMade: [],
      };
    case 'propose_restrictions':
    case 'review_vary':
      return {
        action,
        ...r,
        restrictions: restrictionItems(restrictionDates(now)),
        proportionality:
          'Calls have continued after the warning; letters through an adviser keep the complaint moving.',
        adjustmentsConsidered: ADJUSTMENTS_CONSIDERED,
        adjustmentJustifications: {},
        ...(action === 'propose_restrictions' && !reportAfterWarning(kase)
          ? { continuedBehaviour: continuedBehaviourFor(kase, now) }
          : {}),
      };
    case 'request_information':
      return { action, ...r, question: 'Was anyone else present on the call?' };
    case 'provide_information':
      return { action, ...r, answer: 'Yes, my team leader heard it on speaker.' };
    case 'propose_refusal':
      return { action, ...r, breachConfirmed: true, adjustmentsConsidered: ADJUSTMENTS_CONSIDERED };
    case 'renew_refusal':
      return { action, ...r, adjustmentsConsidered: ADJUSTMENTS_CONSIDERED, durationMonths: 6 };
    case 'refuse_all_contact':
      return { action, ...r, stopComplaintInvestigation: false };
    case 'record_police_or_legal_action':
      return { action, ...r, kind: 'police', reference: 'MET-2026-55' };
    case 'receive_new_complaint':
      return { action, ...r, summary: 'The customer complains that a repair was missed.' };
    case 'decide_new_complaint':
      return {
        action,
        ...r,
        complaintId: kase?.newComplaints.find((c) => c.decision === null)?.id ?? 'NC1',
        outcome: 'investigate',
      };
    case 'receive_appeal':
      return { action, ...r, grounds: 'The customer says the warning was based on a misheard call.' };
    case 'decide_appeal':
      return { action, ...r, outcome: 'uphold' };
    case 'answer_police_question':
      return { action, ...r, policeCalled: true };
    case 'propose_protective_step':
      return { action, ...r, description: 'Office visits suspended for 48 hours pending ratification.' };
    case 'ratify_protective_step':
      return {
        action,
        ...r,
        stepId: kase?.urgentPath?.protectiveSteps.find((s) => s.ratification === null)?.id ?? 'P1',
        ratified: true,
      };
    case 'record_dispatch':
      return {
        action,
        ...r,
        letterIndex: (kase ? lettersAwaitingDispatch(kase).at(-1) : undefined) ?? 0,
        method: 'posted',
        dispatchedOn: dateInLondon(now),
      };
    case 'resolve_informally':
    case 'close_no_further_action':
    case 'refer_to_asb':
    case 'propose_flag_marker':
    case 'approve_flag_marker':
    case 'reject_flag_marker':
    case 'approve_warning':
    case 'send_back':
    case 'close_behaviour_modified':
    case 'approve_restrictions':
    case 'review_continue':
    case 'review_lift':
    case 'expire':
      return { action, ...r };
  }
}

/** The command without its rationale. */
export function withoutRationale(command: CommandInput): CommandInput {
  const copy: Record<string, unknown> = { ...command };
  delete copy.rationale;
  return copy as CommandInput;
}

// ---------------------------------------------------------------------------------------------
// Driving cases through the real decide
// ---------------------------------------------------------------------------------------------

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** decide() with every input frozen, so a mutation throws (ES modules are strict). */
export function run(
  kase: Case | null,
  command: CommandInput,
  actor: Actor,
  now: Date,
  context: DecideContext = {},
): DecideResult {
  return decide(deepFreeze(kase), deepFreeze(command), deepFreeze(actor), now, deepFreeze(context));
}

/** Takes a step that must succeed, and returns the next case. */
export function apply(
  kase: Case | null,
  command: CommandInput,
  actor: Actor,
  now: Date,
  context: DecideContext = {},
): Case {
  const result = run(kase, command, actor, now, kase === null ? { newCase: NEW_CASE, ...context } : context);
  if (!result.ok) {
    throw new Error(
      `step ${command.action} by ${actor.name} from ${kase?.state ?? 'none'} failed: ${JSON.stringify(result.error)}`,
    );
  }
  return deepFreeze(result.next);
}

export function expectOk(result: DecideResult): Extract<DecideResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result;
}

export function expectError(result: DecideResult): Extract<DecideResult, { ok: false }>['error'] {
  if (result.ok) throw new Error(`expected an error, but the case moved to ${result.next.state}`);
  return result.error;
}

export interface CaseOptions {
  /** The first report says someone was threatened or hurt (§14, §32). */
  urgent?: boolean;
  /** A flag marker is proposed at the CXM tier and left provisional. */
  flagMarker?: boolean;
  /** In `restricted`: an incident after the restrictions began has been attached (§31). */
  breach?: boolean;
  origin?: Date;
}

export const PATH: readonly CaseState[] = [
  'line_manager_review',
  'cxm_review',
  'chc_review',
  'edc_warning_approval',
  'warning_issued',
  'edc_restriction_approval',
  'restricted',
  'edc_refusal_approval',
  'contact_refused',
];

const cache = new Map<string, Case>();

/**
 * A case in `state`, reached through the real decide from a report: report → LM escalates → CXM
 * escalates → CHC proposes a warning → EDC approves → CHC proposes restrictions → EDC approves →
 * an incident breaches them → CHC proposes refusal → EDC refuses all contact. `closed` is an
 * informal resolution by the line manager. The result is deep-frozen (and cached).
 */
export function caseIn(state: CaseState, options: CaseOptions = {}): Case {
  const key = JSON.stringify([
    state,
    options.urgent ?? false,
    options.flagMarker ?? false,
    options.breach ?? false,
    options.origin?.toISOString() ?? null,
  ]);
  let kase = cache.get(key);
  if (!kase) {
    kase = build(state, options);
    cache.set(key, kase);
  }
  return kase;
}

function build(target: CaseState, options: CaseOptions): Case {
  const t = timeline(options.origin);
  const report = reportInput({
    occurredAt: plusHours(t.report, -1).toISOString(),
    ...(options.urgent ? URGENT_REPORT : {}),
  });
  let kase = apply(null, { action: 'report', report }, actors.colleague, t.report);
  const step = (action: ActionId, actor: Actor, now: Date, extra: Partial<CommandInput> = {}) => {
    kase = apply(kase, { ...validCommand(action, kase, now), ...extra } as CommandInput, actor, now);
  };

  if (target === 'closed') {
    step('resolve_informally', actors.lineManager, t.resolve);
    return kase;
  }
  if (target === 'line_manager_review') {
    // No real path puts a flag marker on a case still at tier 1 (only the CXM proposes one and a
    // case never returns to tier 1), so this one precondition is patched onto a real case.
    if (options.flagMarker) kase = deepFreeze({ ...kase, flagMarker: provisionalMarker(t.report) });
    return kase;
  }
  step('escalate', actors.lineManager, t.escalateLm);
  if (target === 'cxm_review') {
    if (options.flagMarker) step('propose_flag_marker', actors.cxm, plusHours(t.escalateLm, 2));
    return kase;
  }
  step(
    'escalate',
    actors.cxm,
    t.escalateCxm,
    options.flagMarker ? { proposeFlagMarker: { reason: 'Threats to staff: warn anyone visiting.' } } : {},
  );
  if (target === 'chc_review') return kase;
  step('propose_warning', actors.chc, t.proposeWarning);
  if (target === 'edc_warning_approval') return kase;
  step('approve_warning', actors.edc, t.approveWarning);
  if (target === 'warning_issued') return kase;
  step('propose_restrictions', actors.chc, t.proposeRestrictions);
  if (target === 'edc_restriction_approval') return kase;
  step('approve_restrictions', actors.edc, t.approveRestrictions);
  if (target === 'restricted' && !options.breach) return kase;
  step('attach_report', actors.otherColleague, t.breach);
  if (target === 'restricted') return kase;
  step('propose_refusal', actors.chc, t.proposeRefusal);
  if (target === 'edc_refusal_approval') return kase;
  step('refuse_all_contact', actors.edc, t.refuse);
  return kase;
}

function provisionalMarker(at: Date): NonNullable<Case['flagMarker']> {
  return {
    status: 'provisional',
    reason: 'Threats to staff: warn anyone visiting.',
    proposedBy: { personId: actors.cxm.personId, name: actors.cxm.name, onBehalfOf: null },
    proposedAt: at.toISOString(),
    decidedBy: null,
    decidedAt: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Scenarios: one valid use of each row from each of its states
// ---------------------------------------------------------------------------------------------

export const fromStates = (row: TransitionRow): (CaseState | 'none')[] =>
  row.from === 'none' ? ['none'] : [...row.from];

/** The person the table says takes `row` from `from`. */
export function rightActor(row: TransitionRow, from: CaseState | 'none'): Actor {
  switch (row.by.kind) {
    case 'any_colleague':
      return row.action === 'report' ? actors.colleague : actors.otherColleague;
    case 'reporter':
      return actors.colleague;
    case 'system':
      return actors.system;
    case 'state_approver': {
      const approver = from === 'none' ? undefined : APPROVER_OF[from];
      if (!approver) throw new Error(`no approver for ${from}`);
      return approver;
    }
    case 'roles':
      return ROLE_HOLDER[row.by.roles[0]!];
    case 'line_manager_or_roles':
      return actors.lineManager;
    case 'senior_without_prior_decision':
      return actors.edc2;
    case 'letter_approver_or_roles':
      return actors.cxm;
  }
}

export interface Scenario {
  kase: Case | null;
  command: CommandInput;
  actor: Actor;
  now: Date;
  context: DecideContext;
}

const URGENT_ACTIONS: ActionId[] = ['answer_police_question', 'propose_protective_step', 'ratify_protective_step'];

/** A case in `from` with the row's preconditions met, the right actor and a valid command. */
export function scenario(row: TransitionRow, from: CaseState | 'none'): Scenario {
  const actor = rightActor(row, from);
  if (from === 'none')
    return {
      kase: null,
      command: validCommand(row.action, null),
      actor,
      now: DEFAULT_ORIGIN,
      context: { newCase: NEW_CASE },
    };
  const before = plusHours(AT, -1);
  let kase = caseIn(from, {
    urgent: URGENT_ACTIONS.includes(row.action),
    flagMarker: row.action === 'approve_flag_marker' || row.action === 'reject_flag_marker',
    breach: row.action === 'propose_refusal',
  });
  const pre = (action: ActionId, by: Actor) => {
    kase = apply(kase, validCommand(action, kase, before), by, before);
  };
  if (row.action === 'provide_information') pre('request_information', APPROVER_OF[from]!);
  if (row.action === 'decide_new_complaint') pre('receive_new_complaint', actors.otherColleague);
  if (row.action === 'decide_appeal') pre('receive_appeal', actors.cxm);
  if (row.action === 'ratify_protective_step') pre('propose_protective_step', actors.chc);
  // A case closed informally has no letter; a closed case with one (lifted, expired, quashed) is
  // patched with the letter such an ending issues.
  if (row.action === 'record_dispatch' && lettersAwaitingDispatch(kase).length === 0)
    kase = deepFreeze({
      ...kase,
      letters: [
        ...kase.letters,
        {
          kind: 'lift',
          approvedBy: { personId: actors.chc.personId, name: actors.chc.name, onBehalfOf: null },
          approvedAt: before.toISOString(),
          sentAt: before.toISOString(),
          content: { customer: kase.customer },
          dispatch: null,
        },
      ],
    });
  const now =
    row.action === 'expire' ? new Date(`${from === 'contact_refused' ? REFUSAL_END : RESTRICTIONS_END}T10:00:00Z`) : AT;
  return { kase, command: validCommand(row.action, kase, now), actor, now, context: {} };
}
