import type { Case } from '../cases/index.js';
import {
  ALWAYS_OPEN_ROUTES,
  CONTACT_CHANNELS,
  openChannels,
  RESTRICTION_TYPES,
  type RestrictionItem,
} from '../policy/index.js';

// What the colleague answering the phone may know about a customer (issue 12 §4): whether contact
// is restricted or refused, or a flag marker warns them; which routes are allowed, which colleagues
// are named, and until when. Never the case's reasons, reports or number. Pure: from the customer's
// cases and the directory names of the colleagues named.

export interface ContactCheck {
  status: 'no_restrictions' | 'restricted' | 'all_contact_refused';
  /** One line per restriction in force, as the front line needs it. */
  restrictions: string[];
  allowedRoutes: string[];
  namedColleagues: string[];
  /** The latest end date of what is in force (YYYY-MM-DD), or null. */
  until: string | null;
  /** A live flag marker: colleagues are warned before contact (§11); until its review date. */
  flagMarker: { until: string | null } | null;
  /** Restrictions approved to start later. */
  upcoming: { from: string; restrictions: string[] } | null;
}

/** Restrictions stay in force while a variation or a refusal awaits approval. */
const IN_FORCE_STATES = new Set(['restricted', 'edc_refusal_approval', 'edc_restriction_approval']);

const channelLabel = (id: string) => CONTACT_CHANNELS.find((c) => c.id === id)?.label ?? id;
const typeLabel = (type: string) => RESTRICTION_TYPES.find((t) => t.id === type)?.label ?? type;
const day = (d: string) => d[0]!.toUpperCase() + d.slice(1);

function describe(item: RestrictionItem, name: (id: string) => string): string {
  switch (item.type) {
    case 'letter_only':
      return `${typeLabel(item.type)}${item.details.thirdPartyName ? ` (third party: ${item.details.thirdPartyName})` : ''}`;
    case 'no_office_access':
      return `${typeLabel(item.type)}${item.details.offices.length ? `: ${item.details.offices.join(', ')}` : ' (all offices)'}`;
    case 'named_colleagues_only':
      return `Contact only with ${item.details.colleagueIds.map(name).join(', ')} (cover: ${item.details.coverColleagueIds.map(name).join(', ')})`;
    case 'telephone_schedule':
      return `Telephone only on ${item.details.days.map(day).join(', ')}, ${item.details.from}–${item.details.until}, at most ${item.details.maxMinutes} minutes a call`;
    case 'witness_required':
      return `Face to face only with ${item.details.witnessRole} present`;
    case 'no_reply_on_topics':
      return `No reply on named topics; ${name(item.details.designatedColleagueId)} reads that correspondence`;
  }
}

/** The colleagues restrictions name: named contacts and their cover, designated readers. */
export function namedColleagueIdsOf(items: readonly RestrictionItem[]): string[] {
  const ids = items.flatMap((i) =>
    i.type === 'named_colleagues_only'
      ? [...i.details.colleagueIds, ...i.details.coverColleagueIds]
      : i.type === 'no_reply_on_topics'
        ? [i.details.designatedColleagueId]
        : [],
  );
  return [...new Set(ids)];
}

/**
 * Whether a case's flag marker is shown now: live, not quashed on appeal, not on a case closed with
 * no further action, and not past its review date (`Case.flagMarker.reviewDate`, unless renewed).
 */
export function flagMarkerShown(kase: Case, today: string): boolean {
  const marker = kase.flagMarker;
  if (marker?.status !== 'live') return false;
  if (kase.closure && REMOVES_MARKER.has(kase.closure.reason)) return false;
  return !marker.reviewDate || today <= marker.reviewDate;
}

/** Closures that take a flag marker away: the decision was quashed, or nothing further was done. */
const REMOVES_MARKER = new Set<string>(['appeal_quashed', 'no_further_action', 'informal_resolution']);

export function contactCheck(cases: readonly Case[], today: string, names: ReadonlyMap<string, string>): ContactCheck {
  const name = (id: string) => names.get(id) ?? 'a named colleague';
  const refused = cases.find((k) => k.state === 'contact_refused' && k.refusal);
  const items = cases
    .filter((k) => IN_FORCE_STATES.has(k.state) && k.restrictions && k.restrictionLetterDate)
    .flatMap((k) => k.restrictions!.items);
  const live = items.filter((i) => i.startDate <= today && today <= i.endDate);
  const later = items.filter((i) => i.startDate > today);
  const marked = cases.find((k) => flagMarkerShown(k, today));
  const flagMarker = marked ? { until: marked.flagMarker!.reviewDate ?? null } : null;
  const always = [...ALWAYS_OPEN_ROUTES];
  if (refused) {
    return {
      status: 'all_contact_refused',
      restrictions: ['All contact is refused, except emergency repairs and health and safety'],
      allowedRoutes: always,
      namedColleagues: [],
      until: refused.refusal!.endDate ?? null,
      flagMarker,
      upcoming: null,
    };
  }
  const upcoming = later.length
    ? { from: later.map((i) => i.startDate).sort()[0]!, restrictions: later.map((i) => describe(i, name)) }
    : null;
  if (live.length === 0)
    return {
      status: 'no_restrictions',
      restrictions: [],
      allowedRoutes: [],
      namedColleagues: [],
      until: null,
      flagMarker,
      upcoming,
    };
  return {
    status: 'restricted',
    restrictions: live.map((i) => describe(i, name)),
    allowedRoutes: [...openChannels(live).map(channelLabel), ...always],
    namedColleagues: namedColleagueIdsOf(live).map(name),
    until:
      live
        .map((i) => i.endDate)
        .sort()
        .at(-1) ?? null,
    flagMarker,
    upcoming: later.length ? upcoming : null,
  };
}
