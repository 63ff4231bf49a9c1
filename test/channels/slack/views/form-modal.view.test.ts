import type { types } from '@slack/bolt';
import { decisionForm } from '../../../../src/app/forms/decision-form.js';
import type { FormSpec, FormValues } from '../../../../src/app/forms/form-types.js';
import { reportForm, reportInputFromForm } from '../../../../src/app/forms/report-form.js';
import { restrictionFields } from '../../../../src/app/forms/restriction-fields.js';
import { incidentReportInputSchema, type CustomerAdjustment } from '../../../../src/cases/index.js';
import {
  formModal,
  formValuesFromState,
  loadingModal,
  responseActionErrors,
} from '../../../../src/channels/slack/views/form-modal.view.js';
import { TRANSITIONS } from '../../../../src/policy/index.js';
import { actors, caseIn, fromStates, scenario } from '../../../cases/fixtures.js';
import { SLACK_LIMITS as L } from '../../../../src/channels/slack/views/limits.js';
import { blockKitViolations } from './block-kit-limits.js';
import { expectGolden } from './golden.js';

const META = JSON.stringify({ caseId: 'case-1', version: 3 });
const modal = (spec: FormSpec, values?: FormValues) =>
  formModal(spec, { callbackId: spec.id, privateMetadata: META, ...(values ? { values } : {}) });
const inputs = (view: types.ModalView) => view.blocks.filter((b): b is types.InputBlock => b.type === 'input');
const ADJUSTMENTS: CustomerAdjustment[] = [
  {
    id: 'ADJ1',
    kind: 'communication',
    description:
      'Large-print letters and a named contact, agreed after the customer disclosed a visual impairment in 2025',
  },
];

// Every decision form a person can open: each table row from each of its states, on a case that
// meets the row's preconditions (so selects of pending items have something in them).
const decisionCases = TRANSITIONS.flatMap((row) =>
  fromStates(row)
    .filter((from) => from !== 'none')
    .map((from) => ({ name: `${row.action} from ${from}`, row, from })),
);

describe('form modals stay within Block Kit limits', () => {
  test('the report form', () => {
    expect(blockKitViolations('modal', modal(reportForm()))).toEqual([]);
  });

  test.each(decisionCases)('decision form: $name', ({ row, from }) => {
    const kase = scenario(row, from).kase!;
    const spec = decisionForm(row.action, kase);
    expect(blockKitViolations('modal', modal(spec))).toEqual([]);
    if (row.action === 'propose_restrictions' || row.action === 'review_vary') {
      expect(blockKitViolations('modal', modal(decisionForm(row.action, kase, ADJUSTMENTS)))).toEqual([]);
    }
  });

  test("no option of any form is cut: each option's own text fits Slack's 75 characters (the modal would show it with an ellipsis)", () => {
    const long: string[] = [];
    for (const { row, from } of decisionCases) {
      const kase = scenario(row, from).kase!;
      for (const field of decisionForm(row.action, kase, ADJUSTMENTS).fields)
        for (const option of field.options ?? [])
          if (option.label.length > L.optionText) long.push(`${row.action}.${field.id}: ${option.label}`);
    }
    for (const field of reportForm().fields)
      for (const option of field.options ?? [])
        if (option.label.length > L.optionText) long.push(`report.${field.id}: ${option.label}`);
    expect([...new Set(long)]).toEqual([]);
  });

  test('the dispatch form with a long customer e-mail address: the option is not cut and the hint names the whole address', () => {
    const kase = caseIn('warning_issued');
    const address = 'alexandra.example-customer@a-rather-long-domain-name.example.org';
    const view = modal(decisionForm('record_dispatch', kase, [], { today: '2026-03-02', letterEmail: address }));
    expect(blockKitViolations('modal', view)).toEqual([]);
    const method = inputs(view).find((b) => b.block_id === 'method')!;
    const options = (method.element as types.StaticSelect).options!.map((o) => o.text.text);
    expect(options).toEqual(['Posted', 'E-mailed', 'Handed over', 'E-mail it now (PDF attached)']);
    expect(method.hint?.text).toBe(
      `"E-mail it now" sends the letter to ${address}, the address on the customer record.`,
    );
    // A short address stays in the option itself.
    const short = modal(
      decisionForm('record_dispatch', kase, [], { today: '2026-03-02', letterEmail: 'al@example.org' }),
    );
    const shortMethod = inputs(short).find((b) => b.block_id === 'method')!;
    expect((shortMethod.element as types.StaticSelect).options!.at(-1)!.text.text).toBe(
      'E-mail it now to al@example.org (PDF attached)',
    );
  });

  test('every field is an input whose block_id and action_id are the field id, optional unless required', () => {
    const spec = reportForm();
    const blocks = inputs(modal(spec));
    expect(blocks.map((b) => [b.block_id, b.element.action_id, b.optional])).toEqual(
      spec.fields.map((f) => [f.id, f.id, !f.required]),
    );
  });

  test('a title longer than Slack allows is clipped in the title bar and shown in full in the body', () => {
    const spec = decisionForm('propose_refusal', caseIn('restricted', { breach: true }));
    expect(spec.title.length).toBeGreaterThan(24);
    const view = modal(spec);
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(JSON.stringify(view.blocks[0])).toContain(spec.title);
  });

  test("a field allowing more than Slack's 3000 characters is capped at 3000 in Slack", () => {
    const kase = scenario(
      TRANSITIONS.find((r) => r.action === 'provide_information')!,
      'cxm_review',
    ).kase!;
    const spec = decisionForm('provide_information', kase);
    expect(spec.fields.find((f) => f.id === 'answer')?.maxLength).toBe(4000);
    const answer = inputs(modal(spec)).find((b) => b.block_id === 'answer')!.element as types.PlainTextInput;
    expect(answer.max_length).toBe(3000);
  });

  test('the loading modal opens within limits', () => {
    expect(blockKitViolations('modal', loadingModal('Report an incident with a very long name'))).toEqual([]);
  });

  test('private_metadata over 3000 characters is refused rather than cut', () => {
    expect(() => formModal(reportForm(), { callbackId: 'x', privateMetadata: 'x'.repeat(3001) })).toThrow(
      /private_metadata/,
    );
  });
});

