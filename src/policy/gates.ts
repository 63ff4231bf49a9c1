// Gates: conditions a transition must meet beyond "right person, right state". The checks
// themselves live in src/cases/gates.ts, keyed by these ids; a test proves each has one.
export const GATES = {
  colleague_support_recorded: {
    label: 'The colleague-support check is recorded: is the colleague safe to continue, what support was offered',
    paragraphs: [11],
  },
  risk_assessment_recorded: { label: 'A risk assessment has been done or recorded as not needed', paragraphs: [11] },
  complaint_investigated: {
    label: 'The underlying complaint has been or is being investigated under the Complaints Policy',
    paragraphs: [7, 25],
  },
  adjustments_considered: {
    label: 'Reasonable adjustments have been considered and recorded',
    paragraphs: [20, 21, 22, 23],
  },
  behaviours_with_examples: { label: 'The behaviours are listed, each with an example', paragraphs: [13, 26] },
  restriction_dates_valid: {
    label: 'Each restriction has a start, review and end date in order, reviewed within three months',
    paragraphs: [29, 30],
  },
  contact_route_open: {
    label: 'At least one contact route stays open, besides emergency repairs and health and safety',
    paragraphs: [30],
  },
  adjustment_conflicts_justified: {
    label:
      'Any restriction that conflicts with an agreed adjustment has a recorded reason why it is still proportionate',
    paragraphs: [20, 22, 30],
  },
  behaviour_continued_after_warning: {
    label:
      'The case holds a report of an incident after the warning letter, or the decider records the continued behaviour',
    paragraphs: [27],
  },
  refusal_duration_valid: {
    label: 'The refusal of all contact has a duration within the allowed maximum',
    paragraphs: [31],
  },
  refusal_end_reached: { label: 'The refusal of all contact has reached its end date', paragraphs: [31] },
  proportionality_recorded: {
    label: 'The reasoning for why the restrictions are appropriate and proportionate is recorded',
    paragraphs: [30],
  },
  flag_marker_not_pending: { label: 'No flag marker is already provisional or live', paragraphs: [11] },
  flag_marker_provisional: { label: 'A flag marker has been proposed and awaits approval', paragraphs: [11] },
  information_requested: { label: 'Information has been requested from the reporter', paragraphs: [8] },
  end_date_reached: { label: 'The restrictions have reached their end date', paragraphs: [30] },
  no_live_restrictions: {
    label: 'No restrictions are in force (live restrictions end by a quarterly review, an appeal or their end date)',
    paragraphs: [29, 30],
  },
  informal_resolution_by_senior_if_urgent: {
    label:
      'An urgent case (threats or violence) is resolved informally only by the customer experience manager or above',
    paragraphs: [12, 14, 32],
  },
  restrictions_breached: {
    label: 'Restrictions were not adhered to and behaviour continued (an incident reported since they began)',
    paragraphs: [31],
  },
  new_complaint_pending: { label: 'A new complaint awaits a decision', paragraphs: [33] },
  appeal_not_pending: { label: 'No appeal is already awaiting a decision', paragraphs: [] },
  appeal_pending: { label: 'An appeal awaits a decision', paragraphs: [] },
  urgent_case: { label: 'The case is on the urgent path', paragraphs: [14, 32] },
  police_question_open: { label: 'The reporter has not yet said whether the police were called', paragraphs: [32] },
  protective_step_pending: { label: 'An immediate protective step awaits ratification', paragraphs: [14, 32] },
  letter_dispatch_valid: {
    label:
      'The letter exists and its dispatch is not yet recorded; the dispatch date is not before its approval nor in the future',
    paragraphs: [28, 29],
  },
} as const;

export type GateId = keyof typeof GATES;
export const GATE_IDS = Object.keys(GATES) as GateId[];
