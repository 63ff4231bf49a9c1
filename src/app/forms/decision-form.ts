import {
  displayTime,
  hasReportSinceWarning,
  lettersAwaitingDispatch,
  type Case,
  type CaseError,
  type CustomerAdjustment,
} from '../../cases/index.js';
import {
  ACTION_PRESENTATION,
  CRITERIA,
  DISPATCH_METHODS,
  findTransition,
  letterLabel,
  type ActionId,
  type GateId,
} from '../../policy/index.js';
import {
  lines,
  list,
  text,
  yes,
  YES_NO,
  type FieldErrors,
  type FormField,
  type FormSpec,
  type FormValues,
} from './form-types.js';
import {
  RESTRICTION_DETAIL_FIELD,
  restrictionFields,
  restrictionsFromForm,
  type ResolveEmails,
} from './restriction-fields.js';

// The form behind each decision button: the rationale and whatever the action's gates need.
// Slack shows it as a modal, Teams as inputs on the card; both parse it here.
//
// One entry per action in DECISION_FORMS (a Record over every ActionId, so the compiler asks for
// a new action's form): its fields, how the entered values become the command, and which field a
// failing gate or an invalid part of the command is shown next to.
export const DECISION_FORM_PREFIX = 'lcp_decide';

/** The command as built from a form: unchecked until `decide` parses it. */
export type UncheckedCommand = Record<string, unknown>;

export type BuiltCommand = { ok: true; command: UncheckedCommand } | { ok: false; errors: FieldErrors };

interface FormContext extends DecisionFormExtras {
  kase: Case;
  adjustments: readonly CustomerAdjustment[];
}

/** What some forms need beyond the case: today's date, and where a letter may be e-mailed. */
export interface DecisionFormExtras {
  /** YYYY-MM-DD in London: the dispatch form's default date. */
  today?: string;
  /** The customer's e-mail address when letters may be e-mailed to them and e-mail is set up. */
  letterEmail?: string | null;
}

interface DecisionFormEntry {
  /** The action's own fields; the rationale is added after them when the transition asks for one. */
  fields: (context: FormContext) => FormField[];
  /** The action-specific part of the command, from what was entered; directory look-ups can fail per field. */
  command: (
    values: FormValues,
    context: FormContext & { resolveEmails: ResolveEmails },
  ) => BuiltCommand | Promise<BuiltCommand>;
  /** Where a failing gate is shown; a gate not listed (or a field not on the form) goes to the first field. */
  gateFields: Partial<Record<GateId, string>>;
  /** Which field an invalid part of the command belongs to: command key (or its leaf) -> field id. */
  pathFields: Record<string, string>;
  /** The form shows and reads the customer's recorded adjustments (so the customer record is read for it). */
  usesAdjustments?: true;
}

const built = (command: UncheckedCommand): BuiltCommand => ({ ok: true, command });

/** An action that asks for nothing but (when required) the reasons. */
const REASONS_ONLY: DecisionFormEntry = { fields: () => [], command: () => built({}), gateFields: {}, pathFields: {} };

const behaviourOptions = CRITERIA.map((c) => ({
  label: c.label,
  options: c.behaviours.map((b) => ({ value: `${c.id}:${b.id}`, label: b.label })),
}));

