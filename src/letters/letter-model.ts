import type { Case, LetterContent, LetterRecord } from '../cases/index.js';
import { addMonths, dateInLondon } from '../cases/dates.js';
import {
  ALWAYS_OPEN_ROUTES,
  CONTACT_CHANNELS,
  CRITERIA,
  LETTERS,
  openChannels,
  RESTRICTION_TYPES,
  roleLabel,
  type LetterKind,
  type RestrictionItem,
} from '../policy/index.js';
import { letterFormat } from './format-needs.js';
import type { Organisation, Signatory } from './letter-settings.js';
import { HOUSING_OMBUDSMAN } from './ombudsman.js';

// The data a letter template binds to: everything already worded and formatted (dates as people
// read them, names looked up), so templates only lay words out. The model is stored with the
// letter; rendering the same model with the same template version gives the same bytes.

export const LETTER_TEMPLATE_VERSION = 'v3';

export interface RestrictionModel {
  /** The partial that words this restriction type. */
  partial: string;
  label: string;
  startDate: string;
  endDate: string;
  reviewDate: string;
  details: Record<string, string | boolean | number | string[]>;
}

export interface LetterModel {
  templateVersion: string;
  kind: LetterKind;
  label: string;
  preview: boolean;
  /** Why the preview may differ from the letter that will be sent. */
  previewNotes: string[];
  caseNumber: string;
  letterIndex: number;
  /** The letter's date, as printed; the sent date for a stored letter. */
  date: string;
  /** ISO instant written into the PDF's metadata (the approval instant), so bytes are repeatable. */
  createdAt: string;
  largePrint: boolean;
  otherFormatNeeds: string[];
  organisation: Omit<Organisation, 'signatories'>;
  /**
   * The customer, their postal address (for the envelope's window) and, from the customer record,
   * the advocate or third party who gets a copy; `legacyAdvocate` is an advocate known only from a
   * free-text format need (no address), to whom the letter is sent "care of" as before.
   */
  recipient: {
    name: string;
    accountRef: string;
    address: string[];
    advocate: { name: string | null; role?: string; address?: string[] } | null;
    legacyAdvocate: boolean;
  };
  /** Set on the copy for the advocate or third party: whose window address it carries. */
  copyFor?: { name: string; role: string; address: string[] };
  signatory: Signatory;
  complaint: { reference: string; status: string } | null;
  ombudsman: typeof HOUSING_OMBUDSMAN;
  alwaysOpenRoutes: string[];
  /** Whether a copy of the policy is appended (§28). */
  appendPolicy: boolean;
  warning?: { behaviours: { criterion: string; behaviour: string; example: string }[] };
  restrictions?: {
    items: RestrictionModel[];
    startDate: string;
    endDate: string;
    period: string;
    reason: string;
    openRoutes: string[];
    nextReviewDate: string | null;
  };
  /** `ofRefusal`: the review was of a refusal of all contact, which continues or is lifted (§31). */
  review?: {
    outcome: 'continue' | 'vary' | 'lift';
    heldOn: string;
    nextReviewDate: string | null;
    ofRefusal: boolean;
    refusalEndDate: string | null;
  };
  /** `ofRefusal`: it was a refusal of all contact that ended (§31). */
  expiry?: { startDate: string; endDate: string; period: string; ofRefusal: boolean };
  /** The EDC's reasons, and the refusal's own dates (§28, §31); `renewal` for a renewed refusal. */
  refusal?: {
    reason: string;
    complaintInvestigationStopped: boolean | null;
    nextReviewDate: string | null;
    startDate: string | null;
    endDate: string | null;
    period: string | null;
    renewal: boolean;
  };
  /**
   * `decidedBy`: who decided and in what role ("Rae Reviewer (appeal reviewer)"); `independent`:
   * the record shows they (and whoever they acted for) took no earlier decision on the case. Both
   * are absent on letters made before issue 11 §3, which keep their wording.
   */
  appeal?: {
    outcome: 'quash' | 'vary' | 'uphold';
    receivedOn: string;
    reasons: string;
    decidedBy?: string;
    independent?: boolean;
  };
}

