import type { types } from '@slack/bolt';
import { z } from 'zod';
import type { FieldErrors, FieldOption, FormField, FormSpec, FormValues } from '../../../app/forms/form-types.js';
import { toIsoInstant } from '../../../app/forms/report-form.js';
import { clip, escapeAndTruncate } from './escape.js';
import { SLACK_LIMITS as L } from './limits.js';

// A channel-agnostic FormSpec as a Slack modal, and the modal's submitted state back as FormValues.
// Every field is one input block whose block_id and action_id are the field id, so Slack's
// validation errors and its state payload are both keyed by field id.

export interface FormModalOptions {
  callbackId: string;
  /** Carried through Slack untouched (caseId, version...): at most 3000 characters. */
  privateMetadata: string;
  /** What the person typed, to redraw the form with everything kept (a key present but empty = cleared). */
  values?: FormValues;
}

type InputElement = types.InputBlockElement;
type PlainTextOption = types.PlainTextOption;

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

export function formModal(spec: FormSpec, options: FormModalOptions): types.ModalView {
  if (options.privateMetadata.length > L.privateMetadata) {
    throw new Error(
      `private_metadata is ${options.privateMetadata.length} characters; Slack allows ${L.privateMetadata}`,
    );
  }
  if (options.callbackId.length > L.callbackId)
    throw new Error(`callback_id is longer than ${L.callbackId} characters`);
  const title = clip(spec.title, L.modalTitle);
  const introLines = [
    // The title bar holds 24 characters; a longer title is repeated in full in the body.
    ...(title !== spec.title ? [`*${escapeAndTruncate(spec.title, 300)}*`] : []),
    ...(spec.intro ? [escapeAndTruncate(spec.intro, 2000)] : []),
  ];
  const blocks: types.KnownBlock[] = [];
  if (introLines.length > 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: introLines.join('\n') } });
  for (const field of spec.fields) blocks.push(inputBlock(field, initialFor(field, options.values)));
  return {
    type: 'modal',
    callback_id: options.callbackId,
    private_metadata: options.privateMetadata,
    title: plain(title),
    ...(spec.fields.length > 0 ? { submit: plain(clip(spec.submitLabel, L.modalSubmit)) } : {}),
    close: plain('Cancel'),
    blocks,
  };
}

/** A modal to open at once while slow work runs: trigger_id lives 3 seconds; views.update follows. */
export function loadingModal(title: string, callbackId = 'lcp_loading'): types.ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(clip(title, L.modalTitle)),
    close: plain('Cancel'),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':hourglass_flowing_sand: Loading…' } }],
  };
}

function initialFor(field: FormField, values: FormValues | undefined): string | string[] | undefined {
  if (values && Object.hasOwn(values, field.id)) return values[field.id];
  return field.initial;
}

function inputBlock(field: FormField, initial: string | string[] | undefined): types.InputBlock {
  return {
    type: 'input',
    block_id: field.id,
    label: plain(clip(field.label, L.inputLabel)),
    ...(field.hint ? { hint: plain(clip(field.hint, L.inputHint)) } : {}),
    optional: !field.required,
    element: element(field, initial),
  };
}

const option = (o: FieldOption): PlainTextOption => ({ text: plain(clip(o.label, L.optionText)), value: o.value });
const first = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
const many = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : (v ?? '').split(/[\n,]/)).map((s) => s.trim()).filter(Boolean);

function element(field: FormField, initial: string | string[] | undefined): InputElement {
  const action_id = field.id;
  const value = first(initial);
  switch (field.kind) {
    case 'text':
    case 'multiline': {
      const maxLength =
        field.maxLength === undefined ? undefined : Math.min(field.maxLength, L.plainTextInputMaxLength);
      return {
        type: 'plain_text_input',
        action_id,
        ...(field.kind === 'multiline' ? { multiline: true } : {}),
        ...(maxLength ? { max_length: maxLength } : {}),
        // An initial value longer than max_length is rejected by Slack: keep what fits.
        ...(value ? { initial_value: maxLength ? value.slice(0, maxLength) : value } : {}),
      };
    }
    case 'select': {
      const options = (field.options ?? []).map(option);
      const chosen = options.find((o) => o.value === value);
      return { type: 'static_select', action_id, options, ...(chosen ? { initial_option: chosen } : {}) };
    }
    case 'yesno': {
      const options = (field.options ?? []).map(option);
      const chosen = options.find((o) => o.value === value);
      return { type: 'radio_buttons', action_id, options, ...(chosen ? { initial_option: chosen } : {}) };
    }
    case 'multiselect': {
      // Chosen options keep the order they were picked in (Slack shows and sends them that way):
      // the warning form pairs behaviours with example lines by that order.
      const wanted = many(initial);
      const inOrder = (all: PlainTextOption[]) =>
        wanted.map((v) => all.find((o) => o.value === v)).filter((o) => o !== undefined);
      if (field.optionGroups) {
        const option_groups = field.optionGroups.map((g) => ({
          label: plain(clip(g.label, L.optionGroupLabel)),
          options: g.options.map(option),
        }));
        const chosen = inOrder(option_groups.flatMap((g) => g.options));
        return {
          type: 'multi_static_select',
          action_id,
          option_groups,
          ...(chosen.length > 0 ? { initial_options: chosen } : {}),
        };
      }
      const options = (field.options ?? []).map(option);
      const chosen = inOrder(options);
      return {
        type: 'multi_static_select',
        action_id,
        options,
        ...(chosen.length > 0 ? { initial_options: chosen } : {}),
      };
    }
    case 'date':
      return { type: 'datepicker', action_id, ...(/^\d{4}-\d{2}-\d{2}$/.test(value) ? { initial_date: value } : {}) };
    case 'time':
      return {
        type: 'timepicker',
        action_id,
        ...(/^([01]\d|2[0-3]):[0-5]\d$/.test(value) ? { initial_time: value } : {}),
      };
    case 'datetime': {
      const seconds = epochSeconds(value);
      return { type: 'datetimepicker', action_id, ...(seconds !== null ? { initial_date_time: seconds } : {}) };
    }
    case 'number':
      return {
        type: 'number_input',
        action_id,
        is_decimal_allowed: false,
        ...(/^-?\d+$/.test(value) ? { initial_value: value } : {}),
      };
  }
}

