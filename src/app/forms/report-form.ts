import { CONTACT_CHANNELS, CRITERIA } from '../../policy/index.js';
import { list, text, yes, YES_NO, type FieldErrors, type FormSpec, type FormValues } from './form-types.js';

// The incident report form (docs/domain.md "The case"): the same fields in Slack's modal and Teams' card.
export const REPORT_FORM_ID = 'lcp_report';

export function reportForm(initial: FormValues = {}): FormSpec {
  const init = (id: string) => initial[id];
  return {
    id: REPORT_FORM_ID,
    title: 'Report an incident',
    submitLabel: 'Submit report',
    intro:
      'Record what happened factually, in the words used where you can. If anyone was threatened or hurt, say so: the case goes to the urgent path.',
    fields: [
      {
        id: 'customer_account_ref',
        kind: 'text',
        label: 'Customer account reference',
        required: true,
        maxLength: 64,
        initial: init('customer_account_ref'),
      },
      {
        id: 'customer_name',
        kind: 'text',
        label: 'Customer name',
        required: true,
        maxLength: 200,
        initial: init('customer_name'),
      },
      {
        id: 'complaint_reference',
        kind: 'text',
        label: 'Complaint reference (if it relates to one)',
        required: false,
        maxLength: 64,
        initial: init('complaint_reference'),
      },
      { id: 'occurred_at', kind: 'datetime', label: 'When it happened', required: true, initial: init('occurred_at') },
      {
        id: 'channel',
        kind: 'select',
        label: 'How the customer made contact',
        required: true,
        options: CONTACT_CHANNELS.map((c) => ({ value: c.id, label: c.label })),
        initial: init('channel'),
      },
      {
        id: 'behaviours',
        kind: 'multiselect',
        label: 'What behaviour (choose all that apply)',
        required: true,
        optionGroups: CRITERIA.map((c) => ({
          label: c.label,
          options: c.behaviours.map((b) => ({ value: `${c.id}:${b.id}`, label: b.label })),
        })),
        initial: init('behaviours'),
      },
      {
        id: 'description',
        kind: 'multiline',
        label: 'What was said or done',
        required: true,
        maxLength: 3000,
        hint: 'Verbatim words where possible; facts, not labels.',
        initial: init('description'),
      },
      {
        id: 'affected_people',
        kind: 'multiline',
        label: 'Who was affected',
        required: false,
        maxLength: 1000,
        initial: init('affected_people'),
      },
      {
        id: 'affected_colleagues',
        kind: 'text',
        label: 'Colleagues affected (work e-mail addresses, separated by commas)',
        required: false,
        maxLength: 2000,
        hint: 'A colleague named here, like you, takes no decision on this case.',
        initial: init('affected_colleagues'),
      },
      {
        id: 'threatened_or_hurt',
        kind: 'yesno',
        label: 'Was anyone threatened or hurt?',
        required: true,
        options: YES_NO,
        initial: init('threatened_or_hurt'),
      },
      {
        id: 'known_vulnerabilities',
        kind: 'multiline',
        label: 'Known vulnerabilities, support needs or agreed adjustments',
        required: false,
        maxLength: 2000,
        initial: init('known_vulnerabilities'),
      },
      {
        id: 'counter_allegation',
        kind: 'yesno',
        label: 'Does the customer allege wrongdoing by staff?',
        required: true,
        options: YES_NO,
        initial: init('counter_allegation') ?? 'no',
      },
      {
        id: 'resident_on_resident',
        kind: 'yesno',
        label: 'Could this be resident-on-resident behaviour (ASB)?',
        required: true,
        options: YES_NO,
        initial: init('resident_on_resident') ?? 'no',
      },
    ],
  };
}