const ESCALATE: DecisionFormEntry = {
  fields: ({ kase }) =>
    kase.state === 'line_manager_review'
      ? [
          {
            id: 'safe_to_continue',
            kind: 'yesno',
            label: 'Is the colleague safe to continue in their duties? (§11)',
            required: true,
            options: YES_NO,
          },
          {
            id: 'support_offered',
            kind: 'multiline',
            label: 'What support was offered to the colleague?',
            required: true,
            maxLength: 2000,
          },
        ]
      : [
          {
            id: 'risk_assessment',
            kind: 'select',
            label: 'Risk assessment (§11)',
            required: true,
            options: [
              { value: 'completed', label: 'Completed' },
              ...(kase.urgent ? [] : [{ value: 'not_needed', label: 'Not needed' }]),
            ],
          },
          {
            id: 'risk_reference',
            kind: 'text',
            label: 'Risk assessment reference (if completed)',
            required: false,
            maxLength: 200,
          },
          {
            id: 'flag_marker_reason',
            kind: 'multiline',
            label: 'Propose a flag marker on the customer account: why (leave empty for none)',
            required: false,
            maxLength: 2000,
          },
        ],
  command: (values, { kase }) => {
    if (kase.state === 'line_manager_review')
      return built({
        colleagueSupport: {
          safeToContinue: yes(values, 'safe_to_continue'),
          supportOffered: text(values, 'support_offered'),
        },
      });
    return built({
      ...(text(values, 'risk_assessment')
        ? {
            riskAssessment: {
              outcome: text(values, 'risk_assessment'),
              ...(text(values, 'risk_reference') ? { reference: text(values, 'risk_reference') } : {}),
            },
          }
        : {}),
      ...(text(values, 'flag_marker_reason')
        ? { proposeFlagMarker: { reason: text(values, 'flag_marker_reason') } }
        : {}),
    });
  },
  gateFields: {
    colleague_support_recorded: 'support_offered',
    risk_assessment_recorded: 'risk_assessment',
    flag_marker_not_pending: 'flag_marker_reason',
  },
  pathFields: {
    supportOffered: 'support_offered',
    safeToContinue: 'safe_to_continue',
    riskAssessment: 'risk_assessment',
    reference: 'risk_reference',
    proposeFlagMarker: 'flag_marker_reason',
  },
};

const PROPOSE_WARNING: DecisionFormEntry = {
  fields: ({ kase }) => [
    {
      id: 'complaint_reference',
      kind: 'text',
      label: 'Underlying complaint reference (§25)',
      required: true,
      maxLength: 64,
      initial: kase.reports.find((r) => r.complaintReference)?.complaintReference ?? undefined,
    },
    {
      id: 'complaint_status',
      kind: 'select',
      label: 'Has the complaint been investigated under the Complaints Policy?',
      required: true,
      options: [
        { value: 'investigated', label: 'Yes, investigated' },
        { value: 'being_investigated', label: 'Being investigated' },
        { value: 'not_investigated', label: 'Not yet' },
      ],
    },
    {
      id: 'adjustments_considered',
      kind: 'multiline',
      label: 'How reasonable adjustments were considered (§20–23)',
      required: true,
      maxLength: 3000,
    },
    {
      id: 'adjustments_made',
      kind: 'multiline',
      label: 'Adjustments made, one per line',
      required: false,
      maxLength: 2000,
    },
    {
      id: 'behaviours',
      kind: 'multiselect',
      label: 'Behaviours the warning is about',
      required: true,
      optionGroups: behaviourOptions,
      initial: [...new Set(kase.reports.flatMap((r) => r.behaviours.map((b) => `${b.criterionId}:${b.behaviourId}`)))],
    },
    {
      id: 'examples',
      kind: 'multiline',
      label: 'An example of each behaviour, one line each, in the order above',
      required: true,
      maxLength: 3000,
    },
  ],
  command: (values) => {
    const chosen = list(values, 'behaviours');
    const examples = lines(values, 'examples');
    if (chosen.length > 0 && examples.length !== chosen.length)
      return {
        ok: false,
        errors: { examples: `Give ${chosen.length} example(s), one line for each behaviour chosen.` },
      };
    return built({
      complaint: {
        reference: text(values, 'complaint_reference'),
        status: text(values, 'complaint_status') || 'not_investigated',
      },
      adjustmentsConsidered: text(values, 'adjustments_considered'),
      adjustmentsMade: lines(values, 'adjustments_made'),
      behaviours: chosen.map((v, i) => ({
        criterionId: v.split(':')[0],
        behaviourId: v.split(':')[1],
        example: examples[i] ?? '',
      })),
    });
  },
  gateFields: {
    complaint_investigated: 'complaint_status',
    adjustments_considered: 'adjustments_considered',
    behaviours_with_examples: 'examples',
  },
  pathFields: {
    reference: 'complaint_reference',
    status: 'complaint_status',
    complaint: 'complaint_reference',
    adjustmentsConsidered: 'adjustments_considered',
    adjustmentsMade: 'adjustments_made',
    example: 'examples',
    behaviours: 'behaviours',
  },
};

