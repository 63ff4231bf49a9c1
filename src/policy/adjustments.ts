import type { RestrictionTypeId } from './restrictions.js';

// Reasonable adjustments (§20–22) that can be recorded on a customer, and the restriction
// types each one conflicts with. A conflicting restriction is blocked until the approver
// records why it is still proportionate [guidance].
export interface AdjustmentKind {
  id: string;
  label: string;
  conflictsWith: RestrictionTypeId[];
}

export const ADJUSTMENT_KINDS: readonly AdjustmentKind[] = [
  {
    id: 'cannot_write',
    label: 'Cannot read or write letters (needs spoken contact)',
    conflictsWith: ['letter_only', 'no_reply_on_topics'],
  },
  { id: 'needs_telephone', label: 'Needs telephone contact', conflictsWith: ['letter_only', 'telephone_schedule'] },
  { id: 'needs_face_to_face', label: 'Needs face-to-face contact', conflictsWith: ['no_office_access'] },
  {
    id: 'via_advocate',
    label: 'Contact through a next of kin, friend or support worker (§22)',
    conflictsWith: ['named_colleagues_only'],
  },
  { id: 'large_print', label: 'Large print letters', conflictsWith: [] },
  { id: 'easy_read', label: 'Easy-read letters', conflictsWith: [] },
  { id: 'clear_warnings', label: 'Clear warnings when behaviour becomes unacceptable (§22)', conflictsWith: [] },
  { id: 'extra_time', label: 'Extra time to respond', conflictsWith: ['telephone_schedule'] },
  { id: 'other', label: 'Other adjustment (described)', conflictsWith: [] },
];

export type AdjustmentKindId = string;

/** Format needs that letters honour (docs/domain.md "Letters"). */
export const FORMAT_NEEDS = ['standard', 'large_print', 'easy_read', 'via_advocate'] as const;
export type FormatNeed = (typeof FORMAT_NEEDS)[number];