/** Where each report input field is shown in the form, for the workflow's validation messages. */
export const REPORT_FIELD_FOR_PATH: Record<string, string> = {
  customerAccountRef: 'customer_account_ref',
  customerName: 'customer_name',
  complaintReference: 'complaint_reference',
  occurredAt: 'occurred_at',
  channel: 'channel',
  behaviours: 'behaviours',
  description: 'description',
  affectedPeople: 'affected_people',
  affectedColleagueEmails: 'affected_colleagues',
  affectedColleagueIds: 'affected_colleagues',
  threatenedOrHurt: 'threatened_or_hurt',
  knownVulnerabilities: 'known_vulnerabilities',
  counterAllegation: 'counter_allegation',
  possibleResidentOnResident: 'resident_on_resident',
};

/** Turns form values into the workflow's report input (validated there). */
export function reportInputFromForm(values: FormValues, timeZoneOffset = londonOffset): Record<string, unknown> {
  const complaintReference = text(values, 'complaint_reference');
  return {
    customerAccountRef: text(values, 'customer_account_ref'),
    customerName: text(values, 'customer_name'),
    ...(complaintReference ? { complaintReference } : {}),
    occurredAt: toIsoInstant(text(values, 'occurred_at'), timeZoneOffset),
    channel: text(values, 'channel'),
    behaviours: list(values, 'behaviours').map((v) => {
      const [criterionId, behaviourId] = v.split(':');
      return { criterionId, behaviourId };
    }),
    description: text(values, 'description'),
    affectedPeople: text(values, 'affected_people'),
    // E-mails here; reportIncident looks them up in the directory and keeps their ids.
    affectedColleagueEmails: list(values, 'affected_colleagues'),
    // Unanswered is not "no": the safety question must be answered (the urgent path depends on it).
    threatenedOrHurt: answered(values, 'threatened_or_hurt'),
    knownVulnerabilities: text(values, 'known_vulnerabilities'),
    counterAllegation: yes(values, 'counter_allegation'),
    possibleResidentOnResident: yes(values, 'resident_on_resident'),
  };
}

function answered(values: FormValues, id: string): boolean | undefined {
  const value = text(values, id);
  return value === 'yes' ? true : value === 'no' ? false : undefined;
}

/** Maps the workflow's field paths ("behaviours.0.criterionId") to form field errors. */
export function reportFieldErrors(fields: { path: string; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const f of fields) {
    const root = f.path.replace(/^report\./, '').split('.')[0] ?? '';
    const id = REPORT_FIELD_FOR_PATH[root] ?? 'description';
    errors[id] ??=
      root === 'occurredAt'
        ? 'Give the date and time it happened.'
        : root === 'threatenedOrHurt'
          ? 'Say whether anyone was threatened or hurt.'
          : f.message;
  }
  return errors;
}

/**
 * Date-time pickers give a local wall-clock time ("2026-11-30T09:15") or seconds since the epoch;
 * the workflow wants an ISO instant. Local times are read as Europe/London.
 */
export function toIsoInstant(value: string, offsetFor: (local: string) => string = londonOffset): string {
  if (/^\d{9,}$/.test(value)) {
    // Beyond the year 275760 there is no Date: the text goes on to the schema, which refuses it.
    const date = new Date(Number(value) * 1000);
    return Number.isNaN(date.getTime()) ? value : date.toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) {
    const local = value.length === 16 ? `${value}:00` : value;
    const date = new Date(`${local}${offsetFor(local)}`);
    return Number.isNaN(date.getTime()) ? value : date.toISOString();
  }
  return value;
}

/** "+00:00" in winter, "+01:00" in British Summer Time, for a London wall-clock time. */
export function londonOffset(local: string): string {
  const guess = new Date(`${local}Z`);
  // An impossible time ("2026-02-30T25:61") has no offset; the caller then finds no instant.
  if (Number.isNaN(guess.getTime())) return '+00:00';
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    timeZoneName: 'shortOffset',
  }).formatToParts(guess);
  // "GMT", "GMT+0" or "GMT+1", depending on the ICU version Node was built with.
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const hours = Number(/^GMT([+-]\d{1,2})/.exec(name)?.[1] ?? 0);
  return hours === 1 ? '+01:00' : '+00:00';
}
