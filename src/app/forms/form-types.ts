// A channel-agnostic description of a form: Slack renders it as a modal, Teams as Adaptive Card
// inputs, and both hand back the same `FormValues`, so one parser serves both.
export type FieldKind =
  'text' | 'multiline' | 'select' | 'multiselect' | 'date' | 'time' | 'datetime' | 'number' | 'yesno';

export interface FieldOption {
  value: string;
  label: string;
}

export interface FormField {
  id: string;
  kind: FieldKind;
  label: string;
  required: boolean;
  hint?: string;
  options?: FieldOption[];
  /** Option groups for long selects (behaviours grouped by criterion). */
  optionGroups?: { label: string; options: FieldOption[] }[];
  maxLength?: number;
  initial?: string | string[];
}

export interface FormSpec {
  id: string;
  title: string;
  submitLabel: string;
  intro?: string;
  fields: FormField[];
}

/** What a person entered, by field id: a string, or a list for multi-selects. Absent = left empty. */
export type FormValues = Record<string, string | string[] | undefined>;

/** Field id -> message, shown next to the field with everything typed kept. */
export type FieldErrors = Record<string, string>;

export const text = (values: FormValues, id: string): string => {
  const v = values[id];
  return (Array.isArray(v) ? v.join(',') : (v ?? '')).trim();
};

export const list = (values: FormValues, id: string): string[] => {
  const v = values[id];
  if (Array.isArray(v)) return v.filter(Boolean);
  return (v ?? '')
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
};

export const lines = (values: FormValues, id: string): string[] =>
  text(values, id)
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);

export const yes = (values: FormValues, id: string): boolean => text(values, id) === 'yes';

export const YES_NO: FieldOption[] = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];
