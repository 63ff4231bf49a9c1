import { z } from 'zod';
import { ADJUSTMENT_KINDS, CONTACT_CHANNEL_IDS, type ContactChannelId } from '../policy/index.js';

// The customer record of issue 12 (§20–23, the equality impact assessment): what the customer
// needs and what was agreed with them, so the workflow can use it. Pure: the schema of an edit,
// and how an edit is merged into the stored record (who agreed an adjustment, and when, is kept).

export interface PersonStamp {
  personId: string;
  name: string;
}

/** A vulnerability or support need: confirmed by the CXM, or as a reporter wrote it (unconfirmed). */
export interface Vulnerability {
  description: string;
  status: 'confirmed' | 'reported_unconfirmed';
  /** 'report': written by a reporter under "known vulnerabilities" on a case. */
  source: 'record' | 'report';
  caseNumber: string | null;
  recordedBy: PersonStamp;
  recordedAt: string;
}

export interface AgreedAdjustment {
  id: string;
  kind: string;
  description: string;
  agreedBy: PersonStamp | null;
  agreedAt: string | null;
}

export const FORMAT_NEED_IDS = ['large_print', 'easy_read'] as const;
export type FormatNeedId = (typeof FORMAT_NEED_IDS)[number];

/** Letters go to the customer and, as a copy, to their advocate or a named third party (§22). */
export interface Advocate {
  name: string;
  kind: 'advocate' | 'third_party';
  postalAddress: string[];
  email: string | null;
  phone: string | null;
}

export interface CustomerDetails {
  vulnerabilities: Vulnerability[];
  adjustments: AgreedAdjustment[];
  /** 'large_print', 'easy_read', or any other need as recorded (Braille, a language). */
  formatNeeds: string[];
  advocate: Advocate | null;
  preferredChannel: ContactChannelId | null;
  postalAddress: string[];
  email: string | null;
  /** Letters may be e-mailed to the customer only when this is true. */
  emailAcceptable: boolean;
}

export const EMPTY_DETAILS: CustomerDetails = {
  vulnerabilities: [],
  adjustments: [],
  formatNeeds: [],
  advocate: null,
  preferredChannel: null,
  postalAddress: [],
  email: null,
  emailAcceptable: false,
};

const ADJUSTMENT_KIND_IDS = ADJUSTMENT_KINDS.map((k) => k.id) as [string, ...string[]];
const line = (max: number) => z.string().trim().min(1).max(max);
const optionalEmail = z
  .union([z.literal(''), z.email('an e-mail address such as name@example.org')])
  .transform((v) => v || null);
const addressLines = z.array(line(120)).max(7, 'at most 7 address lines');

/** An edit as people give it (chat form or CSV row), before it is merged into the record. */
export const customerEditSchema = z
  .object({
    vulnerabilities: z.array(line(500)).max(20, 'at most 20'),
    adjustments: z
      .array(
        z.object({
          kind: z.enum(ADJUSTMENT_KIND_IDS, { message: `one of ${ADJUSTMENT_KIND_IDS.join(', ')}` }),
          description: line(500),
        }),
      )
      .max(20, 'at most 20'),
    formatNeeds: z.array(line(200)).max(10),
    advocate: z
      .object({
        name: line(200),
        kind: z.enum(['advocate', 'third_party']),
        postalAddress: addressLines,
        email: optionalEmail,
        phone: z
          .string()
          .trim()
          .max(40)
          .regex(/^[0-9 +()-]*$/, 'a telephone number: digits, spaces, +, ( ) and -')
          .transform((v) => v || null),
      })
      .nullable(),
    preferredChannel: z.enum(CONTACT_CHANNEL_IDS).nullable(),
    postalAddress: addressLines,
    email: optionalEmail,
    emailAcceptable: z.boolean(),
  })
  .refine((v) => !v.emailAcceptable || v.email !== null, {
    message: 'give the e-mail address letters may be sent to',
    path: ['email'],
  });

export type CustomerEdit = z.input<typeof customerEditSchema>;
export type ParsedCustomerEdit = z.output<typeof customerEditSchema>;

/**
 * The record after an edit by `by` at `at`. Saving the edit is the CXM confirming or correcting
 * what is listed: every listed vulnerability is confirmed (a reported one keeps its origin), one
 * left out is removed. An adjustment already agreed keeps who agreed it and when.
 */
export function mergeEdit(
  current: CustomerDetails,
  edit: ParsedCustomerEdit,
  by: PersonStamp,
  at: string,
): CustomerDetails {
  const key = (s: string) => s.trim().toLowerCase();
  const vulnerabilities = edit.vulnerabilities.map((description): Vulnerability => {
    const known = current.vulnerabilities.find((v) => key(v.description) === key(description));
    return known
      ? { ...known, description, status: 'confirmed' }
      : { description, status: 'confirmed', source: 'record', caseNumber: null, recordedBy: by, recordedAt: at };
  });
  const adjustments = edit.adjustments.map((a, i): AgreedAdjustment => {
    const known = current.adjustments.find((x) => x.kind === a.kind && key(x.description) === key(a.description));
    return (
      known ?? {
        id: nextAdjustmentId(current.adjustments, i),
        kind: a.kind,
        description: a.description,
        agreedBy: by,
        agreedAt: at,
      }
    );
  });
  return {
    vulnerabilities,
    adjustments,
    formatNeeds: edit.formatNeeds,
    advocate: edit.advocate,
    preferredChannel: edit.preferredChannel,
    postalAddress: edit.postalAddress,
    email: edit.email,
    emailAcceptable: edit.emailAcceptable,
  };
}

/** Ids stay stable across edits (restriction justifications refer to them): ADJ-<n>, never reused. */
function nextAdjustmentId(existing: readonly AgreedAdjustment[], offset: number): string {
  const highest = existing.reduce((max, a) => Math.max(max, Number(/^ADJ-(\d+)$/.exec(a.id)?.[1] ?? 0)), 0);
  return `ADJ-${highest + 1 + offset}`;
}

/** The names of the fields an edit changed, for the audit entry. */
export function changedFields(before: CustomerDetails, after: CustomerDetails): (keyof CustomerDetails)[] {
  return (Object.keys(after) as (keyof CustomerDetails)[]).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
}

/** What a reporter wrote under "known vulnerabilities": attached as reported and unconfirmed. */
export function reportedVulnerability(
  text: string,
  caseNumber: string,
  by: PersonStamp,
  at: string,
): Vulnerability | null {
  const description = text.replace(/\s+/g, ' ').trim().slice(0, 500);
  return description
    ? { description, status: 'reported_unconfirmed', source: 'report', caseNumber, recordedBy: by, recordedAt: at }
    : null;
}
