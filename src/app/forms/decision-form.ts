import type { Case, CaseError, CustomerAdjustment } from '../../cases/index.js';
import { ACTION_PRESENTATION, CRITERIA, findTransition, type ActionId, type GateId } from '../../policy/index.js';
import { lines, list, text, yes, YES_NO, type FieldErrors, type FormField, type FormSpec, type FormValues } from './form-types.js';
import { RESTRICTION_DETAIL_FIELD, restrictionFields, restrictionsFromForm, type ResolveEmails } from './restriction-fields.js';

// The form behind each decision button: the rationale and whatever the action's gates need.
// Slack shows it as a modal, Teams as inputs on the card; both parse it here.
export const DECISION_FORM_PREFIX = 'lcp_decide';

const rationale = (required: boolean): FormField => ({ id: 'rationale', kind: 'multiline', label: 'Reasons for this decision', required, maxLength: 3000, hint: 'The customer, an appeal or the Ombudsman may read this.' });

const behaviourOptions = CRITERIA.map((c) => ({ label: c.label, options: c.behaviours.map((b) => ({ value: `${c.id}:${b.id}`, label: b.label })) }));

function fieldsFor(action: ActionId, kase: Case, adjustments: readonly CustomerAdjustment[]): FormField[] {
  switch (action) {
    case 'escalate':
      return kase.state === 'line_manager_review'
        ? [
            { id: 'safe_to_continue', kind: 'yesno', label: 'Is the colleague safe to continue in their duties? (§11)', required: true, options: YES_NO },
            { id: 'support_offered', kind: 'multiline', label: 'What support was offered to the colleague?', required: true, maxLength: 2000 },
          ]
        : [
            { id: 'risk_assessment', kind: 'select', label: 'Risk assessment (§11)', required: true, options: [{ value: 'completed', label: 'Completed' }, { value: 'not_needed', label: 'Not needed' }] },
            { id: 'risk_reference', kind: 'text', label: 'Risk assessment reference (if completed)', required: false, maxLength: 200 },
            { id: 'flag_marker_reason', kind: 'multiline', label: 'Propose a flag marker on the customer account: why (leave empty for none)', required: false, maxLength: 2000 },
          ];
    case 'request_information':
      return [{ id: 'question', kind: 'multiline', label: 'What do you need to know from the reporter?', required: true, maxLength: 2000 }];
    case 'provide_information':
      return [{ id: 'answer', kind: 'multiline', label: kase.informationRequests.find((q) => q.answer === null)?.question ?? 'Your answer', required: true, maxLength: 4000 }];
    case 'propose_warning':
      return [
        { id: 'complaint_reference', kind: 'text', label: 'Underlying complaint reference (§25)', required: true, maxLength: 64, initial: kase.reports.find((r) => r.complaintReference)?.complaintReference ?? undefined },
        { id: 'complaint_status', kind: 'select', label: 'Has the complaint been investigated under the Complaints Policy?', required: true, options: [{ value: 'investigated', label: 'Yes, investigated' }, { value: 'being_investigated', label: 'Being investigated' }, { value: 'not_investigated', label: 'Not yet' }] },
        { id: 'adjustments_considered', kind: 'multiline', label: 'How reasonable adjustments were considered (§20–23)', required: true, maxLength: 3000 },
        { id: 'adjustments_made', kind: 'multiline', label: 'Adjustments made, one per line', required: false, maxLength: 2000 },
        { id: 'behaviours', kind: 'multiselect', label: 'Behaviours the warning is about', required: true, optionGroups: behaviourOptions, initial: [...new Set(kase.reports.flatMap((r) => r.behaviours.map((b) => `${b.criterionId}:${b.behaviourId}`)))] },
        { id: 'examples', kind: 'multiline', label: 'An example of each behaviour, one line each, in the order above', required: true, maxLength: 3000 },
      ];
    case 'propose_restrictions':
    case 'review_vary':
      return restrictionFields(adjustments);
    case 'propose_refusal':
      return [{ id: 'breach_confirmed', kind: 'yesno', label: 'Were the restrictions not adhered to, with behaviour continuing? (§31)', required: true, options: YES_NO }];
    case 'refuse_all_contact':
      return [{ id: 'stop_complaint_investigation', kind: 'yesno', label: 'Also stop the investigation of the complaint? (§31)', required: true, options: YES_NO, initial: 'no' }];
    case 'record_police_or_legal_action':
      return [
        { id: 'kind', kind: 'select', label: 'What action', required: true, options: [{ value: 'police', label: 'Police contacted' }, { value: 'legal', label: 'Legal action' }] },
        { id: 'reference', kind: 'text', label: 'Reference (crime number, claim number)', required: false, maxLength: 200 },
      ];
    case 'receive_new_complaint':
      return [{ id: 'summary', kind: 'multiline', label: 'The new complaint, in brief', required: true, maxLength: 4000 }];
    case 'decide_new_complaint':
      return [
        { id: 'complaint_id', kind: 'select', label: 'Complaint', required: true, options: kase.newComplaints.filter((c) => !c.decision).map((c) => ({ value: c.id, label: c.summary.slice(0, 70) })) },
        { id: 'outcome', kind: 'select', label: 'How it is handled (§33)', required: true, options: [{ value: 'investigate', label: 'Investigate under the Complaints Policy' }, { value: 'no_further_action', label: 'No further action' }] },
      ];
    case 'receive_appeal':
      return [{ id: 'grounds', kind: 'multiline', label: 'Grounds of appeal', required: true, maxLength: 4000 }];
    case 'decide_appeal':
      return [{ id: 'outcome', kind: 'select', label: 'Outcome', required: true, options: [{ value: 'quash', label: 'Quash (case closed)' }, { value: 'vary', label: 'Vary' }, { value: 'uphold', label: 'Uphold' }] }];
    case 'answer_police_question':
      return [{ id: 'police_called', kind: 'yesno', label: 'Have the police been called?', required: true, options: YES_NO }];
    case 'propose_protective_step':
      return [{ id: 'description', kind: 'multiline', label: 'The immediate protective step taken', required: true, maxLength: 2000 }];
    case 'ratify_protective_step':
      return [
        { id: 'step_id', kind: 'select', label: 'Protective step', required: true, options: (kase.urgentPath?.protectiveSteps ?? []).filter((s) => !s.ratification).map((s) => ({ value: s.id, label: s.description.slice(0, 70) })) },
        { id: 'ratified', kind: 'yesno', label: 'Ratify it?', required: true, options: YES_NO },
      ];
    default:
      return [];
  }
}