describe('golden modals', () => {
  test('report modal', () => {
    expectGolden('report-modal', modal(reportForm()));
  });

  test('escalate by the line manager', () => {
    const spec = decisionForm('escalate', caseIn('line_manager_review'));
    expectGolden('escalate-line-manager-modal', modal(spec));
  });
});

// ---------------------------------------------------------------------------------------------
// view.state.values, exactly as Slack sends it
// ---------------------------------------------------------------------------------------------

const opt = (text: string, value: string) => ({ text: { type: 'plain_text', text, emoji: true }, value });
const OCCURRED = Date.UTC(2026, 0, 5, 9, 15) / 1000;

const REPORT_STATE = {
  customer_account_ref: { customer_account_ref: { type: 'plain_text_input', value: 'ACC-100234' } },
  customer_name: { customer_name: { type: 'plain_text_input', value: 'Pat Customer' } },
  complaint_reference: { complaint_reference: { type: 'plain_text_input', value: null } },
  occurred_at: { occurred_at: { type: 'datetimepicker', selected_date_time: OCCURRED } },
  channel: { channel: { type: 'static_select', selected_option: opt('Telephone', 'telephone') } },
  behaviours: {
    behaviours: {
      type: 'multi_static_select',
      selected_options: [
        opt('Insulting or degrading, offensive, derogatory or patronising', 'unacceptable_language:insulting'),
        opt('Threatening to or the use of violence', 'abusive_behaviour:violence'),
      ],
    },
  },
  description: {
    description: {
      type: 'plain_text_input',
      value: 'The caller said <!channel> "you are all useless idiots".\nThen hung up.',
    },
  },
  affected_people: { affected_people: { type: 'plain_text_input', value: null } },
  threatened_or_hurt: { threatened_or_hurt: { type: 'radio_buttons', selected_option: opt('Yes', 'yes') } },
  known_vulnerabilities: { known_vulnerabilities: { type: 'plain_text_input', value: '' } },
  counter_allegation: { counter_allegation: { type: 'radio_buttons', selected_option: opt('No', 'no') } },
  resident_on_resident: { resident_on_resident: { type: 'radio_buttons', selected_option: null } },
};

describe('formValuesFromState', () => {
  test('the report form round-trips into input the workflow accepts', () => {
    const values = formValuesFromState(REPORT_STATE);
    expect(values).toMatchObject({
      customer_account_ref: 'ACC-100234',
      occurred_at: String(OCCURRED),
      channel: 'telephone',
      behaviours: ['unacceptable_language:insulting', 'abusive_behaviour:violence'],
      threatened_or_hurt: 'yes',
      complaint_reference: undefined,
      known_vulnerabilities: undefined,
      resident_on_resident: undefined,
    });
    const input = incidentReportInputSchema.parse(reportInputFromForm(values));
    expect(input).toMatchObject({
      customerAccountRef: 'ACC-100234',
      customerName: 'Pat Customer',
      occurredAt: '2026-01-05T09:15:00.000Z',
      channel: 'telephone',
      behaviours: [
        { criterionId: 'unacceptable_language', behaviourId: 'insulting' },
        { criterionId: 'abusive_behaviour', behaviourId: 'violence' },
      ],
      description: 'The caller said <!channel> "you are all useless idiots".\nThen hung up.',
      threatenedOrHurt: true,
      counterAllegation: false,
      possibleResidentOnResident: false,
    });
    expect(input.complaintReference).toBeUndefined();
  });

  test('reads every element type Slack sends', () => {
    const values = formValuesFromState({
      a: { a: { type: 'datepicker', selected_date: '2026-03-09' } },
      b: { b: { type: 'timepicker', selected_time: '09:30' } },
      c: { c: { type: 'number_input', value: '15' } },
      d: { d: { type: 'multi_static_select', selected_options: [] } },
      e: { e: { type: 'datepicker', selected_date: null } },
      f: { f: { type: 'datetimepicker', selected_date_time: null } },
      g: { g: { type: 'checkboxes', selected_options: [opt('Monday', 'monday')] } },
    });
    expect(values).toEqual({ a: '2026-03-09', b: '09:30', c: '15', d: [], e: undefined, f: undefined, g: ['monday'] });
  });

  test('refuses a payload that is not view state', () => {
    expect(() => formValuesFromState({ a: { a: { value: 'no type' } } })).toThrow();
    expect(() => formValuesFromState('nope')).toThrow();
  });
});

