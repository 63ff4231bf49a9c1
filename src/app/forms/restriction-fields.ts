import { CONTACT_CHANNELS, RESTRICTION_TYPES, WEEKDAYS, type RestrictionTypeId } from '../../policy/index.js';
import type { CustomerAdjustment } from '../../cases/index.js';
import { list, lines, text, type FieldErrors, type FormField, type FormValues } from './form-types.js';
import { toIsoInstant } from './report-form.js';

// The structured restriction inputs of §30 as form fields: which types, their shared dates, and
// each type's details. People are named by e-mail and resolved to directory ids.

/** §27: asked when no report on the case is dated after the warning letter; it becomes a report. */
const CONTINUED_BEHAVIOUR_FIELDS: FormField[] = [
  {
    id: 'continued_at',
    kind: 'datetime',
    label: 'No report since the warning: when did the behaviour continue? (§27)',
    required: true,
  },
  {
    id: 'continued_channel',
    kind: 'select',
    label: 'How the customer made contact then',
    required: true,
    options: CONTACT_CHANNELS.map((c) => ({ value: c.id, label: c.label })),
  },
  {
    id: 'continued_what',
    kind: 'multiline',
    label: 'What happened (it becomes a report on the case)',
    required: true,
    maxLength: 4000,
  },
];

export function restrictionFields(
  adjustments: readonly CustomerAdjustment[],
  options: { askContinuedBehaviour?: boolean } = {},
): FormField[] {
  return [
    ...(options.askContinuedBehaviour ? CONTINUED_BEHAVIOUR_FIELDS : []),
    {
      id: 'restriction_types',
      kind: 'multiselect',
      label: 'Restrictions (§30)',
      required: true,
      options: RESTRICTION_TYPES.map((t) => ({ value: t.id, label: t.label })),
    },
    { id: 'start_date', kind: 'date', label: 'Start date', required: true },
    { id: 'review_date', kind: 'date', label: 'First review date (within three months)', required: true },
    { id: 'end_date', kind: 'date', label: 'End date', required: true },
    {
      id: 'proportionality',
      kind: 'multiline',
      label: 'Why these restrictions are appropriate and proportionate',
      required: true,
      maxLength: 3000,
    },
    {
      id: 'adjustments_considered',
      kind: 'multiline',
      label: 'How reasonable adjustments and support needs were considered (§20–23)',
      required: true,
      maxLength: 3000,
    },
    {
      id: 'third_party_name',
      kind: 'text',
      label: 'Letter only: agreed third party (leave empty if none)',
      required: false,
      maxLength: 200,
    },
    {
      id: 'offices',
      kind: 'text',
      label: 'No office access: which offices (comma-separated; empty = all)',
      required: false,
      maxLength: 500,
    },
    {
      id: 'colleague_emails',
      kind: 'text',
      label: 'Named colleagues only: their e-mails (comma-separated)',
      required: false,
      maxLength: 1000,
    },
    {
      id: 'cover_emails',
      kind: 'text',
      label: "Named colleagues only: cover colleagues' e-mails",
      required: false,
      maxLength: 1000,
    },
    {
      id: 'phone_days',
      kind: 'multiselect',
      label: 'Telephone: days',
      required: false,
      options: WEEKDAYS.map((d) => ({ value: d, label: d[0]!.toUpperCase() + d.slice(1) })),
    },
    { id: 'phone_from', kind: 'time', label: 'Telephone: from (HH:MM)', required: false },
    { id: 'phone_until', kind: 'time', label: 'Telephone: until (HH:MM)', required: false },
    { id: 'phone_max_minutes', kind: 'number', label: 'Telephone: maximum minutes per call', required: false },
    { id: 'witness_role', kind: 'text', label: 'Witness present: who witnesses', required: false, maxLength: 200 },
    {
      id: 'topics',
      kind: 'multiline',
      label: 'No reply on topics: one topic per line',
      required: false,
      maxLength: 2000,
    },
    {
      id: 'designated_email',
      kind: 'text',
      label: "No reply on topics: designated colleague's e-mail",
      required: false,
      maxLength: 200,
    },
    ...adjustments.map((a): FormField => ({
      id: `justify_${a.id}`,
      kind: 'multiline',
      label: `Agreed adjustment "${a.description}": if a restriction conflicts with it, why is it still proportionate?`,
      required: false,
      maxLength: 2000,
    })),
  ];
}