export function decisionForm(action: ActionId, kase: Case, adjustments: readonly CustomerAdjustment[] = []): FormSpec {
  const row = findTransition(action, kase.state);
  return {
    id: `${DECISION_FORM_PREFIX}:${action}`,
    title: ACTION_PRESENTATION[action].label,
    submitLabel: 'Confirm',
    intro: `Case ${kase.number}`,
    fields: [...fieldsFor(action, kase, adjustments), ...(row?.rationale === 'required' ? [rationale(true)] : [])],
  };
}

/** Builds the workflow command from what was entered; directory look-ups can fail per field. */
export async function decisionCommandFromForm(
  action: ActionId,
  values: FormValues,
  kase: Case,
  adjustments: readonly CustomerAdjustment[],
  resolveEmails: ResolveEmails,
): Promise<{ ok: true; command: Record<string, unknown> } | { ok: false; errors: FieldErrors }> {
  const base: Record<string, unknown> = { action, expectedVersion: kase.version };
  const reason = text(values, 'rationale');
  if (reason) base.rationale = reason;
  switch (action) {
    case 'escalate':
      if (kase.state === 'line_manager_review') return ok({ ...base, colleagueSupport: { safeToContinue: yes(values, 'safe_to_continue'), supportOffered: text(values, 'support_offered') } });
      return ok({
        ...base,
        ...(text(values, 'risk_assessment') ? { riskAssessment: { outcome: text(values, 'risk_assessment'), ...(text(values, 'risk_reference') ? { reference: text(values, 'risk_reference') } : {}) } } : {}),
        ...(text(values, 'flag_marker_reason') ? { proposeFlagMarker: { reason: text(values, 'flag_marker_reason') } } : {}),
      });
    case 'request_information':
      return ok({ ...base, question: text(values, 'question') });
    case 'provide_information':
      return ok({ ...base, answer: text(values, 'answer') });
    case 'propose_warning': {
      const chosen = list(values, 'behaviours');
      const examples = lines(values, 'examples');
      if (chosen.length > 0 && examples.length !== chosen.length) return { ok: false, errors: { examples: `Give ${chosen.length} example(s), one line for each behaviour chosen.` } };
      return ok({
        ...base,
        complaint: { reference: text(values, 'complaint_reference'), status: text(values, 'complaint_status') || 'not_investigated' },
        adjustmentsConsidered: text(values, 'adjustments_considered'),
        adjustmentsMade: lines(values, 'adjustments_made'),
        behaviours: chosen.map((v, i) => ({ criterionId: v.split(':')[0], behaviourId: v.split(':')[1], example: examples[i] ?? '' })),
      });
    }
    case 'propose_restrictions':
    case 'review_vary': {
      const parsed = await restrictionsFromForm(values, adjustments, resolveEmails);
      return parsed.ok ? ok({ ...base, ...parsed.input }) : parsed;
    }
    case 'propose_refusal':
      return ok({ ...base, breachConfirmed: yes(values, 'breach_confirmed') });
    case 'refuse_all_contact':
      return ok({ ...base, stopComplaintInvestigation: yes(values, 'stop_complaint_investigation') });
    case 'record_police_or_legal_action':
      return ok({ ...base, kind: text(values, 'kind'), ...(text(values, 'reference') ? { reference: text(values, 'reference') } : {}) });
    case 'receive_new_complaint':
      return ok({ ...base, summary: text(values, 'summary') });
    case 'decide_new_complaint':
      return ok({ ...base, complaintId: text(values, 'complaint_id'), outcome: text(values, 'outcome') });
    case 'receive_appeal':
      return ok({ ...base, grounds: text(values, 'grounds') });
    case 'decide_appeal':
      return ok({ ...base, outcome: text(values, 'outcome') });
    case 'answer_police_question':
      return ok({ ...base, policeCalled: yes(values, 'police_called') });
    case 'propose_protective_step':
      return ok({ ...base, description: text(values, 'description') });
    case 'ratify_protective_step':
      return ok({ ...base, stepId: text(values, 'step_id'), ratified: yes(values, 'ratified') });
    default:
      return ok(base);
  }
}