function restrictionsEntry(action: 'propose_restrictions' | 'review_vary'): DecisionFormEntry {
  return {
    usesAdjustments: true,
    // §27: with no report since the warning, the proposer records the continued behaviour.
    fields: ({ kase, adjustments }) =>
      restrictionFields(adjustments, {
        askContinuedBehaviour: action === 'propose_restrictions' && !hasReportSinceWarning(kase),
      }),
    command: async (values, { adjustments, resolveEmails }) => {
      const parsed = await restrictionsFromForm(values, adjustments, resolveEmails);
      return parsed.ok ? built({ ...parsed.input }) : parsed;
    },
    gateFields: {
      restriction_dates_valid: 'start_date',
      contact_route_open: 'restriction_types',
      adjustments_considered: 'adjustments_considered',
      adjustment_conflicts_justified: 'restriction_types',
      proportionality_recorded: 'proportionality',
      ...(action === 'propose_restrictions' ? { behaviour_continued_after_warning: 'continued_what' } : {}),
    },
    pathFields: {
      proportionality: 'proportionality',
      adjustmentsConsidered: 'adjustments_considered',
      ...(action === 'propose_restrictions'
        ? { occurredAt: 'continued_at', channel: 'continued_channel', description: 'continued_what' }
        : {}),
    },
  };
}

/** Fields a "vary" outcome needs; the form cannot mark them required, as quash and uphold need none. */
const VARY_NEEDS = [
  'restriction_types',
  'start_date',
  'review_date',
  'end_date',
  'proportionality',
  'adjustments_considered',
];

/**
 * An appeal's outcome (issue 11 §3). "Vary" is offered only while restrictions are in force, and
 * then asks for the restrictions that apply instead, as a proposal does (same fields, same gates);
 * they take effect with the decision.
 */
const DECIDE_APPEAL: DecisionFormEntry = {
  fields: ({ kase, adjustments }) => {
    const canVary = kase.state === 'restricted' && kase.restrictions !== null;
    return [
      {
        id: 'outcome',
        kind: 'select',
        label: 'Outcome',
        required: true,
        options: [
          { value: 'quash', label: 'Quash (case closed)' },
          ...(canVary ? [{ value: 'vary', label: 'Vary: the restrictions below replace the current ones' }] : []),
          { value: 'uphold', label: 'Uphold' },
        ],
      },
      ...(canVary
        ? restrictionFields(adjustments).map((f) =>
            f.id === 'restriction_types'
              ? { ...f, required: false, hint: 'Only for "Vary": the restrictions that apply from now on.' }
              : { ...f, required: false },
          )
        : []),
    ];
  },
  command: async (values, { adjustments, resolveEmails }) => {
    const outcome = text(values, 'outcome');
    if (outcome !== 'vary') {
      return list(values, 'restriction_types').length > 0
        ? {
            ok: false,
            errors: { restriction_types: 'Restrictions are given only with "Vary": choose Vary, or clear them.' },
          }
        : built({ outcome });
    }
    const missing = VARY_NEEDS.filter((id) => !text(values, id));
    if (missing.length > 0)
      return { ok: false, errors: Object.fromEntries(missing.map((id) => [id, 'Needed for a "vary" outcome.'])) };
    const parsed = await restrictionsFromForm(values, adjustments, resolveEmails);
    if (!parsed.ok) return parsed;
    const { restrictions, proportionality, adjustmentsConsidered, adjustmentJustifications } = parsed.input;
    return built({
      outcome,
      variedRestrictions: restrictions,
      proportionality,
      adjustmentsConsidered,
      adjustmentJustifications,
    });
  },
  gateFields: {
    restriction_dates_valid: 'start_date',
    contact_route_open: 'restriction_types',
    adjustments_considered: 'adjustments_considered',
    adjustment_conflicts_justified: 'restriction_types',
    proportionality_recorded: 'proportionality',
  },
  pathFields: {
    outcome: 'outcome',
    variedRestrictions: 'restriction_types',
    proportionality: 'proportionality',
    adjustmentsConsidered: 'adjustments_considered',
  },
};

/** A refusal's duration (§31) and how adjustments were considered (§20–23): proposal and renewal. */
const REFUSAL_FIELDS: FormField[] = [
  {
    id: 'duration_months',
    kind: 'number',
    label: 'For how many months? (empty: the default)',
    required: false,
    hint: 'A refusal of all contact ends unless the executive director renews it.',
  },
  {
    id: 'adjustments_considered',
    kind: 'multiline',
    label: 'How reasonable adjustments and support needs were considered (§20–23)',
    required: true,
    maxLength: 3000,
  },
];

