import type {
  ActionId,
  CaseState,
  ClosureReason,
  ContactChannelId,
  DispatchMethod,
  LetterKind,
  RestrictionItem,
  RoleId,
} from '../policy/index.js';

// The case as the pure workflow sees it. Dates are ISO-8601 strings so that a case is plain,
// serialisable data: the same value is stored, hashed into the audit trail and compared in tests.

export interface BehaviourRef {
  criterionId: string;
  behaviourId: string;
}

export interface IncidentReport {
  id: string;
  reporterId: string;
  reportedAt: string;
  occurredAt: string;
  channel: ContactChannelId;
  behaviours: BehaviourRef[];
  /** What was said or done, verbatim where possible. */
  description: string;
  affectedPeople: string;
  evidenceRefs: string[];
  threatenedOrHurt: boolean;
  knownVulnerabilities: string;
  counterAllegation: boolean;
  possibleResidentOnResident: boolean;
  complaintReference: string | null;
  /** Directory ids of colleagues named as affected: like the reporter, they decide nothing on the case. Absent on older reports. */
  affectedColleagueIds?: string[];
  /** The chat platform's id of the submission that filed it, when there was one (a retry's arbiter). */
  submissionKey?: string;
}

export interface PersonRef {
  personId: string;
  name: string;
}

/** Who took a step: "X on behalf of Y" when a deputy acts for an absent approver. */
export interface ActedBy extends PersonRef {
  onBehalfOf: PersonRef | null;
}

export interface RestrictionSet {
  items: RestrictionItem[];
  /** Overall start and end: the earliest start and the latest end of the items. */
  startDate: string;
  endDate: string;
  proportionality: string;
  /** How reasonable adjustments were considered for these restrictions (§20–23); absent on sets recorded before it was asked. */
  adjustmentsConsidered?: string;
  /** Agreed adjustment id -> why the restriction is still proportionate despite it. */
  adjustmentJustifications: Record<string, string>;
  proposedBy: ActedBy;
  proposedAt: string;
}

export interface WarningProposal {
  behaviours: (BehaviourRef & { example: string })[];
  complaint: { reference: string; status: 'investigated' | 'being_investigated' };
  adjustmentsConsidered: string;
  adjustmentsMade: string[];
  proposedBy: ActedBy;
  proposedAt: string;
}

/**
 * A refusal of all contact (§31). It has an end (`endDate`, from the duration in months) and keeps
 * its record after it is varied back to restrictions or lifted (`endedOn`), for the register.
 * The dates are absent on refusals recorded before durations existed.
 */
export interface RefusalRecord {
  proposedBy: ActedBy;
  proposedAt: string;
  breachSummary: string;
  approvedBy: ActedBy | null;
  approvedAt: string | null;
  complaintInvestigationStopped: boolean;
  adjustmentsConsidered?: string;
  durationMonths?: number;
  /** The EDC's reasons on approval (or on the latest renewal), as the letter gives them. */
  approvedReason?: string;
  startDate?: string | null;
  endDate?: string | null;
  /** The day it stopped before or at its end: varied back to restrictions, lifted, quashed, expired. */
  endedOn?: string | null;
  renewals?: { by: ActedBy; at: string; durationMonths: number; endDate: string; reason: string }[];
}

export interface LetterRecord {
  kind: LetterKind;
  approvedBy: ActedBy;
  approvedAt: string;
  sentAt: string;
  /** The approved content, frozen at approval; later edits to the case do not change it. */
  content: LetterContent;
  /**
   * How the letter reached the customer (issue 12 §5): null until recorded. Absent on letters
   * approved before dispatch was recorded; those can be recorded but are never reminded about.
   */
  dispatch?: LetterDispatch | null;
}

export interface LetterDispatch {
  method: DispatchMethod;
  /** The day it was posted, e-mailed or handed over (London). */
  on: string;
  /** The address it was e-mailed to, when the product sent it. */
  emailedTo?: string;
  recordedBy: ActedBy;
  recordedAt: string;
}

/**
 * What a letter froze at approval. Every letter names the customer; the rest depends on the kind
 * (letters stored before a field existed lack it, so readers fall back to the case).
 */
export interface LetterContent {
  customer: { accountRef: string; name: string };
  /** warning */
  behaviours?: WarningProposal['behaviours'];
  complaint?: WarningProposal['complaint'];
  /** restriction, and review_outcome after a variation */
  restrictions?: RestrictionItem[];
  startDate?: string;
  /** restriction, review_outcome after a variation, expiry */
  endDate?: string;
  /** restriction, review_outcome after a variation: the proportionality reasons */
  reason?: string;
  /** review_outcome after a review that continues (`continue`); appeal_outcome (the appeal's outcome) */
  outcome?: 'continue' | 'quash' | 'vary' | 'uphold';
  /** review_outcome, refusal_of_all_contact */
  nextReviewDue?: string | null;
  /** refusal_of_all_contact */
  complaintInvestigationStopped?: boolean;
  /** Issue 12: a letter about a refusal of all contact (refusal, its review, lift or expiry) */
  refusal?: boolean;
  /** refusal_of_all_contact (and its reviews): the refusal's end date; `startDate` is its start */
  refusalEndDate?: string | null;
  durationMonths?: number | null;
  /** refusal_of_all_contact: a renewal by the EDC, not the first refusal */
  renewal?: boolean;
}

