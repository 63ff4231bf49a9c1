import { URGENT_BEHAVIOUR_IDS } from '../policy/index.js';
import type { IncidentReportInput } from './commands.js';
import type { ActedBy, Case, IncidentReport } from './case.types.js';

export interface NewCaseIdentity {
  id: string;
  number: string;
  /** The reporter's line manager, tier 1 for this case. */
  lineManagerId: string | null;
}

/** Threats or violence put a case on the urgent path (§14, §15, §32), whether or not the box was ticked. */
export function isUrgentReport(input: Pick<IncidentReportInput, 'threatenedOrHurt' | 'behaviours'>): boolean {
  return input.threatenedOrHurt || input.behaviours.some((b) => URGENT_BEHAVIOUR_IDS.includes(b.behaviourId));
}

/** Account references are compared without case or surrounding spaces: "acc-1 " is "ACC-1". */
export const normaliseAccountRef = (accountRef: string): string => accountRef.trim().toUpperCase();

export function toIncidentReport(
  input: IncidentReportInput,
  id: string,
  reporterId: string,
  now: Date,
): IncidentReport {
  return {
    id,
    reporterId,
    reportedAt: now.toISOString(),
    occurredAt: input.occurredAt,
    channel: input.channel,
    behaviours: input.behaviours,
    description: input.description,
    affectedPeople: input.affectedPeople,
    evidenceRefs: input.evidenceRefs,
    threatenedOrHurt: input.threatenedOrHurt,
    knownVulnerabilities: input.knownVulnerabilities,
    counterAllegation: input.counterAllegation,
    possibleResidentOnResident: input.possibleResidentOnResident,
    complaintReference: input.complaintReference ?? null,
    affectedColleagueIds: input.affectedColleagueIds,
    ...(input.submissionKey ? { submissionKey: input.submissionKey } : {}),
  };
}

export function openCase(identity: NewCaseIdentity, input: IncidentReportInput, reporter: ActedBy, now: Date): Case {
  const at = now.toISOString();
  const urgent = isUrgentReport(input);
  return {
    id: identity.id,
    number: identity.number,
    version: 0,
    state: 'line_manager_review',
    returnState: null,
    customer: { accountRef: input.customerAccountRef, name: input.customerName },
    reporterId: reporter.personId,
    lineManagerId: identity.lineManagerId,
    reporterIds: [reporter.personId],
    urgent,
    reports: [toIncidentReport(input, 'R1', reporter.personId, now)],
    informationRequests: [],
    colleagueSupport: null,
    riskAssessment: null,
    flagMarker: null,
    warning: null,
    restrictions: null,
    proposedRestrictions: null,
    restrictionLetterDate: null,
    nextReviewDue: null,
    reviews: [],
    letters: [],
    refusal: null,
    policeOrLegalActions: [],
    newComplaints: [],
    appeals: [],
    urgentPath: urgent ? { policeCalled: null, policeAnsweredAt: null, protectiveSteps: [] } : null,
    deciderIds: [],
    lastDecision: null,
    closure: null,
    openedAt: at,
    updatedAt: at,
  };
}