/** The date-time picker wants seconds since the epoch; forms may hold those, an ISO instant or a London wall-clock time. */
function epochSeconds(value: string): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value);
  const ms = Date.parse(toIsoInstant(value));
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

// ---------------------------------------------------------------------------------------------
// view_submission state -> FormValues
// ---------------------------------------------------------------------------------------------

const selectedOption = z.looseObject({ value: z.string() });
const stateValueSchema = z.looseObject({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: selectedOption.nullish(),
  selected_options: z.array(selectedOption).nullish(),
  selected_date: z.string().nullish(),
  selected_time: z.string().nullish(),
  selected_date_time: z.number().nullish(),
  selected_user: z.string().nullish(),
  selected_users: z.array(z.string()).nullish(),
});

/** The shape of `view.state.values` in a view_submission payload: block id -> action id -> element state. */
export const viewStateValuesSchema = z.record(z.string(), z.record(z.string(), stateValueSchema));

/**
 * Reads a submitted modal's `view.state.values` into FormValues, keyed by block id (= field id).
 * Every block present gets a key; an empty element gives `undefined` (single) or `[]` (multi), so
 * a form redrawn from these values keeps what was cleared cleared.
 */
export function formValuesFromState(stateValues: unknown): FormValues {
  const parsed = viewStateValuesSchema.parse(stateValues);
  const values: FormValues = {};
  for (const [blockId, actions] of Object.entries(parsed)) {
    const state = Object.values(actions)[0];
    if (state) values[blockId] = valueOf(state);
  }
  return values;
}

/** As formValuesFromState, or null when the state is not a modal's state (a forged or broken payload). */
export function readFormValues(stateValues: unknown): FormValues | null {
  return viewStateValuesSchema.safeParse(stateValues).success ? formValuesFromState(stateValues) : null;
}

function valueOf(s: z.infer<typeof stateValueSchema>): string | string[] | undefined {
  const nonEmpty = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? undefined : v);
  switch (s.type) {
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return nonEmpty(s.selected_option?.value);
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return (s.selected_options ?? []).map((o) => o.value);
    case 'datepicker':
      return nonEmpty(s.selected_date);
    case 'timepicker':
      return nonEmpty(s.selected_time);
    case 'datetimepicker':
      return s.selected_date_time === null || s.selected_date_time === undefined
        ? undefined
        : String(s.selected_date_time);
    case 'users_select':
      return nonEmpty(s.selected_user);
    case 'multi_users_select':
      return s.selected_users ?? [];
    default:
      // plain_text_input, number_input, email_text_input, url_text_input
      return nonEmpty(s.value);
  }
}

export interface ResponseActionErrors {
  response_action: 'errors';
  errors: Record<string, string>;
}

/**
 * The view_submission reply that shows each message under its input, keyed by block id (= field
 * id). Given the form, a message for a field not on it goes to the first field, because Slack
 * rejects the whole reply when a key names no input block.
 */
export function responseActionErrors(errors: FieldErrors, spec?: FormSpec): ResponseActionErrors {
  const ids = spec ? new Set(spec.fields.map((f) => f.id)) : null;
  const fallback = spec?.fields[0]?.id;
  const out: Record<string, string> = {};
  for (const [id, message] of Object.entries(errors)) {
    if (!message) continue;
    const target = ids && !ids.has(id) && fallback ? fallback : id;
    out[target] = out[target] && out[target] !== message ? `${out[target]} ${message}` : message;
  }
  return { response_action: 'errors', errors: out };
}