export interface LetterInput {
  /** The case just after the letter was added to it (for a preview: as approval would leave it). */
  kase: Case;
  index: number;
  organisation: Organisation;
  formatNeeds: readonly string[];
  /** From the customer record (issue 12): the postal address, and who gets a copy. */
  postalAddress?: readonly string[];
  advocate?: { name: string; kind: 'advocate' | 'third_party'; postalAddress: readonly string[] } | null;
  /** Directory names of the colleagues named in restrictions. */
  names: ReadonlyMap<string, string>;
  preview?: { notes: string[] };
}

const longDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** "2026-01-19" -> "19 January 2026". */
export function displayDate(isoDate: string): string {
  return longDate.format(new Date(`${isoDate}T12:00:00Z`));
}

const instantDate = (iso: string) => displayDate(dateInLondon(new Date(iso)));

/** "6 months" when the end is a whole number of months after the start, otherwise days. */
export function periodText(start: string, end: string): string {
  for (let months = 1; months <= 120; months++) {
    const candidate = addMonths(start, months);
    if (candidate === end) return months === 1 ? '1 month' : `${months} months`;
    if (candidate > end) break;
  }
  const days = Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000);
  return days === 1 ? '1 day' : `${days} days`;
}

/** "a, b and c". */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function restrictionModel(item: RestrictionItem, names: ReadonlyMap<string, string>): RestrictionModel {
  const name = (id: string) => names.get(id) ?? 'a colleague we will name to you';
  const type = RESTRICTION_TYPES.find((t) => t.id === item.type);
  const base = {
    partial: `restriction-${item.type}`,
    label: type?.label ?? item.type,
    startDate: displayDate(item.startDate),
    endDate: displayDate(item.endDate),
    reviewDate: displayDate(item.reviewDate),
  };
  switch (item.type) {
    case 'letter_only':
      return {
        ...base,
        details: {
          thirdPartyAllowed: item.details.thirdPartyAllowed,
          thirdPartyName: item.details.thirdPartyName ?? '',
        },
      };
    case 'no_office_access':
      return { ...base, details: { offices: listText(item.details.offices) } };
    case 'named_colleagues_only':
      return {
        ...base,
        details: {
          colleagues: listText(item.details.colleagueIds.map(name)),
          cover: listText(item.details.coverColleagueIds.map(name)),
        },
      };
    case 'telephone_schedule':
      return {
        ...base,
        details: {
          days: listText(item.details.days.map(capitalise)),
          from: item.details.from,
          until: item.details.until,
          maxMinutes: item.details.maxMinutes,
        },
      };
    case 'witness_required':
      return { ...base, details: { witnessRole: item.details.witnessRole } };
    case 'no_reply_on_topics':
      return {
        ...base,
        details: { topics: item.details.topics, designatedColleague: name(item.details.designatedColleagueId) },
      };
  }
}

function restrictionsSection(
  items: readonly RestrictionItem[],
  reason: string,
  nextReviewDue: string | null,
  names: ReadonlyMap<string, string>,
): NonNullable<LetterModel['restrictions']> {
  const starts = items.map((i) => i.startDate).sort();
  const ends = items.map((i) => i.endDate).sort();
  const startDate = starts[0] ?? '';
  const endDate = ends.at(-1) ?? '';
  return {
    items: items.map((i) => restrictionModel(i, names)),
    startDate: displayDate(startDate),
    endDate: displayDate(endDate),
    period: periodText(startDate, endDate),
    reason,
    openRoutes: openChannels(items).map((id) => (CONTACT_CHANNELS.find((c) => c.id === id)?.label ?? id).toLowerCase()),
    nextReviewDate: nextReviewDue ? displayDate(nextReviewDue) : null,
  };
}

