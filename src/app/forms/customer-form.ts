import { ADJUSTMENT_KINDS, CONTACT_CHANNELS } from '../../policy/index.js';
import { customerEditSchema, FORMAT_NEED_IDS, type ParsedCustomerEdit } from '../../customers/customer-record.js';
import type { Customer } from '../ports.js';
import { lines, list, text, yes, YES_NO, type FieldErrors, type FormSpec, type FormValues } from './form-types.js';

// The customer record as a form (Slack modal, Teams card) and as the cells of a CSV row: one
// parser for all three, so the same input gives the same answer and the same field-named errors.
export const CUSTOMER_FORM_ID = 'lcp_customer';

const KIND_HINT = `One per line as "kind: what was agreed". Kinds: ${ADJUSTMENT_KINDS.map((k) => k.id).join(', ')}.`;

export function customerForm(accountRef: string, customer: Customer | null): FormSpec {
  const c = customer;
  return {
    id: CUSTOMER_FORM_ID,
    title: 'Customer record',
    submitLabel: 'Save',
    intro: `Customer ${accountRef}. What you save is recorded with your name. Reported vulnerabilities are confirmed by listing them here; leave one out to correct it.`,
    fields: [
      {
        id: 'vulnerabilities',
        kind: 'multiline',
        label: 'Known vulnerabilities and support needs, one per line',
        required: false,
        maxLength: 3000,
        initial: c?.vulnerabilities.map((v) => v.description).join('\n') ?? '',
      },
      {
        id: 'adjustments',
        kind: 'multiline',
        label: 'Agreed reasonable adjustments (§20–22)',
        required: false,
        maxLength: 3000,
        hint: KIND_HINT,
        initial: c?.adjustments.map((a) => `${a.kind}: ${a.description}`).join('\n') ?? '',
      },
      {
        id: 'format_needs',
        kind: 'multiselect',
        label: 'Letter format',
        required: false,
        options: FORMAT_NEED_IDS.map((id) => ({
          value: id,
          label: id === 'large_print' ? 'Large print' : 'Easy read',
        })),
        initial: c?.formatNeeds.filter((n) => (FORMAT_NEED_IDS as readonly string[]).includes(n)) ?? [],
      },
      {
        id: 'other_format_needs',
        kind: 'text',
        label: 'Other format needs (Braille, audio, a language), comma-separated',
        required: false,
        maxLength: 500,
        initial: c?.formatNeeds.filter((n) => !(FORMAT_NEED_IDS as readonly string[]).includes(n)).join(', ') ?? '',
      },
      {
        id: 'advocate_name',
        kind: 'text',
        label: 'Letters also go to: advocate or named third party (name)',
        required: false,
        maxLength: 200,
        initial: c?.advocate?.name ?? '',
      },
      {
        id: 'advocate_kind',
        kind: 'select',
        label: 'They are',
        required: false,
        options: [
          { value: 'advocate', label: 'An advocate' },
          { value: 'third_party', label: 'A named third party' },
        ],
        initial: c?.advocate?.kind ?? 'advocate',
      },
      {
        id: 'advocate_address',
        kind: 'multiline',
        label: 'Their postal address, one line each',
        required: false,
        maxLength: 700,
        initial: c?.advocate?.postalAddress.join('\n') ?? '',
      },
      {
        id: 'advocate_email',
        kind: 'text',
        label: 'Their e-mail',
        required: false,
        maxLength: 200,
        initial: c?.advocate?.email ?? '',
      },
      {
        id: 'advocate_phone',
        kind: 'text',
        label: 'Their telephone',
        required: false,
        maxLength: 40,
        initial: c?.advocate?.phone ?? '',
      },
      {
        id: 'preferred_channel',
        kind: 'select',
        label: 'Preferred way to be contacted',
        required: false,
        options: CONTACT_CHANNELS.map((ch) => ({ value: ch.id, label: ch.label })),
        ...(c?.preferredChannel ? { initial: c.preferredChannel } : {}),
      },
      {
        id: 'postal_address',
        kind: 'multiline',
        label: 'Postal address for letters, one line each (with the postcode)',
        required: false,
        maxLength: 700,
        initial: c?.postalAddress.join('\n') ?? '',
      },
      { id: 'email', kind: 'text', label: 'E-mail address', required: false, maxLength: 200, initial: c?.email ?? '' },
      {
        id: 'email_ok',
        kind: 'yesno',
        label: 'May letters be sent to this e-mail address?',
        required: true,
        options: YES_NO,
        initial: c?.emailAcceptable ? 'yes' : 'no',
      },
    ],
  };
}

/** Which form field a path of the edit schema belongs to. */
const FIELD_OF: Record<string, string> = {
  vulnerabilities: 'vulnerabilities',
  adjustments: 'adjustments',
  formatNeeds: 'other_format_needs',
  'advocate.name': 'advocate_name',
  'advocate.kind': 'advocate_kind',
  'advocate.postalAddress': 'advocate_address',
  'advocate.email': 'advocate_email',
  'advocate.phone': 'advocate_phone',
  advocate: 'advocate_name',
  preferredChannel: 'preferred_channel',
  postalAddress: 'postal_address',
  email: 'email',
  emailAcceptable: 'email_ok',
};

export function customerEditFromForm(
  values: FormValues,
): { ok: true; edit: ParsedCustomerEdit } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const adjustments = lines(values, 'adjustments').map((entry, i) => {
    const match = /^([a-z_]+)\s*:\s*(.+)$/.exec(entry);
    if (!match)
      errors.adjustments ??= `Line ${i + 1}: write "kind: what was agreed", e.g. "needs_telephone: calls, not letters (sight loss)".`;
    return { kind: match?.[1] ?? '', description: match?.[2] ?? entry };
  });
  const advocateName = text(values, 'advocate_name');
  const advocateDetails = ['advocate_address', 'advocate_email', 'advocate_phone'].some((id) => text(values, id));
  if (!advocateName && advocateDetails)
    errors.advocate_name = 'Give the name of the advocate or third party whose details these are.';
  const candidate = {
    vulnerabilities: lines(values, 'vulnerabilities'),
    adjustments,
    formatNeeds: [...list(values, 'format_needs'), ...list(values, 'other_format_needs')],
    advocate: advocateName
      ? {
          name: advocateName,
          kind: text(values, 'advocate_kind') || 'advocate',
          postalAddress: lines(values, 'advocate_address'),
          email: text(values, 'advocate_email'),
          phone: text(values, 'advocate_phone'),
        }
      : null,
    preferredChannel: text(values, 'preferred_channel') || null,
    postalAddress: lines(values, 'postal_address'),
    email: text(values, 'email'),
    emailAcceptable: yes(values, 'email_ok'),
  };
  const parsed = customerEditSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((p) => typeof p === 'string').join('.');
      const field = FIELD_OF[path] ?? FIELD_OF[String(issue.path[0])] ?? 'vulnerabilities';
      const where = typeof issue.path[1] === 'number' ? `Line ${issue.path[1] + 1}: ` : '';
      errors[field] ??= `${where}${issue.message}`;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, edit: parsed.data };
}
