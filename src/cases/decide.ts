import { findTransition, REFUSAL_DURATION, STATE_LABELS, type GateId } from '../policy/index.js';
import { alreadyDecided } from './acted-by.js';
import { authorise } from './authority.js';
import type { Actor, Case, CaseEvent } from './case.types.js';
import { commandSchema, type Command } from './commands.js';
import { EFFECTS, type EffectInput } from './effects.js';
import { caseError, type CaseError } from './errors.js';
import { failingGates, type CustomerAdjustment } from './gates.js';
import { normaliseAccountRef, openCase, type NewCaseIdentity } from './new-case.js';

export interface DecideContext {
  /** Required for `report`: the identity the store allocated for the new case. */
  newCase?: NewCaseIdentity;
  /** The customer's agreed adjustments, for the restriction conflict check. */
  customerAdjustments?: readonly CustomerAdjustment[];
  /** The refusal durations allowed (the setting); REFUSAL_DURATION when unset. */
  refusalDuration?: { defaultMonths: number; maxMonths: number };
}

export type DecideResult = { ok: true; next: Case; events: CaseEvent[] } | { ok: false; error: CaseError };

const fail = (error: CaseError): DecideResult => ({ ok: false, error });

/**
 * The whole case workflow: given a case (null for a new report), a command, who gives it and
 * when, return the next case and its audit event, or an expected error with a stable code.
 * Pure: no I/O, no clock, no randomness.
 */
export function decide(
  kase: Case | null,
  rawCommand: unknown,
  actor: Actor,
  now: Date,
  context: DecideContext = {},
): DecideResult {
  const parsed = commandSchema.safeParse(rawCommand);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return fail(caseError('CASE.INVALID_COMMAND', 'Some of the details are missing or not valid.', { fields }));
  }
  const command: Command = withDefaults(parsed.data, context);

  if (kase === null && command.action !== 'report')
    return fail(caseError('CASE.NOT_FOUND', 'That case does not exist.'));
  if (kase !== null && command.action === 'report') {
    return fail(
      caseError(
        'CASE.ILLEGAL_TRANSITION',
        'This customer already has an open case; the report is attached to it instead.',
      ),
    );
  }

  // A card or button drawn for an earlier version of the case is stale: someone decided since.
  // Only people with a part in the case are told who decided and when; anyone else is just told
  // that the case has moved on.
  if (kase && command.expectedVersion !== undefined && command.expectedVersion !== kase.version) {
    return fail(alreadyDecided(kase, actor));
  }

  const row = findTransition(command.action, kase ? kase.state : null);
  if (!row) {
    return fail(
      caseError(
        'CASE.ILLEGAL_TRANSITION',
        `"${command.action}" is not possible while the case is at "${kase ? STATE_LABELS[kase.state] : 'no case'}".`,
        {
          action: command.action,
          state: kase?.state ?? null,
        },
      ),
    );
  }

  const authorisation = authorise(
    row,
    kase,
    actor,
    command.action === 'record_dispatch' ? command.letterIndex : undefined,
  );
  if (!authorisation.ok) return fail(authorisation.error);
  const by = authorisation.actedBy;

  if (row.rationale === 'required' && !command.rationale) {
    return fail(caseError('CASE.RATIONALE_MISSING', 'Write down the reasons for this decision.'));
  }

  const mismatch = payloadMismatch(kase, command);
  if (mismatch) return fail(caseError('CASE.INVALID_COMMAND', mismatch, { fields: [] }));

  const gates: GateId[] = [...row.gates];
  if (command.action === 'escalate' && command.proposeFlagMarker) gates.push('flag_marker_not_pending');
  // A variation on appeal imposes restrictions, so it passes the gates a proposal does (issue 11 §3).
  if (command.action === 'decide_appeal' && command.outcome === 'vary')
    gates.push(
      'restriction_dates_valid',
      'contact_route_open',
      'adjustments_considered',
      'adjustment_conflicts_justified',
      'proportionality_recorded',
    );
  const failing = failingGates(gates, {
    kase,
    command,
    actor,
    now,
    customerAdjustments: context.customerAdjustments ?? [],
    ...(context.refusalDuration ? { refusalDuration: context.refusalDuration } : {}),
  });
  if (failing.length > 0) {
    return fail(caseError('CASE.GATE_NOT_MET', failing.map((g) => g.message).join(' '), { gates: failing }));
  }

  if (command.action === 'report') {
    if (!context.newCase) throw new Error('decide(report) needs context.newCase: the store allocates case identities');
    const opened = openCase(context.newCase, command.report, by, now);
    const next: Case = { ...opened, version: 1 };
    return { ok: true, next, events: [eventOf(next, null, command, by, now, { reportId: 'R1', urgent: next.urgent })] };
  }

  const current = kase!;
  const handler = EFFECTS[command.action] as (input: EffectInput) => ReturnType<(typeof EFFECTS)['report']>;
  const effect = handler({ kase: current, command, by, now, actor });
  const to =
    effect.to ??
    (row.to === 'same' ? current.state : row.to === 'previous' || row.to === 'by_outcome' ? current.state : row.to);
  const at = now.toISOString();
  const next: Case = {
    ...current,
    ...effect.patch,
    state: to,
    version: current.version + 1,
    updatedAt: at,
    closure: effect.closure ? { reason: effect.closure, at } : current.closure,
    deciderIds: row.decision ? addDeciders(current.deciderIds, by) : current.deciderIds,
    lastDecision: row.decision ? { action: command.action, by, at } : current.lastDecision,
  };
  return { ok: true, next, events: [eventOf(next, current.state, command, by, now, effect.data)] };
}

