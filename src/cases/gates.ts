import {
  ADJUSTMENT_KINDS,
  GATES,
  REFUSAL_DURATION,
  REVIEW_CADENCE,
  openChannels,
  type GateId,
  type RestrictionItem,
} from '../policy/index.js';
import type { Actor, Case } from './case.types.js';
import type { Command } from './commands.js';
import type { FailingGate } from './errors.js';
import { addMonths, dateInLondon } from './dates.js';

export interface CustomerAdjustment {
  id: string;
  kind: string;
  description: string;
}

export interface GateInput {
  kase: Case | null;
  command: Command;
  actor: Actor;
  now: Date;
  customerAdjustments: readonly CustomerAdjustment[];
  /** The refusal durations allowed (the setting; REFUSAL_DURATION by default). */
  refusalDuration?: { defaultMonths: number; maxMonths: number };
}

/** The instant the warning letter was issued: from then on, continued behaviour counts (§27). */
function warningIssuedAt(kase: Case | null): string | null {
  return kase?.letters.find((l) => l.kind === 'warning')?.sentAt ?? kase?.warning?.approvedAt ?? null;
}

/** Whether the case holds a report of an incident on or after the warning letter (§27). */
export function hasReportSinceWarning(kase: Case | null): boolean {
  const warnedAt = warningIssuedAt(kase);
  return Boolean(warnedAt && kase?.reports.some((r) => Date.parse(r.occurredAt) >= Date.parse(warnedAt)));
}

/** A gate check returns null when met, or what is missing in words for the person. */
type GateCheck = (input: GateInput) => string | null;

function proposedItems(command: Command): RestrictionItem[] {
  if (command.action === 'propose_restrictions' || command.action === 'review_vary') return command.restrictions;
  if (command.action === 'decide_appeal') return command.variedRestrictions ?? [];
  return [];
}