export type ResolveEmails = (emails: string[]) => Promise<{ ids: string[]; unknown: string[] }>;

export interface RestrictionInput {
  restrictions: Record<string, unknown>[];
  proportionality: string;
  adjustmentsConsidered: string;
  adjustmentJustifications: Record<string, string>;
  continuedBehaviour?: { occurredAt: string; channel: string; description: string };
}

export async function restrictionsFromForm(
  values: FormValues,
  adjustments: readonly CustomerAdjustment[],
  resolveEmails: ResolveEmails,
): Promise<{ ok: true; input: RestrictionInput } | { ok: false; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  const dates = {
    startDate: text(values, 'start_date'),
    reviewDate: text(values, 'review_date'),
    endDate: text(values, 'end_date'),
  };
  const types = list(values, 'restriction_types') as RestrictionTypeId[];
  const people = async (field: string): Promise<string[]> => {
    const { ids, unknown } = await resolveEmails(list(values, field));
    if (unknown.length > 0) errors[field] = `Not in the directory: ${unknown.join(', ')}`;
    return ids;
  };
  const restrictions: Record<string, unknown>[] = [];
  for (const type of types) {
    const details = await detailsFor(type, values, people);
    restrictions.push({ type, details, ...dates });
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const adjustmentJustifications: Record<string, string> = {};
  for (const a of adjustments) {
    const reason = text(values, `justify_${a.id}`);
    if (reason) adjustmentJustifications[a.id] = reason;
  }
  const continued = text(values, 'continued_what') || text(values, 'continued_at');
  return {
    ok: true,
    input: {
      restrictions,
      proportionality: text(values, 'proportionality'),
      adjustmentsConsidered: text(values, 'adjustments_considered'),
      adjustmentJustifications,
      ...(continued
        ? {
            continuedBehaviour: {
              occurredAt: toIsoInstant(text(values, 'continued_at')),
              channel: text(values, 'continued_channel'),
              description: text(values, 'continued_what'),
            },
          }
        : {}),
    },
  };
}

async function detailsFor(
  type: RestrictionTypeId,
  values: FormValues,
  people: (field: string) => Promise<string[]>,
): Promise<Record<string, unknown>> {
  switch (type) {
    case 'letter_only': {
      const thirdPartyName = text(values, 'third_party_name');
      return thirdPartyName ? { thirdPartyAllowed: true, thirdPartyName } : { thirdPartyAllowed: false };
    }
    case 'no_office_access':
      return { offices: list(values, 'offices') };
    case 'named_colleagues_only':
      return { colleagueIds: await people('colleague_emails'), coverColleagueIds: await people('cover_emails') };
    case 'telephone_schedule':
      return {
        days: list(values, 'phone_days'),
        from: text(values, 'phone_from'),
        until: text(values, 'phone_until'),
        maxMinutes: Number(text(values, 'phone_max_minutes')),
      };
    case 'witness_required':
      return { witnessRole: text(values, 'witness_role') || 'a second colleague' };
    case 'no_reply_on_topics':
      return { topics: lines(values, 'topics'), designatedColleagueId: (await people('designated_email'))[0] ?? '' };
  }
}

/** Which form field a path inside `restrictions[i].details` belongs to. */
export const RESTRICTION_DETAIL_FIELD: Record<string, string> = {
  thirdPartyName: 'third_party_name',
  offices: 'offices',
  colleagueIds: 'colleague_emails',
  coverColleagueIds: 'cover_emails',
  days: 'phone_days',
  from: 'phone_from',
  until: 'phone_until',
  maxMinutes: 'phone_max_minutes',
  witnessRole: 'witness_role',
  topics: 'topics',
  designatedColleagueId: 'designated_email',
  startDate: 'start_date',
  occurredAt: 'continued_at',
  channel: 'continued_channel',
  reviewDate: 'review_date',
  endDate: 'end_date',
};