export interface Case {
  id: string;
  number: string;
  /** Count of audit events applied; the optimistic version a card or button is drawn for. */
  version: number;
  state: CaseState;
  /** For send-back: the state a pending EDC approval came from. */
  returnState: CaseState | null;
  customer: { accountRef: string; name: string };
  /** The first reporter, whose line manager is tier 1. */
  reporterId: string;
  lineManagerId: string | null;
  reporterIds: string[];
  urgent: boolean;
  reports: IncidentReport[];
  informationRequests: {
    id: string;
    question: string;
    askedBy: ActedBy;
    askedAt: string;
    answer: string | null;
    answeredAt: string | null;
  }[];
  colleagueSupport: { safeToContinue: boolean; supportOffered: string; recordedBy: ActedBy; recordedAt: string } | null;
  riskAssessment: {
    outcome: 'completed' | 'not_needed';
    reference: string | null;
    recordedBy: ActedBy;
    recordedAt: string;
  } | null;
  flagMarker: {
    status: 'provisional' | 'live' | 'rejected';
    reason: string;
    proposedBy: ActedBy;
    proposedAt: string;
    decidedBy: ActedBy | null;
    decidedAt: string | null;
    /** Set when it goes live: three months on, after which it is no longer shown (issue 12 §4). */
    reviewDate?: string | null;
  } | null;
  warning: (WarningProposal & { approvedBy: ActedBy | null; approvedAt: string | null }) | null;
  restrictions: RestrictionSet | null;
  proposedRestrictions: RestrictionSet | null;
  restrictionLetterDate: string | null;
  /**
   * What the quarterly reviews count from (§29): the restriction letter's dispatch date once it is
   * recorded; until then its approval date, provisionally. Absent on cases restricted before
   * dispatch was recorded (they count from `restrictionLetterDate`).
   */
  reviewsFrom?: { date: string; provisional: boolean } | null;
  nextReviewDue: string | null;
  reviews: { at: string; by: ActedBy; outcome: 'continue' | 'vary' | 'lift'; rationale: string; onTime: boolean }[];
  letters: LetterRecord[];
  refusal: RefusalRecord | null;
  policeOrLegalActions: {
    kind: 'police' | 'legal';
    reference: string | null;
    description: string;
    recordedBy: ActedBy;
    recordedAt: string;
  }[];
  newComplaints: {
    id: string;
    summary: string;
    receivedBy: ActedBy;
    receivedAt: string;
    decision: { outcome: 'investigate' | 'no_further_action'; by: ActedBy; at: string; rationale: string } | null;
  }[];
  appeals: {
    id: string;
    grounds: string;
    receivedBy: ActedBy;
    receivedAt: string;
    decision: {
      outcome: 'quash' | 'vary' | 'uphold';
      by: ActedBy;
      at: string;
      rationale: string;
      /** The role in which they decided (absent on appeals decided before issue 11 §3). */
      role?: RoleId;
      /** Neither they nor whoever they acted for took an earlier decision on the case (absent: not recorded). */
      independent?: boolean;
    } | null;
  }[];
  urgentPath: {
    policeCalled: boolean | null;
    policeAnsweredAt: string | null;
    protectiveSteps: {
      id: string;
      description: string;
      takenBy: ActedBy;
      takenAt: string;
      ratification: { ratified: boolean; by: ActedBy; at: string } | null;
    }[];
  } | null;
  /** Everyone who took a decision on the case; an appeal goes to someone not on this list. */
  deciderIds: string[];
  lastDecision: { action: ActionId; by: ActedBy; at: string } | null;
  closure: { reason: ClosureReason; at: string } | null;
  openedAt: string;
  updatedAt: string;
}

export interface Actor {
  personId: string;
  name: string;
  roles: RoleId[];
  /** People whose approvals this actor may take right now as their deputy (resolved by the app). */
  deputisingFor: { personId: string; name: string; roles: RoleId[] }[];
  /**
   * Tiers this person decides on one case because nobody there may (all reporters, affected or
   * absent): set by the app for a given case, from the directory. Absent: none.
   */
  standingIn?: RoleId[];
  /** The scheduler: the only actor that may expire restrictions. */
  isSystem?: boolean;
}

export const SYSTEM_ACTOR: Actor = {
  personId: 'system',
  name: 'Limited Contact scheduler',
  roles: [],
  deputisingFor: [],
  isSystem: true,
};

/** The audit entry a decision produces; the store adds sequence numbers and the hash chain. */
export interface CaseEvent {
  caseId: string;
  action: ActionId;
  at: string;
  actor: ActedBy;
  from: CaseState | null;
  to: CaseState;
  rationale: string | null;
  /** Action-specific facts, enough for notifiers to say what happened. */
  data: Record<string, unknown>;
}
