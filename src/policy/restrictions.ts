import { z } from 'zod';
import { CONTACT_CHANNEL_IDS, type ContactChannelId } from './channels.js';

// The restriction types of §30, each a structured item so staff can be shown it and the
// product can check it. `closes` lists the contact channels the restriction takes away, so
// the workflow can refuse a set of restrictions that would leave no route open [guidance].
const personId = z.string().min(1);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM');

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;

export const RESTRICTION_DETAILS = {
  letter_only: z.object({
    thirdPartyAllowed: z.boolean(),
    thirdPartyName: z.string().trim().max(200).optional(),
  }),
  no_office_access: z.object({
    offices: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
  }),
  named_colleagues_only: z.object({
    colleagueIds: z.array(personId).min(1, 'name at least one colleague'),
    coverColleagueIds: z.array(personId).min(1, 'name at least one colleague as cover'),
  }),
  telephone_schedule: z
    .object({
      days: z.array(z.enum(WEEKDAYS)).min(1, 'choose at least one day'),
      from: hhmm,
      until: hhmm,
      maxMinutes: z.number().int().min(5).max(240),
    })
    .refine((v) => v.from < v.until, { message: 'the window must end after it starts', path: ['until'] }),
  witness_required: z.object({
    witnessRole: z.string().trim().min(1).max(200).default('a second colleague'),
  }),
  no_reply_on_topics: z.object({
    topics: z.array(z.string().trim().min(1).max(300)).min(1, 'name at least one topic'),
    designatedColleagueId: personId,
  }),
} as const;

export type RestrictionTypeId = keyof typeof RESTRICTION_DETAILS;

export interface RestrictionType {
  id: RestrictionTypeId;
  label: string;
  /** The bullet of §30 it implements. */
  policyText: string;
  closes: ContactChannelId[];
}

export const RESTRICTION_TYPES: readonly RestrictionType[] = [
  {
    id: 'letter_only',
    label: 'Contact by letter only, or through an agreed third party',
    policyText:
      'Disallowing the customer from making contact by telephone and / or email except through an agreed third party and requiring that they only make contact by letter.',
    closes: ['telephone', 'voicemail', 'email', 'web_or_app', 'social_media'],
  },
  {
    id: 'no_office_access',
    label: 'No access to our offices',
    policyText: 'Access to our offices may be stopped',
    closes: ['face_to_face'],
  },
  {
    id: 'named_colleagues_only',
    label: 'Contact only with named colleagues (with cover)',
    policyText: 'Restricting contact to named colleagues only',
    closes: [],
  },
  {
    id: 'telephone_schedule',
    label: 'Telephone calls only on given days and times, for a maximum duration',
    policyText: 'Restricting telephone calls to specific days, times and duration',
    closes: [],
  },
  {
    id: 'witness_required',
    label: 'Face-to-face contact only with a witness present',
    policyText: "Personal contact to take place with appropriate witnesses' present",
    closes: [],
  },
  {
    id: 'no_reply_on_topics',
    // At most 75 characters: Slack cuts an option's text there (the restriction forms list these).
    label: 'No reply on named topics; a designated colleague still reads them',
    policyText:
      'Advising the customer that we will no longer acknowledge or reply to further contact from them on specific topics of a complaint in which case a designated colleague will be identified who will read future correspondence and advice outcomes accordingly.',
    closes: [],
  },
];

export const RESTRICTION_TYPE_IDS = RESTRICTION_TYPES.map((t) => t.id) as [RestrictionTypeId, ...RestrictionTypeId[]];

/** Routes that no restriction may close [guidance]; stated in every restriction letter. */
export const ALWAYS_OPEN_ROUTES = ['Emergency repairs', 'Health and safety concerns'] as const;

const isoDate = z.iso.date();

export const restrictionItemSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('letter_only'), details: RESTRICTION_DETAILS.letter_only }),
    z.object({ type: z.literal('no_office_access'), details: RESTRICTION_DETAILS.no_office_access }),
    z.object({ type: z.literal('named_colleagues_only'), details: RESTRICTION_DETAILS.named_colleagues_only }),
    z.object({ type: z.literal('telephone_schedule'), details: RESTRICTION_DETAILS.telephone_schedule }),
    z.object({ type: z.literal('witness_required'), details: RESTRICTION_DETAILS.witness_required }),
    z.object({ type: z.literal('no_reply_on_topics'), details: RESTRICTION_DETAILS.no_reply_on_topics }),
  ])
  .and(z.object({ startDate: isoDate, endDate: isoDate, reviewDate: isoDate }));

export type RestrictionItem = z.infer<typeof restrictionItemSchema>;

export function closedChannels(items: readonly { type: RestrictionTypeId }[]): Set<ContactChannelId> {
  const closed = new Set<ContactChannelId>();
  for (const item of items) {
    for (const ch of RESTRICTION_TYPES.find((t) => t.id === item.type)?.closes ?? []) closed.add(ch);
  }
  return closed;
}

export function openChannels(items: readonly { type: RestrictionTypeId }[]): ContactChannelId[] {
  const closed = closedChannels(items);
  return CONTACT_CHANNEL_IDS.filter((c) => !closed.has(c));
}
