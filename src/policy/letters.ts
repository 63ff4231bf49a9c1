// The letters the policy produces and what each must contain (§26–29, §31; docs/domain.md
// "Letters"). The letters issue renders them; the workflow records which was approved when.
export const LETTER_CONTENT_ITEMS = {
  behaviours_with_examples: { label: 'The behaviours, with examples', paragraphs: [26] },
  request_to_modify: { label: 'A request to modify their behaviour in future contact', paragraphs: [26] },
  consequences: { label: 'What happens if the behaviour continues', paragraphs: [26, 27] },
  imposed_under_policy: { label: 'That the restriction is imposed under this policy', paragraphs: [27] },
  reason: { label: 'Why we have taken this decision', paragraphs: [28] },
  restrictions: { label: 'What precisely is the action that we are taking', paragraphs: [28, 30] },
  duration: { label: 'The duration of the restriction (or of the refusal of all contact)', paragraphs: [27, 28, 31] },
  review_process_and_policy_copy: {
    label: 'The review process of this policy and a copy of the policy',
    paragraphs: [28, 29],
  },
  ombudsman_right: {
    label: "The customer's right to contact the Housing Ombudsman, with contact details",
    paragraphs: [28],
  },
  how_to_appeal: { label: 'How to appeal', paragraphs: [] },
  review_date: { label: 'The date of the next review', paragraphs: [29] },
  open_routes: {
    label: 'The routes that stay open, including emergency repairs and health and safety',
    paragraphs: [30],
  },
  new_complaint_route: { label: 'How to make a new complaint', paragraphs: [18, 33] },
  review_outcome: { label: 'The outcome of the review', paragraphs: [29] },
  complaint_investigation_status: { label: 'Whether the complaint investigation continues', paragraphs: [31] },
  appeal_outcome: { label: 'The appeal outcome and its reasons', paragraphs: [] },
  signatory: { label: 'Signed by the authorising officer', paragraphs: [27] },
} as const;

export type LetterContentItem = keyof typeof LETTER_CONTENT_ITEMS;

export const LETTER_KINDS = [
  'warning',
  'restriction',
  'review_outcome',
  'lift',
  'expiry',
  'refusal_of_all_contact',
  'appeal_outcome',
] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

export interface LetterRequirement {
  kind: LetterKind;
  label: string;
  /** Role whose holder signs; the executive director issues restriction letters (§27). */
  signedBy: 'corporate_head_of_customers' | 'executive_director_of_customers';
  contents: LetterContentItem[];
}

export const LETTERS: readonly LetterRequirement[] = [
  {
    kind: 'warning',
    label: 'Warning letter',
    signedBy: 'corporate_head_of_customers',
    contents: [
      'behaviours_with_examples',
      'request_to_modify',
      'consequences',
      'how_to_appeal',
      'new_complaint_route',
      'signatory',
    ],
  },
  {
    kind: 'restriction',
    label: 'Restriction letter',
    signedBy: 'executive_director_of_customers',
    contents: [
      'imposed_under_policy',
      'reason',
      'restrictions',
      'duration',
      'review_process_and_policy_copy',
      'ombudsman_right',
      'how_to_appeal',
      'review_date',
      'open_routes',
      'new_complaint_route',
      'signatory',
    ],
  },
  {
    kind: 'review_outcome',
    label: 'Review outcome letter',
    signedBy: 'corporate_head_of_customers',
    contents: [
      'review_outcome',
      'restrictions',
      'duration',
      'review_date',
      'open_routes',
      'ombudsman_right',
      'how_to_appeal',
      'signatory',
    ],
  },
  {
    kind: 'lift',
    label: 'Restrictions lifted letter',
    signedBy: 'corporate_head_of_customers',
    contents: ['review_outcome', 'new_complaint_route', 'signatory'],
  },
  {
    kind: 'expiry',
    label: 'Restrictions ended letter',
    signedBy: 'corporate_head_of_customers',
    contents: ['duration', 'new_complaint_route', 'signatory'],
  },
  {
    kind: 'refusal_of_all_contact',
    label: 'Refusal of all contact letter',
    signedBy: 'executive_director_of_customers',
    contents: [
      'imposed_under_policy',
      'reason',
      'restrictions',
      'duration',
      'complaint_investigation_status',
      'review_process_and_policy_copy',
      'ombudsman_right',
      'how_to_appeal',
      'review_date',
      'open_routes',
      'new_complaint_route',
      'signatory',
    ],
  },
  {
    kind: 'appeal_outcome',
    label: 'Appeal outcome letter',
    signedBy: 'executive_director_of_customers',
    contents: ['appeal_outcome', 'ombudsman_right', 'signatory'],
  },
];

/**
 * How a letter reached the customer (issue 12 §5): each letter gets one dispatch record, made by
 * its approver or the customer experience manager, or by the product when it e-mails the letter.
 */
export const DISPATCH_METHODS = [
  { id: 'posted', label: 'Posted' },
  { id: 'emailed', label: 'E-mailed' },
  { id: 'handed_over', label: 'Handed over' },
] as const;
export type DispatchMethod = (typeof DISPATCH_METHODS)[number]['id'];
export const DISPATCH_METHOD_IDS = DISPATCH_METHODS.map((m) => m.id) as [DispatchMethod, ...DispatchMethod[]];

export const LETTER_DISPATCH = {
  /** A letter with no dispatch recorded this many working days after approval reminds the CXM, once. */
  remindAfterWorkingDays: 2,
  remind: 'customer_experience_manager' as const,
};

export function letterLabel(kind: LetterKind): string {
  return LETTERS.find((l) => l.kind === kind)?.label ?? kind;
}