const refusalInput = (values: FormValues): UncheckedCommand => ({
  adjustmentsConsidered: text(values, 'adjustments_considered'),
  ...(text(values, 'duration_months') ? { durationMonths: Number(text(values, 'duration_months')) } : {}),
});

const REFUSAL_GATE_FIELDS: Partial<Record<GateId, string>> = {
  adjustments_considered: 'adjustments_considered',
  refusal_duration_valid: 'duration_months',
};
const REFUSAL_PATH_FIELDS = { adjustmentsConsidered: 'adjustments_considered', durationMonths: 'duration_months' };

/** One required multi-line field whose text is the command's `key`. */
function oneText(id: string, key: string, label: (kase: Case) => string, maxLength: number): DecisionFormEntry {
  return {
    fields: ({ kase }) => [{ id, kind: 'multiline', label: label(kase), required: true, maxLength }],
    command: (values) => built({ [key]: text(values, id) }),
    gateFields: {},
    pathFields: { [key]: id },
  };
}

/** The dispatch form's method value that e-mails the letter from the product (src/app/email-letter.ts). */
export const SEND_EMAIL_NOW = 'send_email';

/** Slack cuts an option's text at 75 characters; Teams shows it whole. */
const OPTION_TEXT_MAX = 75;

/**
 * The "E-mail it now" choice names the address, so the person sees where the letter goes. A long
 * address would be cut in Slack's option text, so the full address is always in the field's hint,
 * and the option names it only when it fits.
 */
function sendEmailNow(letterEmail: string): { option: { value: string; label: string }; hint: string } {
  const named = `E-mail it now to ${letterEmail} (PDF attached)`;
  return {
    option: { value: SEND_EMAIL_NOW, label: named.length <= OPTION_TEXT_MAX ? named : 'E-mail it now (PDF attached)' },
    hint: `"E-mail it now" sends the letter to ${letterEmail}, the address on the customer record.`,
  };
}

const RECORD_DISPATCH: DecisionFormEntry = {
  fields: ({ kase, today, letterEmail }) => {
    const waiting = lettersAwaitingDispatch(kase);
    const email = letterEmail ? sendEmailNow(letterEmail) : null;
    return [
      {
        id: 'letter',
        kind: 'select',
        label: 'Which letter',
        required: true,
        options: waiting.map((i) => ({
          value: String(i),
          label: `${letterLabel(kase.letters[i]!.kind)} approved ${displayTime(kase.letters[i]!.approvedAt)}`,
        })),
        ...(waiting.length > 0 ? { initial: String(waiting.at(-1)) } : {}),
      },
      {
        id: 'method',
        kind: 'select',
        label: 'How it reached the customer',
        required: true,
        options: [...DISPATCH_METHODS.map((m) => ({ value: m.id, label: m.label })), ...(email ? [email.option] : [])],
        ...(email ? { hint: email.hint } : {}),
      },
      {
        id: 'dispatched_on',
        kind: 'date',
        label: 'On which day',
        required: true,
        hint: 'Not before the letter was approved. Sending it by e-mail now records today.',
        ...(today ? { initial: today } : {}),
      },
    ];
  },
  command: (values) => {
    const letter = text(values, 'letter');
    if (!/^\d+$/.test(letter)) return { ok: false, errors: { letter: 'Choose the letter that was dispatched.' } };
    const method = text(values, 'method');
    return built({
      letterIndex: Number(letter),
      method: method === SEND_EMAIL_NOW ? 'emailed' : method,
      dispatchedOn: text(values, 'dispatched_on'),
    });
  },
  gateFields: { letter_dispatch_valid: 'dispatched_on' },
  pathFields: { letterIndex: 'letter', method: 'method', dispatchedOn: 'dispatched_on', emailedTo: 'method' },
};

