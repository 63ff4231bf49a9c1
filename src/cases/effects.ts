import {
  APPEAL_DECIDER_ROLES,
  REFUSAL_DURATION,
  REVIEW_CADENCE,
  type CaseState,
  type ClosureReason,
  type LetterKind,
  type RestrictionItem,
} from '../policy/index.js';
import { actingRole } from './authority.js';
import type {
  ActedBy,
  Actor,
  Case,
  LetterContent,
  LetterDispatch,
  LetterRecord,
  RestrictionSet,
} from './case.types.js';
import { reviewAnchorLetter } from './dispatch.js';
import type { Command, CommandOf } from './commands.js';
import { addMonths, dateInLondon, nextAnniversaryAfter } from './dates.js';
import { isUrgentReport, toIncidentReport } from './new-case.js';

// What each action does to the case once it is allowed: pure, given the checks have passed.
export interface EffectInput<C extends Command = Command> {
  kase: Case;
  command: C;
  by: ActedBy;
  now: Date;
  /** Who pressed the button, as authorised (roles, deputising): for effects that record a role. */
  actor?: Actor;
}

export interface Effect {
  /** The fields that change. */
  patch: Partial<Case>;
  /** Facts for the audit entry and the notifiers. */
  data: Record<string, unknown>;
  /** Overrides the table's destination when it depends on the outcome (appeals). */
  to?: CaseState;
  closure?: ClosureReason;
}

const nextId = (prefix: string, list: readonly unknown[]) => `${prefix}${list.length + 1}`;

function letter(kind: LetterKind, by: ActedBy, now: Date, content: LetterContent): LetterRecord {
  const at = now.toISOString();
  return { kind, approvedBy: by, approvedAt: at, sentAt: at, content, dispatch: null };
}

/** The overall start and end of a set: its earliest start and latest end. */
function spanOf(items: readonly RestrictionItem[]): { startDate: string; endDate: string } {
  const starts = items.map((r) => r.startDate).sort();
  const ends = items.map((r) => r.endDate).sort();
  return { startDate: starts[0]!, endDate: ends[ends.length - 1]! };
}

function restrictionSet(
  command: CommandOf<'propose_restrictions'> | CommandOf<'review_vary'>,
  by: ActedBy,
  now: Date,
): RestrictionSet {
  return {
    items: command.restrictions,
    ...spanOf(command.restrictions),
    proportionality: command.proportionality,
    adjustmentsConsidered: command.adjustmentsConsidered,
    adjustmentJustifications: command.adjustmentJustifications,
    proposedBy: by,
    proposedAt: now.toISOString(),
  };
}

/** What a letter about a refusal of all contact states: the EDC's reasons and its dates (§28, §31). */
function refusalFacts({ refusal }: { refusal: Case['refusal'] }): Partial<LetterContent> {
  if (!refusal) return {};
  return {
    refusal: true,
    reason: refusal.approvedReason ?? refusal.breachSummary,
    ...(refusal.startDate ? { startDate: refusal.startDate } : {}),
    refusalEndDate: refusal.endDate ?? null,
    durationMonths: refusal.durationMonths ?? null,
  };
}

/** After a review is held, the next one falls on the following quarter from the letter date (§29). */
function afterReview(kase: Case, now: Date): { nextReviewDue: string | null; onTime: boolean } {
  const today = dateInLondon(now);
  const due = kase.nextReviewDue ?? today;
  const anchor = kase.reviewsFrom?.date ?? kase.restrictionLetterDate ?? today;
  return {
    nextReviewDue: nextAnniversaryAfter(anchor, REVIEW_CADENCE.everyMonths, due > today ? due : today),
    onTime: today <= due,
  };
}

/**
 * The restriction letter's dispatch re-anchors the quarterly reviews on its date (§29). Reviews
 * already held on the provisional dates count as held: after k of them the next is the (k+1)th
 * quarter from the dispatch. Only while reviews are planned; a case that has none keeps none.
 */