/** The names of the colleagues a case's restrictions (current and proposed) refer to. */
export function namedColleagueIds(kase: Case): string[] {
  const items = [...(kase.restrictions?.items ?? []), ...(kase.proposedRestrictions?.items ?? [])];
  const ids = items.flatMap((i) => {
    if (i.type === 'named_colleagues_only') return [...i.details.colleagueIds, ...i.details.coverColleagueIds];
    if (i.type === 'no_reply_on_topics') return [i.details.designatedColleagueId];
    return [];
  });
  return [...new Set(ids)];
}

const appealOutcome = (outcome: LetterContent['outcome']): 'quash' | 'vary' | 'uphold' | null =>
  outcome === 'continue' || outcome === undefined ? null : outcome;

/** People's text is placed on one line: the template markup gives line starts their meaning. */
function oneLine<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/\s+/g, ' ').trim() as T;
  if (Array.isArray(value)) return value.map(oneLine) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, oneLine(v)])) as T;
  return value;
}

export function buildLetterModel(input: LetterInput): LetterModel {
  const { kase, index, organisation, names } = input;
  const letter: LetterRecord | undefined = kase.letters[index];
  if (!letter) throw new Error(`Case ${kase.number} has no letter ${index}`);
  const requirement = LETTERS.find((l) => l.kind === letter.kind);
  if (!requirement) throw new Error(`No letter requirement for ${letter.kind}`);
  const content = letter.content;
  const format = letterFormat(input.formatNeeds);
  const customer = content.customer ?? kase.customer;
  const complaint =
    kase.warning?.complaint ??
    (kase.reports.find((r) => r.complaintReference)?.complaintReference
      ? {
          reference: kase.reports.find((r) => r.complaintReference)!.complaintReference!,
          status: 'being_investigated' as const,
        }
      : null);
  const { signatories, ...org } = organisation;
  const model: LetterModel = {
    templateVersion: LETTER_TEMPLATE_VERSION,
    kind: letter.kind,
    label: requirement.label,
    preview: Boolean(input.preview),
    previewNotes: input.preview?.notes ?? [],
    caseNumber: kase.number,
    letterIndex: index,
    date: instantDate(letter.sentAt),
    createdAt: letter.approvedAt,
    largePrint: format.largePrint,
    otherFormatNeeds: format.otherNeeds,
    organisation: org,
    recipient: {
      name: customer.name,
      accountRef: customer.accountRef,
      address: [...(input.postalAddress ?? [])],
      advocate: input.advocate
        ? {
            name: input.advocate.name,
            role: input.advocate.kind === 'advocate' ? 'advocate' : 'named third party',
            address: [...input.advocate.postalAddress],
          }
        : format.advocate,
      legacyAdvocate: !input.advocate && format.advocate !== null,
    },
    signatory: signatories[requirement.signedBy],
    complaint: complaint
      ? {
          reference: complaint.reference,
          status: complaint.status === 'investigated' ? 'has been investigated' : 'is being investigated',
        }
      : null,
    ombudsman: HOUSING_OMBUDSMAN,
    alwaysOpenRoutes: [...ALWAYS_OPEN_ROUTES],
    appendPolicy: requirement.contents.includes('review_process_and_policy_copy'),
  };
  const current = kase.restrictions;
  switch (letter.kind) {
    case 'warning': {
      const behaviours = content.behaviours ?? kase.warning?.behaviours ?? [];
      model.warning = {
        behaviours: behaviours.map((b) => {
          const criterion = CRITERIA.find((c) => c.id === b.criterionId);
          return {
            criterion: criterion?.label ?? b.criterionId,
            behaviour: criterion?.behaviours.find((x) => x.id === b.behaviourId)?.label ?? b.behaviourId,
            example: b.example,
          };
        }),
      };
      break;
    }
    case 'restriction':
      model.restrictions = restrictionsSection(
        content.restrictions ?? current?.items ?? [],
        content.reason ?? current?.proportionality ?? '',
        kase.nextReviewDue,
        names,
      );
      break;
    case 'review_outcome': {
      // A variation's letter carries the varied restrictions; a review that continues them does not.
      const varied = content.restrictions ?? null;
      const lastReview = kase.reviews.at(-1);
      const ofRefusal = content.refusal === true;
      const refusalEnd = content.refusalEndDate ?? null;
      model.restrictions = restrictionsSection(
        varied ?? current?.items ?? [],
        content.reason ?? current?.proportionality ?? '',
        kase.nextReviewDue,
        names,
      );
      // A refused customer is told the refusal continues: no restrictions and no open routes but
      // those a refusal keeps (emergency repairs, health and safety).
      if (ofRefusal) model.restrictions = { ...model.restrictions, items: [], openRoutes: [] };
      model.review = {
        outcome: varied ? 'vary' : 'continue',
        heldOn: lastReview ? instantDate(lastReview.at) : model.date,
        nextReviewDate: model.restrictions.nextReviewDate,
        ofRefusal,
        refusalEndDate: refusalEnd ? displayDate(refusalEnd) : null,
      };
      break;
    }
    case 'lift': {
      const lastReview = kase.reviews.at(-1);
      const ofRefusal = content.refusal === true;
      model.review = {
        outcome: 'lift',
        heldOn: lastReview ? instantDate(lastReview.at) : model.date,
        nextReviewDate: null,
        ofRefusal,
        refusalEndDate: null,
      };
      if (current && !ofRefusal)
        model.restrictions = restrictionsSection(current.items, current.proportionality, null, names);
      break;
    }
    case 'expiry': {
      const ofRefusal = content.refusal === true;
      const start =
        (ofRefusal ? content.startDate : null) ?? current?.startDate ?? dateInLondon(new Date(letter.sentAt));
      const end = content.endDate ?? current?.endDate ?? dateInLondon(new Date(letter.sentAt));
      model.expiry = {
        startDate: displayDate(start),
        endDate: displayDate(end),
        period: periodText(start, end),
        ofRefusal,
      };
      break;
    }
    case 'refusal_of_all_contact': {
      const stopped = content.complaintInvestigationStopped;
      const nextReviewDue = content.nextReviewDue ?? kase.nextReviewDue;
      // The reason the EDC gave when approving (§28); a preview has none yet, so it shows the proposal's.
      const reason = content.reason || kase.refusal?.approvedReason || kase.refusal?.breachSummary || '';
      const start = content.startDate ?? null;
      const end = content.refusalEndDate ?? null;
      model.refusal = {
        reason,
        complaintInvestigationStopped: input.preview ? null : stopped === true,
        nextReviewDate: nextReviewDue ? displayDate(nextReviewDue) : null,
        startDate: start ? displayDate(start) : null,
        endDate: end ? displayDate(end) : null,
        period: start && end ? periodText(start, end) : null,
        renewal: content.renewal === true,
      };
      break;
    }
    case 'appeal_outcome': {
      const decided =
        [...kase.appeals].reverse().find((a) => a.decision?.at === letter.approvedAt) ??
        [...kase.appeals].reverse().find((a) => a.decision);
      const outcome = appealOutcome(content.outcome) ?? decided?.decision?.outcome ?? 'uphold';
      const decision = decided?.decision;
      model.appeal = {
        outcome,
        receivedOn: decided ? instantDate(decided.receivedAt) : model.date,
        reasons: decision?.rationale ?? '',
        ...(decision
          ? {
              decidedBy: `${decision.by.name}${decision.by.onBehalfOf ? ` on behalf of ${decision.by.onBehalfOf.name}` : ''}${decision.role ? ` (${roleLabel(decision.role).toLowerCase()})` : ''}`,
              independent: decision.independent === true,
            }
          : {}),
      };
      // A variation names the restrictions that now apply; an upheld appeal against restrictions
      // names those that still apply, so the customer knows where they stand either way.
      if (current && (outcome === 'vary' || (outcome === 'uphold' && kase.state === 'restricted')))
        model.restrictions = restrictionsSection(current.items, current.proportionality, kase.nextReviewDue, names);
      break;
    }
  }
  return oneLine(model);
}