export const DECISION_FORMS: Record<ActionId, DecisionFormEntry> = {
  report: REASONS_ONLY,
  attach_report: REASONS_ONLY,
  escalate: ESCALATE,
  resolve_informally: REASONS_ONLY,
  refer_to_asb: REASONS_ONLY,
  request_information: oneText('question', 'question', () => 'What do you need to know from the reporter?', 2000),
  provide_information: oneText(
    'answer',
    'answer',
    (kase) => kase.informationRequests.find((q) => q.answer === null)?.question ?? 'Your answer',
    4000,
  ),
  propose_flag_marker: REASONS_ONLY,
  approve_flag_marker: REASONS_ONLY,
  reject_flag_marker: REASONS_ONLY,
  propose_warning: PROPOSE_WARNING,
  approve_warning: REASONS_ONLY,
  send_back: REASONS_ONLY,
  propose_restrictions: restrictionsEntry('propose_restrictions'),
  close_behaviour_modified: REASONS_ONLY,
  close_no_further_action: REASONS_ONLY,
  approve_restrictions: REASONS_ONLY,
  review_continue: REASONS_ONLY,
  review_vary: restrictionsEntry('review_vary'),
  review_lift: REASONS_ONLY,
  expire: REASONS_ONLY,
  propose_refusal: {
    fields: () => [
      {
        id: 'breach_confirmed',
        kind: 'yesno',
        label: 'Were the restrictions not adhered to, with behaviour continuing? (§31)',
        required: true,
        options: YES_NO,
      },
      ...REFUSAL_FIELDS,
    ],
    command: (values) => built({ breachConfirmed: yes(values, 'breach_confirmed'), ...refusalInput(values) }),
    gateFields: { restrictions_breached: 'breach_confirmed', ...REFUSAL_GATE_FIELDS },
    pathFields: { breachConfirmed: 'breach_confirmed', ...REFUSAL_PATH_FIELDS },
  },
  renew_refusal: {
    fields: () => REFUSAL_FIELDS,
    command: (values) => built(refusalInput(values)),
    gateFields: REFUSAL_GATE_FIELDS,
    pathFields: REFUSAL_PATH_FIELDS,
  },
  refuse_all_contact: {
    fields: () => [
      {
        id: 'stop_complaint_investigation',
        kind: 'yesno',
        label: 'Also stop the investigation of the complaint? (§31)',
        required: true,
        options: YES_NO,
        initial: 'no',
      },
    ],
    command: (values) => built({ stopComplaintInvestigation: yes(values, 'stop_complaint_investigation') }),
    gateFields: {},
    pathFields: { stopComplaintInvestigation: 'stop_complaint_investigation' },
  },
  record_police_or_legal_action: {
    fields: () => [
      {
        id: 'kind',
        kind: 'select',
        label: 'What action',
        required: true,
        options: [
          { value: 'police', label: 'Police contacted' },
          { value: 'legal', label: 'Legal action' },
        ],
      },
      {
        id: 'reference',
        kind: 'text',
        label: 'Reference (crime number, claim number)',
        required: false,
        maxLength: 200,
      },
    ],
    command: (values) =>
      built({
        kind: text(values, 'kind'),
        ...(text(values, 'reference') ? { reference: text(values, 'reference') } : {}),
      }),
    gateFields: {},
    pathFields: { kind: 'kind', reference: 'reference' },
  },
  receive_new_complaint: oneText('summary', 'summary', () => 'The new complaint, in brief', 4000),
  decide_new_complaint: {
    fields: ({ kase }) => [
      {
        id: 'complaint_id',
        kind: 'select',
        label: 'Complaint',
        required: true,
        options: kase.newComplaints
          .filter((c) => !c.decision)
          .map((c) => ({ value: c.id, label: c.summary.slice(0, 70) })),
      },
      {
        id: 'outcome',
        kind: 'select',
        label: 'How it is handled (§33)',
        required: true,
        options: [
          { value: 'investigate', label: 'Investigate under the Complaints Policy' },
          { value: 'no_further_action', label: 'No further action' },
        ],
      },
    ],
    command: (values) => built({ complaintId: text(values, 'complaint_id'), outcome: text(values, 'outcome') }),
    gateFields: {},
    pathFields: { complaintId: 'complaint_id', outcome: 'outcome' },
  },
  receive_appeal: oneText('grounds', 'grounds', () => 'Grounds of appeal', 4000),
  decide_appeal: DECIDE_APPEAL,
  answer_police_question: {
    fields: () => [
      { id: 'police_called', kind: 'yesno', label: 'Have the police been called?', required: true, options: YES_NO },
    ],
    command: (values) => built({ policeCalled: yes(values, 'police_called') }),
    gateFields: {},
    pathFields: { policeCalled: 'police_called' },
  },
  propose_protective_step: oneText('description', 'description', () => 'The immediate protective step taken', 2000),
  ratify_protective_step: {
    fields: ({ kase }) => [
      {
        id: 'step_id',
        kind: 'select',
        label: 'Protective step',
        required: true,
        options: (kase.urgentPath?.protectiveSteps ?? [])
          .filter((s) => !s.ratification)
          .map((s) => ({ value: s.id, label: s.description.slice(0, 70) })),
      },
      { id: 'ratified', kind: 'yesno', label: 'Ratify it?', required: true, options: YES_NO },
    ],
    command: (values) => built({ stepId: text(values, 'step_id'), ratified: yes(values, 'ratified') }),
    gateFields: {},
    pathFields: { stepId: 'step_id', ratified: 'ratified' },
  },
  record_dispatch: RECORD_DISPATCH,
};