function reanchoredReviews(kase: Case, dispatchedOn: string): Pick<Case, 'reviewsFrom' | 'nextReviewDue'> {
  const reviewsFrom = { date: dispatchedOn, provisional: false };
  if (kase.nextReviewDue === null) return { reviewsFrom, nextReviewDue: null };
  const anchorLetter = kase.letters[reviewAnchorLetter(kase)];
  const held = kase.reviews.filter((r) => !anchorLetter || r.at >= anchorLetter.approvedAt).length;
  return { reviewsFrom, nextReviewDue: addMonths(dispatchedOn, REVIEW_CADENCE.everyMonths * (held + 1)) };
}

type Handlers = { [A in Command['action']]: (input: EffectInput<CommandOf<A>>) => Effect };

export const EFFECTS: Handlers = {
  report: () => ({ patch: {}, data: {} }),
  attach_report: ({ kase, command, by, now }) => {
    const report = toIncidentReport(command.report, nextId('R', kase.reports), by.personId, now);
    const urgentReport = isUrgentReport(command.report);
    const becomesUrgent = urgentReport && !kase.urgent;
    return {
      patch: {
        reports: [...kase.reports, report],
        reporterIds: kase.reporterIds.includes(by.personId) ? kase.reporterIds : [...kase.reporterIds, by.personId],
        urgent: kase.urgent || urgentReport,
        urgentPath: becomesUrgent
          ? { policeCalled: null, policeAnsweredAt: null, protectiveSteps: [] }
          : kase.urgentPath,
      },
      // After a warning or during restrictions, continued behaviour is the trigger for §27 and §31.
      data: {
        reportId: report.id,
        urgent: urgentReport,
        behaviourContinued: ['warning_issued', 'restricted', 'contact_refused'].includes(kase.state),
      },
    };
  },
  escalate: ({ kase, command, by, now }) => {
    const at = now.toISOString();
    const patch: Partial<Case> = {};
    if (kase.state === 'line_manager_review' && command.colleagueSupport) {
      patch.colleagueSupport = { ...command.colleagueSupport, recordedBy: by, recordedAt: at };
    }
    if (kase.state === 'cxm_review' && command.riskAssessment) {
      patch.riskAssessment = {
        outcome: command.riskAssessment.outcome,
        reference: command.riskAssessment.reference ?? null,
        recordedBy: by,
        recordedAt: at,
      };
      if (command.proposeFlagMarker) {
        patch.flagMarker = {
          status: 'provisional',
          reason: command.proposeFlagMarker.reason,
          proposedBy: by,
          proposedAt: at,
          decidedBy: null,
          decidedAt: null,
        };
      }
    }
    return { patch, data: { flagMarkerProposed: Boolean(patch.flagMarker) } };
  },
  resolve_informally: () => ({ patch: {}, data: {}, closure: 'informal_resolution' }),
  refer_to_asb: () => ({ patch: {}, data: {}, closure: 'asb_referral' }),
  request_information: ({ kase, command, by, now }) => {
    const id = nextId('Q', kase.informationRequests);
    return {
      patch: {
        informationRequests: [
          ...kase.informationRequests,
          { id, question: command.question, askedBy: by, askedAt: now.toISOString(), answer: null, answeredAt: null },
        ],
      },
      data: { questionId: id, askedOf: kase.reporterId },
    };
  },
  provide_information: ({ kase, command, now }) => {
    const open = kase.informationRequests.find((q) => q.answer === null)!;
    return {
      patch: {
        informationRequests: kase.informationRequests.map((q) =>
          q.id === open.id ? { ...q, answer: command.answer, answeredAt: now.toISOString() } : q,
        ),
      },
      data: { questionId: open.id },
    };
  },
  propose_flag_marker: ({ command, by, now }) => ({
    patch: {
      flagMarker: {
        status: 'provisional',
        reason: command.rationale ?? '',
        proposedBy: by,
        proposedAt: now.toISOString(),
        decidedBy: null,
        decidedAt: null,
      },
    },
    data: {},
  }),
  // A live marker is reviewed like restrictions (§29) [guidance]: past its review date it is no
  // longer shown to the front line.
  approve_flag_marker: ({ kase, by, now }) => ({
    patch: {
      flagMarker: {
        ...kase.flagMarker!,
        status: 'live',
        decidedBy: by,
        decidedAt: now.toISOString(),
        reviewDate: addMonths(dateInLondon(now), REVIEW_CADENCE.everyMonths),
      },
    },
    data: { markerLive: true },
  }),
  reject_flag_marker: ({ kase, by, now }) => ({
    patch: { flagMarker: { ...kase.flagMarker!, status: 'rejected', decidedBy: by, decidedAt: now.toISOString() } },
    data: {},
  }),
  propose_warning: ({ kase, command, by, now }) => ({
    patch: {
      returnState: kase.state,
      warning: {
        behaviours: command.behaviours,
        complaint: command.complaint as { reference: string; status: 'investigated' | 'being_investigated' },
        adjustmentsConsidered: command.adjustmentsConsidered,
        adjustmentsMade: command.adjustmentsMade,
        proposedBy: by,
        proposedAt: now.toISOString(),
        approvedBy: null,
        approvedAt: null,
      },
    },
    data: {},
  }),
  approve_warning: ({ kase, by, now }) => {
    const warning = { ...kase.warning!, approvedBy: by, approvedAt: now.toISOString() };
    const frozen = letter('warning', by, now, {
      customer: kase.customer,
      behaviours: warning.behaviours,
      complaint: warning.complaint,
    });
    return { patch: { warning, returnState: null, letters: [...kase.letters, frozen] }, data: { letter: 'warning' } };
  },
  send_back: ({ kase, by, now }) => {
    const patch: Partial<Case> = { returnState: null };
    if (kase.state === 'edc_warning_approval') patch.warning = null;
    if (kase.state === 'edc_restriction_approval') patch.proposedRestrictions = null;
    // A variation sent back leaves the restrictions as they were: the customer still hears the
    // outcome of the review (§29).
    const reviewVariation =
      kase.state === 'edc_restriction_approval' &&
      (kase.returnState === 'restricted' || kase.returnState === 'contact_refused');
    if (reviewVariation) {
      patch.letters = [
        ...kase.letters,
        letter('review_outcome', by, now, {
          customer: kase.customer,
          outcome: 'continue',
          nextReviewDue: kase.nextReviewDue,
        }),
      ];
    }
    if (kase.state === 'edc_refusal_approval') patch.refusal = null;
    return { patch, data: { sentBackFrom: kase.state }, to: kase.returnState ?? 'chc_review' };
  },
  propose_restrictions: ({ kase, command, by, now }) => {
    // §27: continued behaviour the decider records becomes a report on the case, so the
    // restriction letter's "the behaviour has continued" always rests on a report.
    const recorded = command.continuedBehaviour;
    const report = recorded
      ? {
          id: nextId('R', kase.reports),
          reporterId: by.personId,
          reportedAt: now.toISOString(),
          occurredAt: recorded.occurredAt,
          channel: recorded.channel,
          behaviours: recorded.behaviours,
          description: recorded.description,
          affectedPeople: '',
          evidenceRefs: [],
          threatenedOrHurt: false,
          knownVulnerabilities: '',
          counterAllegation: false,
          possibleResidentOnResident: false,
          complaintReference: null,
        }
      : null;
    return {
      patch: {
        returnState: kase.state,
        proposedRestrictions: restrictionSet(command, by, now),
        ...(report ? { reports: [...kase.reports, report] } : {}),
      },
      data: report ? { continuedBehaviourReportId: report.id } : {},
    };
  },
  close_behaviour_modified: () => ({ patch: {}, data: {}, closure: 'behaviour_modified' }),
  // A proposal left waiting is not approved: it stays on record in the trail, the case ends.
  close_no_further_action: ({ kase }) => ({
    patch: { proposedRestrictions: null, returnState: null },
    data: { from: kase.state },
    closure: 'no_further_action',
  }),
  approve_restrictions: ({ kase, by, now }) => {
    const approved = kase.proposedRestrictions!;
    const variation = kase.returnState === 'restricted' || kase.returnState === 'contact_refused';
    // Reviews run quarterly from the date of the second letter (§29); a variation keeps that cadence.
    const letterDate = kase.restrictionLetterDate ?? dateInLondon(now);
    const kind: LetterKind = variation ? 'review_outcome' : 'restriction';
    return {
      patch: {
        restrictions: approved,
        proposedRestrictions: null,
        // Varying a refusal of all contact back to restrictions ends the refusal; its record stays
        // (with the day it ended) for the register.
        refusal:
          kase.returnState === 'contact_refused' && kase.refusal
            ? { ...kase.refusal, endedOn: dateInLondon(now) }
            : kase.refusal,
        returnState: null,
        restrictionLetterDate: letterDate,
        // Provisional until the letter's dispatch is recorded, which re-anchors them (issue 12 §5).
        reviewsFrom: kase.reviewsFrom ?? { date: letterDate, provisional: true },
        nextReviewDue: kase.nextReviewDue ?? addMonths(letterDate, REVIEW_CADENCE.everyMonths),
        letters: [
          ...kase.letters,
          letter(kind, by, now, {
            customer: kase.customer,
            restrictions: approved.items,
            startDate: approved.startDate,
            endDate: approved.endDate,
            reason: approved.proportionality,
          }),
        ],
      },
      data: { letter: kind, variation },
    };
  },
  review_continue: ({ kase, command, by, now }) => {
    const { nextReviewDue, onTime } = afterReview(kase, now);
    return {
      patch: {
        nextReviewDue,
        reviews: [
          ...kase.reviews,
          { at: now.toISOString(), by, outcome: 'continue', rationale: command.rationale ?? '', onTime },
        ],
        // A refused customer's review letter says the refusal continues, not the restrictions.
        letters: [
          ...kase.letters,
          letter('review_outcome', by, now, {
            customer: kase.customer,
            outcome: 'continue',
            nextReviewDue,
            ...(kase.state === 'contact_refused' ? refusalFacts(kase) : {}),
          }),
        ],
      },
      data: { letter: 'review_outcome', nextReviewDue, onTime },
    };
  },
  review_vary: ({ kase, command, by, now }) => {
    // The review is held now, whatever the EDC decides about the variation.
    const { nextReviewDue, onTime } = afterReview(kase, now);
    return {
      patch: {
        nextReviewDue,
        returnState: kase.state,
        proposedRestrictions: restrictionSet(command, by, now),
        reviews: [
          ...kase.reviews,
          { at: now.toISOString(), by, outcome: 'vary', rationale: command.rationale ?? '', onTime },
        ],
      },
      data: { onTime },
    };
  },
  review_lift: ({ kase, command, by, now }) => {
    const { onTime } = afterReview(kase, now);
    return {
      patch: {
        nextReviewDue: null,
        reviews: [
          ...kase.reviews,
          { at: now.toISOString(), by, outcome: 'lift', rationale: command.rationale ?? '', onTime },
        ],
        letters: [
          ...kase.letters,
          letter('lift', by, now, {
            customer: kase.customer,
            ...(kase.state === 'contact_refused' ? refusalFacts(kase) : {}),
          }),
        ],
        ...(kase.state === 'contact_refused' && kase.refusal
          ? { refusal: { ...kase.refusal, endedOn: dateInLondon(now) } }
          : {}),
      },
      data: { letter: 'lift' },
      closure: 'restrictions_lifted',
    };
  },
  expire: ({ kase, by, now }) => {
    if (kase.state === 'contact_refused' && kase.refusal) {
      const refusal = { ...kase.refusal, endedOn: kase.refusal.endDate ?? dateInLondon(now) };
      return {
        patch: {
          nextReviewDue: null,
          refusal,
          letters: [
            ...kase.letters,
            letter('expiry', by, now, {
              customer: kase.customer,
              ...refusalFacts({ refusal }),
              ...(refusal.endDate ? { endDate: refusal.endDate } : {}),
            }),
          ],
        },
        data: { letter: 'expiry', refusal: true },
        closure: 'refusal_expired',
      };
    }
    return {
      patch: {
        nextReviewDue: null,
        letters: [
          ...kase.letters,
          letter('expiry', by, now, { customer: kase.customer, endDate: kase.restrictions?.endDate }),
        ],
      },
      data: { letter: 'expiry' },
      closure: 'restrictions_expired',
    };
  },
  propose_refusal: ({ kase, command, by, now }) => ({
    patch: {
      returnState: kase.state,
      refusal: {
        proposedBy: by,
        proposedAt: now.toISOString(),
        breachSummary: command.rationale ?? '',
        approvedBy: null,
        approvedAt: null,
        complaintInvestigationStopped: false,
        adjustmentsConsidered: command.adjustmentsConsidered,
        // decide() fills in the default duration before any effect runs.
        durationMonths: command.durationMonths!,
        startDate: null,
        endDate: null,
        endedOn: null,
      },
    },
    data: { durationMonths: command.durationMonths },
  }),
  refuse_all_contact: ({ kase, command, by, now }) => {
    const startDate = dateInLondon(now);
    const months = kase.refusal!.durationMonths ?? REFUSAL_DURATION.defaultMonths;
    const refusal = {
      ...kase.refusal!,
      approvedBy: by,
      approvedAt: now.toISOString(),
      complaintInvestigationStopped: command.stopComplaintInvestigation,
      approvedReason: command.rationale ?? '',
      durationMonths: months,
      startDate,
      endDate: addMonths(startDate, months),
      endedOn: null,
    };
    return {
      patch: {
        refusal,
        returnState: null,
        letters: [
          ...kase.letters,
          letter('refusal_of_all_contact', by, now, {
            customer: kase.customer,
            complaintInvestigationStopped: command.stopComplaintInvestigation,
            nextReviewDue: kase.nextReviewDue,
            ...refusalFacts({ refusal }),
          }),
        ],
      },
      data: {
        letter: 'refusal_of_all_contact',
        complaintInvestigationStopped: command.stopComplaintInvestigation,
        endDate: refusal.endDate,
      },
    };
  },
  renew_refusal: ({ kase, command, by, now }) => {
    const months = command.durationMonths!;
    const endDate = addMonths(dateInLondon(now), months);
    const reason = command.rationale ?? '';
    const current = kase.refusal!;
    const refusal = {
      ...current,
      approvedReason: reason,
      adjustmentsConsidered: command.adjustmentsConsidered,
      durationMonths: months,
      endDate,
      renewals: [...(current.renewals ?? []), { by, at: now.toISOString(), durationMonths: months, endDate, reason }],
    };
    return {
      patch: {
        refusal,
        letters: [
          ...kase.letters,
          letter('refusal_of_all_contact', by, now, {
            customer: kase.customer,
            complaintInvestigationStopped: current.complaintInvestigationStopped,
            nextReviewDue: kase.nextReviewDue,
            renewal: true,
            ...refusalFacts({ refusal }),
          }),
        ],
      },
      data: { letter: 'refusal_of_all_contact', renewal: true, endDate },
    };
  },
  record_police_or_legal_action: ({ kase, command, by, now }) => ({
    patch: {
      policeOrLegalActions: [
        ...kase.policeOrLegalActions,
        {
          kind: command.kind,
          reference: command.reference ?? null,
          description: command.rationale ?? '',
          recordedBy: by,
          recordedAt: now.toISOString(),
        },
      ],
    },
    data: { kind: command.kind },
  }),
  receive_new_complaint: ({ kase, command, by, now }) => {
    const id = nextId('NC', kase.newComplaints);
    return {
      patch: {
        newComplaints: [
          ...kase.newComplaints,
          { id, summary: command.summary, receivedBy: by, receivedAt: now.toISOString(), decision: null },
        ],
      },
      data: { complaintId: id },
    };
  },
  decide_new_complaint: ({ kase, command, by, now }) => ({
    patch: {
      newComplaints: kase.newComplaints.map((c) =>
        c.id === command.complaintId
          ? {
              ...c,
              decision: { outcome: command.outcome, by, at: now.toISOString(), rationale: command.rationale ?? '' },
            }
          : c,
      ),
    },
    data: { complaintId: command.complaintId, outcome: command.outcome },
  }),
  receive_appeal: ({ kase, command, by, now }) => {
    const id = nextId('A', kase.appeals);
    return {
      patch: {
        appeals: [
          ...kase.appeals,
          { id, grounds: command.grounds, receivedBy: by, receivedAt: now.toISOString(), decision: null },
        ],
      },
      data: { appealId: id },
    };
  },
  decide_appeal: ({ kase, command, by, now, actor }) => {
    const pending = kase.appeals.find((a) => a.decision === null)!;
    // The record says in what role they decided, and whether they (and whoever they acted for) took
    // no earlier decision on the case: the outcome letter claims no more independence than this.
    const role = actor ? actingRole(actor, by, APPEAL_DECIDER_ROLES) : null;
    const independent = ![by.personId, by.onBehalfOf?.personId].some((id) => id && kase.deciderIds.includes(id));
    const decision = {
      outcome: command.outcome,
      by,
      at: now.toISOString(),
      rationale: command.rationale ?? '',
      ...(role ? { role } : {}),
      independent,
    };
    const patch: Partial<Case> = {
      appeals: kase.appeals.map((a) => (a.id === pending.id ? { ...a, decision } : a)),
      letters: [
        ...kase.letters,
        letter('appeal_outcome', by, now, { customer: kase.customer, outcome: command.outcome }),
      ],
    };
    // A variation on appeal takes effect at once: the varied set becomes the live restrictions
    // (register, contact check, expiry), with its own reasons; the review cadence is unchanged.
    if (command.outcome === 'vary' && command.variedRestrictions && kase.restrictions) {
      patch.restrictions = {
        ...kase.restrictions,
        ...spanOf(command.variedRestrictions),
        items: command.variedRestrictions,
        ...(command.proportionality ? { proportionality: command.proportionality } : {}),
        ...(command.adjustmentsConsidered ? { adjustmentsConsidered: command.adjustmentsConsidered } : {}),
        adjustmentJustifications: command.adjustmentJustifications,
      };
    }
    if (command.outcome === 'quash') patch.nextReviewDue = null;
    return {
      patch,
      data: { appealId: pending.id, outcome: command.outcome, letter: 'appeal_outcome', ...(role ? { role } : {}) },
      to: command.outcome === 'quash' ? 'closed' : kase.state,
      ...(command.outcome === 'quash' ? { closure: 'appeal_quashed' as const } : {}),
    };
  },
  answer_police_question: ({ kase, command, now }) => ({
    patch: {
      urgentPath: { ...kase.urgentPath!, policeCalled: command.policeCalled, policeAnsweredAt: now.toISOString() },
    },
    data: { policeCalled: command.policeCalled },
  }),
  propose_protective_step: ({ kase, command, by, now }) => {
    const steps = kase.urgentPath!.protectiveSteps;
    const id = nextId('P', steps);
    return {
      patch: {
        urgentPath: {
          ...kase.urgentPath!,
          protectiveSteps: [
            ...steps,
            { id, description: command.description, takenBy: by, takenAt: now.toISOString(), ratification: null },
          ],
        },
      },
      data: { stepId: id },
    };
  },
  ratify_protective_step: ({ kase, command, by, now }) => ({
    patch: {
      urgentPath: {
        ...kase.urgentPath!,
        protectiveSteps: kase.urgentPath!.protectiveSteps.map((s) =>
          s.id === command.stepId
            ? { ...s, ratification: { ratified: command.ratified, by, at: now.toISOString() } }
            : s,
        ),
      },
    },
    data: { stepId: command.stepId, ratified: command.ratified },
  }),
  record_dispatch: ({ kase, command, by, now }) => {
    const index = command.letterIndex;
    const dispatch: LetterDispatch = {
      method: command.method,
      on: command.dispatchedOn,
      ...(command.emailedTo ? { emailedTo: command.emailedTo } : {}),
      recordedBy: by,
      recordedAt: now.toISOString(),
    };
    const letters = kase.letters.map((l, i) => (i === index ? { ...l, dispatch } : l));
    const anchors = index === reviewAnchorLetter(kase);
    return {
      patch: { letters, ...(anchors ? reanchoredReviews(kase, command.dispatchedOn) : {}) },
      data: {
        letterIndex: index,
        kind: kase.letters[index]!.kind,
        method: command.method,
        dispatchedOn: command.dispatchedOn,
        ...(anchors ? { reviewsFrom: command.dispatchedOn } : {}),
      },
    };
  },
};