export const GATE_CHECKS: Record<GateId, GateCheck> = {
  colleague_support_recorded: ({ command }) =>
    command.action === 'escalate' && command.colleagueSupport && command.colleagueSupport.supportOffered.length > 0
      ? null
      : 'Record whether the colleague is safe to continue and what support was offered.',
  risk_assessment_recorded: ({ kase, command }) => {
    if (command.action !== 'escalate' || !command.riskAssessment)
      return 'Record the risk assessment, or that none is needed.';
    if (command.riskAssessment.outcome === 'completed' && !command.riskAssessment.reference)
      return 'Give the reference of the completed risk assessment.';
    // Threats or violence (§14, §32): a risk assessment is always needed (issue 11 §5).
    if (kase?.urgent && command.riskAssessment.outcome === 'not_needed')
      return 'This case reports threats or violence: a risk assessment is needed; record it as completed with its reference.';
    return null;
  },
  complaint_investigated: ({ command }) => {
    if (command.action !== 'propose_warning' || !command.complaint || !command.complaint.reference)
      return 'Give the reference of the underlying complaint.';
    return command.complaint.status === 'not_investigated'
      ? 'The complaint must have been or be being investigated under the Complaints Policy first (§25).'
      : null;
  },
  adjustments_considered: ({ command }) =>
    'adjustmentsConsidered' in command && command.adjustmentsConsidered.length > 0
      ? null
      : 'Record how reasonable adjustments were considered (§20–23).',
  behaviour_continued_after_warning: ({ kase, command, now }) => {
    const warnedAt = warningIssuedAt(kase);
    if (!warnedAt) return 'There is no warning letter on this case: restrictions follow a warning (§27).';
    const after = (iso: string) => Date.parse(iso) >= Date.parse(warnedAt);
    if (hasReportSinceWarning(kase)) return null;
    const recorded = command.action === 'propose_restrictions' ? command.continuedBehaviour : undefined;
    if (!recorded)
      return 'No report on this case is dated after the warning letter: record the continued behaviour (when, what happened) (§27).';
    if (!after(recorded.occurredAt))
      return 'The continued behaviour must have happened after the warning letter was sent (§27).';
    if (Date.parse(recorded.occurredAt) > now.getTime())
      return 'The continued behaviour cannot be dated in the future.';
    return null;
  },
  refusal_duration_valid: ({ command, refusalDuration = REFUSAL_DURATION }) => {
    if (command.action !== 'propose_refusal' && command.action !== 'renew_refusal')
      return 'Give the duration of the refusal of all contact.';
    const months = command.durationMonths ?? refusalDuration.defaultMonths;
    return months <= refusalDuration.maxMonths
      ? null
      : `A refusal of all contact lasts at most ${refusalDuration.maxMonths} months (§31).`;
  },
  refusal_end_reached: ({ kase, now }) =>
    kase?.refusal?.endDate && dateInLondon(now) >= kase.refusal.endDate
      ? null
      : 'The refusal of all contact has not reached its end date.',
  behaviours_with_examples: ({ command }) => {
    if (command.action !== 'propose_warning' || command.behaviours.length === 0)
      return 'List the behaviours the warning is about.';
    return command.behaviours.every((b) => b.example.length > 0) ? null : 'Give an example for every behaviour listed.';
  },
  restriction_dates_valid: ({ command, now }) => {
    const today = dateInLondon(now);
    for (const [i, item] of proposedItems(command).entries()) {
      const n = `Restriction ${i + 1}`;
      if (item.startDate < today) return `${n} cannot start in the past.`;
      if (!(item.startDate <= item.reviewDate && item.reviewDate <= item.endDate))
        return `${n} needs start ≤ review ≤ end date.`;
      if (item.reviewDate > addMonths(item.startDate, REVIEW_CADENCE.everyMonths))
        return `${n} must be reviewed within three months of its start (§29).`;
    }
    return null;
  },
  contact_route_open: ({ command }) =>
    openChannels(proposedItems(command)).length > 0
      ? null
      : 'These restrictions would close every contact route; at least one must stay open.',
  adjustment_conflicts_justified: ({ command, customerAdjustments }) => {
    const justifications = 'adjustmentJustifications' in command ? command.adjustmentJustifications : {};
    for (const item of proposedItems(command)) {
      for (const adjustment of customerAdjustments) {
        const conflicts =
          ADJUSTMENT_KINDS.find((k) => k.id === adjustment.kind)?.conflictsWith.includes(item.type) ?? false;
        if (conflicts && !justifications[adjustment.id]) {
          return `The "${item.type}" restriction conflicts with the agreed adjustment "${adjustment.description}": record why it is still proportionate.`;
        }
      }
    }
    return null;
  },
  proportionality_recorded: ({ command }) =>
    (command.action === 'propose_restrictions' ||
      command.action === 'review_vary' ||
      command.action === 'decide_appeal') &&
    command.proportionality.length > 0
      ? null
      : 'Explain why the restrictions are appropriate and proportionate (§30).',
  flag_marker_not_pending: ({ kase }) =>
    kase?.flagMarker && kase.flagMarker.status !== 'rejected'
      ? `A flag marker is already ${kase.flagMarker.status}.`
      : null,
  flag_marker_provisional: ({ kase }) =>
    kase?.flagMarker?.status === 'provisional' ? null : 'No flag marker awaits approval.',
  information_requested: ({ kase }) =>
    kase?.informationRequests.some((q) => q.answer === null) ? null : 'No question is waiting for an answer.',
  end_date_reached: ({ kase, now }) =>
    kase?.restrictions && dateInLondon(now) >= kase.restrictions.endDate
      ? null
      : 'The restrictions have not reached their end date.',
  no_live_restrictions: ({ kase }) =>
    kase?.restrictions
      ? 'Restrictions are in force: end them by a quarterly review (lift), an appeal or their end date, not by closing with no further action.'
      : null,
  informal_resolution_by_senior_if_urgent: ({ kase, actor }) => {
    if (!kase?.urgent) return null;
    const senior =
      [actor, ...actor.deputisingFor].some((p) =>
        p.roles.some(
          (r) =>
            r === 'customer_experience_manager' ||
            r === 'corporate_head_of_customers' ||
            r === 'executive_director_of_customers',
        ),
      ) || (actor.standingIn ?? []).length > 0;
    return senior
      ? null
      : 'This case reports threats or violence: the line manager cannot resolve it informally alone. Escalate it to the customer experience manager.';
  },
  restrictions_breached: ({ kase, command }) => {
    if (command.action !== 'propose_refusal' || !command.breachConfirmed)
      return 'Confirm that the restrictions were not adhered to.';
    const since = kase?.restrictions?.startDate ?? '9999-12-31';
    return kase?.reports.some((r) => r.occurredAt.slice(0, 10) >= since)
      ? null
      : 'Report the incident that shows behaviour continued after the restrictions began (§31).';
  },
  new_complaint_pending: ({ kase, command }) =>
    command.action === 'decide_new_complaint' &&
    kase?.newComplaints.some((c) => c.id === command.complaintId && c.decision === null)
      ? null
      : 'That new complaint does not await a decision.',
  appeal_not_pending: ({ kase }) =>
    kase?.appeals.some((a) => a.decision === null) ? 'An appeal already awaits a decision.' : null,
  appeal_pending: ({ kase }) =>
    kase?.appeals.some((a) => a.decision === null) ? null : 'No appeal awaits a decision.',
  urgent_case: ({ kase }) => (kase?.urgent ? null : 'This case is not on the urgent path.'),
  police_question_open: ({ kase }) =>
    kase?.urgentPath && kase.urgentPath.policeCalled === null ? null : 'The police question has already been answered.',
  protective_step_pending: ({ kase, command }) =>
    command.action === 'ratify_protective_step' &&
    kase?.urgentPath?.protectiveSteps.some((s) => s.id === command.stepId && s.ratification === null)
      ? null
      : 'That protective step does not await ratification.',
  letter_dispatch_valid: ({ kase, command, now }) => {
    if (command.action !== 'record_dispatch') return 'Say which letter was dispatched.';
    const letter = kase?.letters[command.letterIndex];
    if (!letter) return 'This case has no such letter.';
    if (letter.dispatch)
      return `Its dispatch is already recorded: ${letter.dispatch.method.replace('_', ' ')} on ${letter.dispatch.on} by ${letter.dispatch.recordedBy.name}.`;
    const approvedOn = dateInLondon(new Date(letter.approvedAt));
    if (command.dispatchedOn < approvedOn)
      return `The dispatch date cannot be before the letter was approved (${approvedOn}).`;
    if (command.dispatchedOn > dateInLondon(now)) return 'The dispatch date cannot be in the future.';
    return null;
  },
};

export function failingGates(gateIds: readonly GateId[], input: GateInput): FailingGate[] {
  return gateIds.flatMap((gate) => {
    const message = GATE_CHECKS[gate](input);
    return message === null ? [] : [{ gate, label: GATES[gate].label, message }];
  });
}
