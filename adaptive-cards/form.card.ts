import type { FieldErrors, FormField, FormSpec, FormValues } from '../src/app/forms/form-types.js';
import { banner, card, heading, paragraph, type AdaptiveCard, type Banner, type CardElement } from './card-types.js';

// A channel-agnostic FormSpec as Adaptive Card inputs. Submitting sends every input's value in the
// Action.Execute data, merged with `data`; valuesFromCard turns that back into FormValues.
// Date-times have no single input in Adaptive Cards 1.5: they become a date and a time input.

const DATE_SUFFIX = '__date';
const TIME_SUFFIX = '__time';

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

export function formCard(form: FormSpec, options: FormCardOptions): AdaptiveCard {
  const values = options.values ?? {};
  const errors = options.errors ?? {};
  const inputIds = form.fields.flatMap((f) => (f.kind === 'datetime' ? [f.id + DATE_SUFFIX, f.id + TIME_SUFFIX] : [f.id]));
  const clash = inputIds.find((id) => id in options.data);
  if (clash) throw new Error(`Form ${form.id}: input id "${clash}" would overwrite the card data`);

  const body: CardElement[] = [heading(form.title), ...banner(options.banner)];
  if (form.intro) body.push(paragraph(form.intro, { subtle: true }));
  const unplaced = Object.entries(errors).filter(([id]) => !form.fields.some((f) => f.id === id));
  for (const [, message] of unplaced) body.push(paragraph(message, { attention: true }));
  for (const field of form.fields) {
    const value = values[field.id] ?? field.initial;
    body.push(...inputsFor(field, value));
    if (field.hint) body.push(paragraph(field.hint, { subtle: true, spacing: 'None' }));
    const error = errors[field.id];
    if (error) body.push(paragraph(error, { attention: true, spacing: 'None' }));
  }
  const actions: CardElement[] = [{ type: 'Action.Execute', title: form.submitLabel, verb: options.verb, data: options.data, style: 'positive' }];
  if (options.cancel) actions.push({ type: 'Action.Execute', title: options.cancel.title, verb: options.cancel.verb, data: options.cancel.data, associatedInputs: 'none' });
  return card(form.title, body, actions);
}

function inputsFor(field: FormField, value: string | string[] | undefined): CardElement[] {
  const common = {
    id: field.id,
    label: field.label,
    ...(field.required ? { isRequired: true, errorMessage: `${field.label}: required` } : {}),
  };
  const single = Array.isArray(value) ? value.join(',') : value;
  const withValue = (v: string | undefined) => (v !== undefined && v !== '' ? { value: v } : {});
  switch (field.kind) {
    case 'text':
    case 'multiline':
      return [{ type: 'Input.Text', ...common, ...(field.kind === 'multiline' ? { isMultiline: true } : {}), ...(field.maxLength ? { maxLength: field.maxLength } : {}), ...withValue(single) }];
    case 'select':
    case 'yesno':
      return [{ type: 'Input.ChoiceSet', ...common, style: field.kind === 'yesno' ? 'expanded' : 'compact', choices: choices(field), ...withValue(single) }];
    case 'multiselect':
      return [{ type: 'Input.ChoiceSet', ...common, isMultiSelect: true, style: 'compact', choices: choices(field), ...withValue(single) }];
    case 'date':
      return [{ type: 'Input.Date', ...common, ...withValue(single) }];
    case 'time':
      return [{ type: 'Input.Time', ...common, ...withValue(single) }];
    case 'number':
      return [{ type: 'Input.Number', ...common, min: 0, ...(single && /^\d+(\.\d+)?$/.test(single) ? { value: Number(single) } : {}) }];
    case 'datetime': {
      const [date, time] = (single ?? '').split('T');
      return [
        { type: 'Input.Date', ...common, id: field.id + DATE_SUFFIX, label: `${field.label} (date)`, ...withValue(date) },
        { type: 'Input.Time', ...common, id: field.id + TIME_SUFFIX, label: `${field.label} (time, UK)`, ...withValue(time?.slice(0, 5)) },
      ];
    }
  }
}

function choices(field: FormField): { title: string; value: string }[] {
  if (field.optionGroups) return field.optionGroups.flatMap((g) => g.options.map((o) => ({ title: `${g.label}: ${o.label}`, value: o.value })));
  return (field.options ?? []).map((o) => ({ title: o.label, value: o.value }));
}

/** The form's values from Action.Execute data (untrusted: only the form's own fields are read, as strings). */
export function valuesFromCard(form: FormSpec, data: Record<string, unknown>): FormValues {
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
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
    values[field.id] = field.kind === 'multiselect' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v;
  }
  return values;
}
