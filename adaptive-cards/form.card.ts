import type { FieldErrors, FormField, FormSpec, FormValues } from '../src/app/forms/form-types.js';
import {
  bannerData,
  optionalText,
  plain,
  type AdaptiveCard,
  type Banner,
  type BannerData,
  type TextData,
} from './card-types.js';
import formTemplate from './form.template.json' with { type: 'json' };
import { cardTemplate, expandCard } from './render-template.js';

// A channel-agnostic FormSpec (the one Slack renders as a modal) as Adaptive Card inputs, through
// form.template.json. Submitting sends every input's value in the Action.Execute data, merged
// with `data`; valuesFromCard turns that back into FormValues. Date-times have no single input in
// Adaptive Cards 1.5: they become a date and a time input.

const DATE_SUFFIX = '__date';
const TIME_SUFFIX = '__time';
/** Slack's limit for a text input, used where a field sets none, so both channels accept the same. */
const DEFAULT_MAX_LENGTH = 3000;

const FORM = cardTemplate(formTemplate);

export interface FormCardOptions {
  verb: string;
  /** Card data sent back with the inputs: ids only ({ action, caseId, version }), never user text. */
  data: Record<string, string | number>;
  /** What the person typed last time, kept when the form comes back with errors. */
  values?: FormValues;
  errors?: FieldErrors;
  banner?: Banner;
  /** A second button, e.g. back to the case card. */
  cancel?: { title: string; verb: string; data: Record<string, string | number> };
}

interface InputCommon {
  id: string;
  label: string;
  required: boolean;
  requiredMessage: string;
}

/** One input as form.template.json binds it; `kind` picks the template's variant. */
export type InputData = InputCommon &
  (
    | { kind: 'text'; multiline: boolean; maxLength: number; value: string }
    | {
        kind: 'choice';
        multiSelect: boolean;
        style: 'compact' | 'expanded';
        choices: { title: string; value: string }[];
        value: string;
      }
    | { kind: 'date' | 'time'; value: string }
    | { kind: 'number'; hasNumber: boolean; numberValue: number }
  );

/** The data form.template.json binds to. Optional parts are lists of none or one. */
export interface FormCardData {
  fallbackText: string;
  title: string;
  banner: BannerData[];
  intro: TextData[];
  /** Errors that belong to no field, shown above the fields. */
  problems: TextData[];
  /** Each field: its inputs (two for a date-time), then its hint and its error. */
  fields: { inputs: InputData[]; hint: TextData[]; error: TextData[] }[];
  submit: { title: string; verb: string; data: Record<string, string | number> };
  cancel: { title: string; verb: string; data: Record<string, string | number> }[];
}

export function formCardData(form: FormSpec, options: FormCardOptions): FormCardData {
  const values = options.values ?? {};
  const errors = options.errors ?? {};
  const inputIds = form.fields.flatMap((f) =>
    f.kind === 'datetime' ? [f.id + DATE_SUFFIX, f.id + TIME_SUFFIX] : [f.id],
  );
  const clash = inputIds.find((id) => id in options.data);
  if (clash) throw new Error(`Form ${form.id}: input id "${clash}" would overwrite the card data`);
  return {
    fallbackText: plain(form.title),
    title: plain(form.title),
    banner: bannerData(options.banner),
    intro: optionalText(form.intro),
    problems: Object.entries(errors)
      .filter(([id]) => !form.fields.some((f) => f.id === id))
      .map(([, message]) => ({ text: plain(message) })),
    fields: form.fields.map((field) => ({
      inputs: inputsFor(field, values[field.id] ?? field.initial),
      hint: optionalText(field.hint),
      error: optionalText(errors[field.id]),
    })),
    submit: { title: form.submitLabel, verb: options.verb, data: options.data },
    cancel: options.cancel ? [options.cancel] : [],
  };
}

export function formCard(form: FormSpec, options: FormCardOptions): AdaptiveCard {
  return expandCard(FORM, formCardData(form, options));
}

/** The inputs of one field; what the person typed goes in as an input value, never as text. */
function inputsFor(field: FormField, value: string | string[] | undefined): InputData[] {
  const common = (id: string, label: string): InputCommon => ({
    id,
    label,
    required: field.required,
    requiredMessage: field.required ? `${field.label}: required` : '',
  });
  const single = (Array.isArray(value) ? value.join(',') : value) ?? '';
  switch (field.kind) {
    case 'text':
    case 'multiline':
      return [
        {
          ...common(field.id, field.label),
          kind: 'text',
          multiline: field.kind === 'multiline',
          maxLength: field.maxLength ?? DEFAULT_MAX_LENGTH,
          value: single,
        },
      ];
    case 'select':
    case 'yesno':
    case 'multiselect':
      return [
        {
          ...common(field.id, field.label),
          kind: 'choice',
          multiSelect: field.kind === 'multiselect',
          style: field.kind === 'yesno' ? 'expanded' : 'compact',
          choices: choices(field),
          value: single,
        },
      ];
    case 'date':
    case 'time':
      return [{ ...common(field.id, field.label), kind: field.kind, value: single }];
    case 'number':
      return [
        {
          ...common(field.id, field.label),
          kind: 'number',
          ...(/^\d+(\.\d+)?$/.test(single)
            ? { hasNumber: true, numberValue: Number(single) }
            : { hasNumber: false, numberValue: 0 }),
        },
      ];
    case 'datetime': {
      const [date, time] = single.split('T');
      return [
        { ...common(field.id + DATE_SUFFIX, `${field.label} (date)`), kind: 'date', value: date ?? '' },
        {
          ...common(field.id + TIME_SUFFIX, `${field.label} (time, UK)`),
          kind: 'time',
          value: time?.slice(0, 5) ?? '',
        },
      ];
    }
  }
}

function choices(field: FormField): { title: string; value: string }[] {
  if (field.optionGroups)
    return field.optionGroups.flatMap((g) =>
      g.options.map((o) => ({ title: `${g.label}: ${o.label}`, value: o.value })),
    );
  return (field.options ?? []).map((o) => ({ title: o.label, value: o.value }));
}

/** The form's values from Action.Execute data (untrusted: only the form's own fields are read, as strings). */
export function valuesFromCard(form: FormSpec, data: Record<string, unknown>): FormValues {
  const str = (v: unknown): string | undefined =>
    typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  const values: FormValues = {};
  for (const field of form.fields) {
    if (field.kind === 'datetime') {
      const date = str(data[field.id + DATE_SUFFIX])?.trim();
      const time = str(data[field.id + TIME_SUFFIX])?.trim();
      if (date || time) values[field.id] = `${date ?? ''}T${time ?? ''}`;
      continue;
    }
    const v = str(data[field.id]);
    if (v === undefined || v === '') continue;
    values[field.id] =
      field.kind === 'multiselect'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v;
  }
  return values;
}