/** What Slack would send if the modal were submitted untouched: its initial values as state. */
function submitUntouched(view: types.ModalView): Record<string, Record<string, Record<string, unknown>>> {
  const state: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const b of inputs(view)) {
    const e = b.element as unknown as Record<string, unknown> & { type: string; action_id: string };
    const s: Record<string, unknown> = { type: e.type };
    if (e.type === 'plain_text_input' || e.type === 'number_input') s.value = e.initial_value ?? null;
    if (e.type === 'static_select' || e.type === 'radio_buttons') s.selected_option = e.initial_option ?? null;
    if (e.type === 'multi_static_select') s.selected_options = e.initial_options ?? [];
    if (e.type === 'datepicker') s.selected_date = e.initial_date ?? null;
    if (e.type === 'timepicker') s.selected_time = e.initial_time ?? null;
    if (e.type === 'datetimepicker') s.selected_date_time = e.initial_date_time ?? null;
    state[b.block_id!] = { [e.action_id]: s };
  }
  return state;
}

describe('a modal rebuilt with what was typed keeps all of it', () => {
  test('the report form: text, date-time, select, grouped multiselect, yes/no, and cleared fields', () => {
    const typed = formValuesFromState(REPORT_STATE);
    const view = modal(reportForm(), typed);
    expect(formValuesFromState(submitUntouched(view))).toEqual(typed);
    // A yes/no the person cleared is not refilled with the form's default.
    const blocks = inputs(view);
    expect(blocks.find((b) => b.block_id === 'resident_on_resident')?.element).not.toHaveProperty('initial_option');
    expect(blocks.find((b) => b.block_id === 'threatened_or_hurt')?.element).toHaveProperty(
      'initial_option.value',
      'yes',
    );
  });

  test('the restriction form: dates, times, a number, a plain multiselect and free text', () => {
    const spec: FormSpec = {
      id: 'r',
      title: 'Propose restrictions',
      submitLabel: 'Confirm',
      fields: restrictionFields(ADJUSTMENTS),
    };
    const typed: FormValues = {
      restriction_types: ['letter_only', 'telephone_schedule'],
      start_date: '2026-03-09',
      review_date: '2026-06-09',
      end_date: '2026-09-09',
      proportionality: 'Calls continued after the warning.',
      third_party_name: 'Citizens Advice',
      phone_days: ['monday', 'thursday'],
      phone_from: '10:00',
      phone_until: '11:30',
      phone_max_minutes: '15',
      justify_ADJ1: 'Letters stay large print.',
    };
    const view = modal(spec, typed);
    expect(blockKitViolations('modal', view)).toEqual([]);
    const back = formValuesFromState(submitUntouched(view));
    for (const [id, value] of Object.entries(typed)) expect([id, back[id]]).toEqual([id, value]);
  });

  test("a form opened without values shows each field's initial value", () => {
    const kase = scenario(
      TRANSITIONS.find((r) => r.action === 'propose_warning')!,
      'chc_review',
    ).kase!;
    const spec = decisionForm('propose_warning', kase);
    const back = formValuesFromState(submitUntouched(modal(spec)));
    expect(back.complaint_reference).toBe('CMP-2025-0412');
    expect(back.behaviours).toEqual(['unacceptable_language:insulting']);
  });

  test('a London wall-clock date-time (as Teams sends it) becomes epoch seconds', () => {
    const view = modal(reportForm(), { occurred_at: '2026-07-01T09:15' });
    const picker = inputs(view).find((b) => b.block_id === 'occurred_at')!.element as types.DateTimepicker;
    expect(picker.initial_date_time).toBe(Date.UTC(2026, 6, 1, 8, 15) / 1000);
  });
});

describe('responseActionErrors', () => {
  test('keys each message by block id', () => {
    expect(responseActionErrors({ description: 'Say what happened.', channel: 'Choose a channel.' })).toEqual({
      response_action: 'errors',
      errors: { description: 'Say what happened.', channel: 'Choose a channel.' },
    });
  });

  test('with the form, a message for a field not on it goes to the first field', () => {
    const spec = decisionForm('escalate', caseIn('line_manager_review'));
    const reply = responseActionErrors(
      { rationale: 'Give your reasons.', colleagueSupport: 'Record the check.' },
      spec,
    );
    const blockIds = inputs(modal(spec)).map((b) => b.block_id);
    expect(Object.keys(reply.errors).every((id) => blockIds.includes(id))).toBe(true);
    expect(reply.errors).toEqual({ rationale: 'Give your reasons.', safe_to_continue: 'Record the check.' });
  });

  test('the actor fixtures are the ones the forms were built for', () => {
    expect(actors.lineManager.roles).toContain('line_manager');
  });
});
