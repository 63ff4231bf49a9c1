import { z } from 'zod';
import { CONTACT_CHANNEL_IDS, CRITERIA, DISPATCH_METHOD_IDS, restrictionItemSchema } from '../policy/index.js';

// Every command a person (or the scheduler) can give, as one zod discriminated union. Channels
// build these from slash commands, modals, buttons and cards; jobs from their ids. Anything that
// does not parse never reaches the workflow.
const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`);
const required = (max: number, what: string) => text(max).min(1, `${what} is required`);
const isoDateTime = z.iso.datetime({ offset: true });

const behaviourRef = z
  .object({ criterionId: z.string(), behaviourId: z.string() })
  .refine((b) => CRITERIA.some((c) => c.id === b.criterionId && c.behaviours.some((x) => x.id === b.behaviourId)), {
    message: 'not a behaviour of the §13 table',
  });

const base = {
  /** The case version the card or button was drawn for; a mismatch means someone already decided. */
  expectedVersion: z.number().int().min(0).optional(),
  rationale: text(4000).optional(),
};

export const incidentReportInputSchema = z.object({
  customerAccountRef: required(64, 'The customer account reference').regex(
    /^[A-Za-z0-9][A-Za-z0-9\-/ ]*$/,
    'letters, digits, spaces, "-" and "/" only',
  ),
  customerName: required(200, "The customer's name"),
  complaintReference: text(64).optional(),
  occurredAt: isoDateTime,
  channel: z.enum(CONTACT_CHANNEL_IDS),
  behaviours: z.array(behaviourRef).min(1, 'choose at least one behaviour'),
  description: required(4000, 'What was said or done'),
  affectedPeople: text(1000).default(''),
  /** Colleagues named as affected, as directory ids (the app resolves the e-mails typed). */
  affectedColleagueIds: z.array(z.string().min(1).max(100)).max(20, 'at most 20 colleagues').default([]),
  evidenceRefs: z.array(text(200)).max(20).default([]),
  threatenedOrHurt: z.boolean(),
  knownVulnerabilities: text(2000).default(''),
  counterAllegation: z.boolean().default(false),
  possibleResidentOnResident: z.boolean().default(false),
  /**
   * Set by the use case, never by the reporter: the chat platform's id of this submission (a Slack
   * view, a Teams activity). A second submission with the same key is the same report.
   */
  submissionKey: z.string().max(200).optional(),
});
export type IncidentReportInput = z.infer<typeof incidentReportInputSchema>;

const restrictionProposal = {
  restrictions: z.array(restrictionItemSchema).min(1, 'propose at least one restriction'),
  proportionality: text(4000).default(''),
  /** How reasonable adjustments were considered (§20–23): a gate, as for warnings. */
  adjustmentsConsidered: text(4000).default(''),
  adjustmentJustifications: z.record(z.string(), text(2000)).default({}),
};

export const commandSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('report'), ...base, report: incidentReportInputSchema }),
  z.object({ action: z.literal('attach_report'), ...base, report: incidentReportInputSchema }),
  z.object({
    action: z.literal('escalate'),
    ...base,
    colleagueSupport: z.object({ safeToContinue: z.boolean(), supportOffered: text(2000) }).optional(),
    riskAssessment: z
      .object({ outcome: z.enum(['completed', 'not_needed']), reference: text(200).optional() })
      .optional(),
    proposeFlagMarker: z.object({ reason: required(2000, 'The reason for the marker') }).optional(),
  }),
  z.object({ action: z.literal('resolve_informally'), ...base }),
  z.object({ action: z.literal('refer_to_asb'), ...base }),
  z.object({ action: z.literal('request_information'), ...base, question: required(2000, 'The question') }),
  z.object({ action: z.literal('provide_information'), ...base, answer: required(4000, 'The answer') }),
  z.object({ action: z.literal('propose_flag_marker'), ...base }),
  z.object({ action: z.literal('approve_flag_marker'), ...base }),
  z.object({ action: z.literal('reject_flag_marker'), ...base }),
  z.object({
    action: z.literal('propose_warning'),
    ...base,
    behaviours: z.array(behaviourRef.and(z.object({ example: text(2000) }))).default([]),
    complaint: z
      .object({ reference: text(64), status: z.enum(['investigated', 'being_investigated', 'not_investigated']) })
      .optional(),
    adjustmentsConsidered: text(4000).default(''),
    adjustmentsMade: z.array(text(500)).max(20).default([]),
  }),
  z.object({ action: z.literal('approve_warning'), ...base }),
  z.object({ action: z.literal('send_back'), ...base }),
  z.object({
    action: z.literal('propose_restrictions'),
    ...base,
    ...restrictionProposal,
    /**
     * §27: when no report on the case is dated after the warning letter, the decider records the
     * continued behaviour here; it becomes a report on the case.
     */
    continuedBehaviour: z
      .object({
        occurredAt: isoDateTime,
        channel: z.enum(CONTACT_CHANNEL_IDS),
        description: required(4000, 'What happened'),
        behaviours: z.array(behaviourRef).default([]),
      })
      .optional(),
  }),
  z.object({ action: z.literal('close_behaviour_modified'), ...base }),
  z.object({ action: z.literal('close_no_further_action'), ...base }),
  z.object({ action: z.literal('approve_restrictions'), ...base }),
  z.object({ action: z.literal('review_continue'), ...base }),
  z.object({ action: z.literal('review_vary'), ...base, ...restrictionProposal }),
  z.object({ action: z.literal('review_lift'), ...base }),
  z.object({ action: z.literal('expire'), ...base }),
  z.object({
    action: z.literal('propose_refusal'),
    ...base,
    breachConfirmed: z.boolean().default(false),
    adjustmentsConsidered: text(4000).default(''),
    /** Unset: the default duration (REFUSAL_DURATION, or the setting). */
    durationMonths: z.number().int().min(1, 'at least 1 month').optional(),
  }),
  z.object({
    action: z.literal('refuse_all_contact'),
    ...base,
    stopComplaintInvestigation: z.boolean().default(false),
  }),
  z.object({
    action: z.literal('renew_refusal'),
    ...base,
    adjustmentsConsidered: text(4000).default(''),
    durationMonths: z.number().int().min(1, 'at least 1 month').optional(),
  }),
  z.object({
    action: z.literal('record_police_or_legal_action'),
    ...base,
    kind: z.enum(['police', 'legal']),
    reference: text(200).optional(),
  }),
  z.object({
    action: z.literal('receive_new_complaint'),
    ...base,
    summary: required(4000, 'A summary of the complaint'),
  }),
  z.object({
    action: z.literal('decide_new_complaint'),
    ...base,
    complaintId: z.string().min(1),
    outcome: z.enum(['investigate', 'no_further_action']),
  }),
  z.object({ action: z.literal('receive_appeal'), ...base, grounds: required(4000, 'The grounds of appeal') }),
  z.object({
    action: z.literal('decide_appeal'),
    ...base,
    outcome: z.enum(['quash', 'vary', 'uphold']),
    /**
     * A vary outcome's restrictions that now apply (issue 11 §3): only on a restricted case, and
     * checked with the same gates as a proposal (dates, an open route, adjustments, proportionality).
     */
    variedRestrictions: z.array(restrictionItemSchema).min(1).optional(),
    proportionality: text(4000).default(''),
    adjustmentsConsidered: text(4000).default(''),
    adjustmentJustifications: z.record(z.string(), text(2000)).default({}),
  }),
  z.object({ action: z.literal('answer_police_question'), ...base, policeCalled: z.boolean() }),
  z.object({
    action: z.literal('propose_protective_step'),
    ...base,
    description: required(2000, 'The protective step'),
  }),
  z.object({ action: z.literal('ratify_protective_step'), ...base, stepId: z.string().min(1), ratified: z.boolean() }),
  z.object({
    action: z.literal('record_dispatch'),
    ...base,
    /** The letter's place in Case.letters. */
    letterIndex: z.number().int().min(0),
    method: z.enum(DISPATCH_METHOD_IDS),
    dispatchedOn: z.iso.date('a date (YYYY-MM-DD)'),
    /** Set by the app when it e-mailed the letter itself. */
    emailedTo: z.email().max(320).optional(),
  }),
]);

export type Command = z.infer<typeof commandSchema>;
export type CommandOf<A extends Command['action']> = Extract<Command, { action: A }>;