/** A refusal proposed or renewed without a duration gets the default one (the setting). */
function withDefaults(command: Command, context: DecideContext): Command {
  if (
    (command.action === 'propose_refusal' || command.action === 'renew_refusal') &&
    command.durationMonths === undefined
  ) {
    return { ...command, durationMonths: (context.refusalDuration ?? REFUSAL_DURATION).defaultMonths };
  }
  return command;
}

/** Parts of a payload that are well-formed but do not fit this case. */
function payloadMismatch(kase: Case | null, command: Command): string | null {
  if (!kase) return null;
  if (
    command.action === 'attach_report' &&
    normaliseAccountRef(command.report.customerAccountRef) !== normaliseAccountRef(kase.customer.accountRef)
  ) {
    return `This report is about customer ${command.report.customerAccountRef}, not this case's customer.`;
  }
  if (command.action === 'escalate' && command.proposeFlagMarker && kase.state !== 'cxm_review') {
    return 'Only the customer experience manager proposes a flag marker (§11).';
  }
  if (command.action === 'decide_appeal') {
    if (command.outcome !== 'vary' && command.variedRestrictions)
      return 'Restrictions are given only with a "vary" outcome: choose vary, or leave the restrictions empty.';
    if (command.outcome === 'vary' && kase.state !== 'restricted')
      return 'Only restrictions in force can be varied on appeal: quash or uphold.';
    if (command.outcome === 'vary' && !command.variedRestrictions)
      return 'A "vary" outcome needs the restrictions that now apply.';
  }
  return null;
}

function addDeciders(ids: string[], by: { personId: string; onBehalfOf: { personId: string } | null }): string[] {
  const add = [by.personId, ...(by.onBehalfOf ? [by.onBehalfOf.personId] : [])];
  return [...ids, ...add.filter((id) => !ids.includes(id))];
}

function eventOf(
  next: Case,
  from: Case['state'] | null,
  command: Command,
  by: CaseEvent['actor'],
  now: Date,
  data: Record<string, unknown>,
): CaseEvent {
  return {
    caseId: next.id,
    action: command.action,
    at: now.toISOString(),
    actor: by,
    from,
    to: next.state,
    rationale: command.rationale ?? null,
    data,
  };
}