const ok = (command: Record<string, unknown>) => ({ ok: true as const, command });

/** Where a failing gate is shown on the form. */
const GATE_FIELD: Partial<Record<GateId, string>> = {
  colleague_support_recorded: 'support_offered',
  risk_assessment_recorded: 'risk_assessment',
  complaint_investigated: 'complaint_status',
  adjustments_considered: 'adjustments_considered',
  behaviours_with_examples: 'examples',
  restriction_dates_valid: 'start_date',
  contact_route_open: 'restriction_types',
  adjustment_conflicts_justified: 'restriction_types',
  proportionality_recorded: 'proportionality',
  restrictions_breached: 'breach_confirmed',
  flag_marker_not_pending: 'flag_marker_reason',
};

/** Turns a workflow error into messages next to the fields of `form`; null if it is not about a field. */
export function decisionFieldErrors(error: CaseError, form: FormSpec): FieldErrors | null {
  const fieldIds = new Set(form.fields.map((f) => f.id));
  const first = form.fields[0]?.id ?? 'rationale';
  const errors: FieldErrors = {};
  const put = (id: string | undefined, message: string) => {
    const target = id && fieldIds.has(id) ? id : first;
    errors[target] = errors[target] ? `${errors[target]} ${message}` : message;
  };
  if (error.code === 'CASE.RATIONALE_MISSING') put('rationale', error.message);
  else if (error.code === 'CASE.GATE_NOT_MET') {
    for (const g of (error.details?.gates ?? []) as { gate: GateId; message: string }[]) put(GATE_FIELD[g.gate], g.message);
  } else if (error.code === 'CASE.INVALID_COMMAND') {
    const fields = (error.details?.fields ?? []) as { path: string; message: string }[];
    if (fields.length === 0) put(first, error.message);
    for (const f of fields) put(fieldForPath(f.path), f.message);
  } else return null;
  return errors;
}

function fieldForPath(path: string): string {
  const parts = path.split('.');
  const leaf = parts.at(-1) ?? '';
  if (parts[0] === 'restrictions') return RESTRICTION_DETAIL_FIELD[leaf] ?? 'restriction_types';
  const direct: Record<string, string> = {
    rationale: 'rationale', question: 'question', answer: 'answer', supportOffered: 'support_offered', reference: parts[0] === 'complaint' ? 'complaint_reference' : 'reference',
    adjustmentsConsidered: 'adjustments_considered', example: 'examples', behaviours: 'behaviours', summary: 'summary', grounds: 'grounds', description: 'description',
    outcome: 'outcome', kind: 'kind', complaintId: 'complaint_id', stepId: 'step_id', proportionality: 'proportionality',
  };
  return direct[leaf] ?? direct[parts[0] ?? ''] ?? '';
}
