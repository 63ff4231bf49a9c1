// Roles and escalation tiers (docs/domain.md "Who uses it"; policy §4, §8, §11).
export const ROLE_IDS = [
  'colleague',
  'line_manager',
  'customer_experience_manager',
  'corporate_head_of_customers',
  'executive_director_of_customers',
  /** A senior colleague outside the customer tiers (another director, the chief executive) who may decide appeals. */
  'appeal_reviewer',
  'admin',
] as const;

export type RoleId = (typeof ROLE_IDS)[number];

export interface RoleDefinition {
  id: RoleId;
  label: string;
  /** Escalation tier 1–4; null for roles outside the approval chain. */
  tier: 1 | 2 | 3 | 4 | null;
  /** Short form used in state names and messages. */
  short: string;
}

export const ROLES: readonly RoleDefinition[] = [
  { id: 'colleague', label: 'Colleague', tier: null, short: 'colleague' },
  { id: 'line_manager', label: 'Line manager', tier: 1, short: 'LM' },
  { id: 'customer_experience_manager', label: 'Customer experience manager', tier: 2, short: 'CXM' },
  { id: 'corporate_head_of_customers', label: 'Corporate head of customers', tier: 3, short: 'CHC' },
  { id: 'executive_director_of_customers', label: 'Executive director of customers', tier: 4, short: 'EDC' },
  { id: 'appeal_reviewer', label: 'Appeal reviewer', tier: null, short: 'appeal reviewer' },
  { id: 'admin', label: 'System administrator', tier: null, short: 'admin' },
];

/** Tiers 2–4: they see every case in full and may be asked to act on any of them. */
export const SENIOR_ROLES: readonly RoleId[] = ROLES.filter((r) => r.tier !== null && r.tier >= 2).map((r) => r.id);

/**
 * Who may decide an appeal (issue 11 §3): the corporate head, the executive director, or an appeal
 * reviewer from outside the customer tiers, each only when independent of the case (authority.ts).
 */
export const APPEAL_DECIDER_ROLES: readonly RoleId[] = [
  'corporate_head_of_customers',
  'executive_director_of_customers',
  'appeal_reviewer',
];

export function roleLabel(id: RoleId): string {
  return ROLES.find((r) => r.id === id)?.label ?? id;
}