const rationale = (required: boolean): FormField => ({
  id: 'rationale',
  kind: 'multiline',
  label: 'Reasons for this decision',
  required,
  maxLength: 3000,
  hint: 'The customer, an appeal or the Ombudsman may read this.',
});

/** Whether the action's form shows or reads the customer's recorded adjustments (the restriction forms). */
export function formUsesAdjustments(action: ActionId): boolean {
  return DECISION_FORMS[action].usesAdjustments === true;
}

export function decisionForm(
  action: ActionId,
  kase: Case,
  adjustments: readonly CustomerAdjustment[] = [],
  extras: DecisionFormExtras = {},
): FormSpec {
  const row = findTransition(action, kase.state);
  return {
    id: `${DECISION_FORM_PREFIX}:${action}`,
    title: ACTION_PRESENTATION[action].label,
    submitLabel: 'Confirm',
    intro: `Case ${kase.number}`,
    fields: [
      ...DECISION_FORMS[action].fields({ kase, adjustments, ...extras }),
      ...(row?.rationale === 'required' ? [rationale(true)] : []),
    ],
  };
}

/** Builds the workflow command from what was entered; directory look-ups can fail per field. */
export async function decisionCommandFromForm(
  action: ActionId,
  values: FormValues,
  kase: Case,
  adjustments: readonly CustomerAdjustment[],
  resolveEmails: ResolveEmails,
): Promise<BuiltCommand> {
  const base: UncheckedCommand = { action, expectedVersion: kase.version };
  const reason = text(values, 'rationale');
  if (reason) base.rationale = reason;
  const result = await DECISION_FORMS[action].command(values, { kase, adjustments, resolveEmails });
  return result.ok ? built({ ...base, ...result.command }) : result;
}

/** Turns a workflow error into messages next to the fields of the action's form; null if it is not about a field. */
export function decisionFieldErrors(error: CaseError, form: FormSpec, action: ActionId): FieldErrors | null {
  const entry = DECISION_FORMS[action];
  const fieldIds = new Set(form.fields.map((f) => f.id));
  const first = form.fields[0]?.id ?? 'rationale';
  const errors: FieldErrors = {};
  const put = (id: string | undefined, message: string) => {
    const target = id && fieldIds.has(id) ? id : first;
    errors[target] = errors[target] ? `${errors[target]} ${message}` : message;
  };
  if (error.code === 'CASE.RATIONALE_MISSING') put('rationale', error.message);
  else if (error.code === 'CASE.GATE_NOT_MET') {
    for (const g of error.details?.gates ?? []) put(entry.gateFields[g.gate], g.message);
  } else if (error.code === 'CASE.INVALID_COMMAND') {
    const fields = error.details?.fields ?? [];
    if (fields.length === 0) put(first, error.message);
    for (const f of fields) put(fieldForPath(entry, f.path), f.message);
  } else return null;
  return errors;
}

/** The field an invalid command path belongs to: the rationale, a restriction's detail, or the action's own mapping. */
function fieldForPath(entry: DecisionFormEntry, path: string): string {
  const parts = path.split('.');
  const leaf = parts.at(-1) ?? '';
  if (parts[0] === 'rationale') return 'rationale';
  if (parts[0] === 'restrictions') return RESTRICTION_DETAIL_FIELD[leaf] ?? 'restriction_types';
  return entry.pathFields[leaf] ?? entry.pathFields[parts[0] ?? ''] ?? '';
}
