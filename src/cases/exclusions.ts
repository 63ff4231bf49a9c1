import type { ActionId, RoleId } from '../policy/index.js';
import type { ActedBy, Case } from './case.types.js';

// Nobody decides their own case; nobody approves their own proposal (issue 11 §4).

/** The reporters and the colleagues named in a report as affected: none of them decides on the case, at any tier. */
export function partiesToCase(kase: Case): string[] {
  const ids = new Set(kase.reporterIds);
  for (const report of kase.reports) for (const id of report.affectedColleagueIds ?? []) ids.add(id);
  return [...ids];
}

const peopleOf = (by: ActedBy | null | undefined): string[] =>
  by ? [by.personId, ...(by.onBehalfOf ? [by.onBehalfOf.personId] : [])] : [];

/** Approval decisions on a proposal waiting in an executive-director state. */
const APPROVALS_OF_PROPOSALS: readonly ActionId[] = [
  'approve_warning',
  'approve_restrictions',
  'refuse_all_contact',
  'send_back',
];

/**
 * Whoever proposed what `action` decides (and the person they proposed for, as a deputy): they
 * may not approve it, also not as someone else's deputy.
 */
export function proposersFor(kase: Case, action: ActionId): string[] {
  if (action === 'approve_flag_marker' || action === 'reject_flag_marker')
    return kase.flagMarker?.status === 'provisional' ? peopleOf(kase.flagMarker.proposedBy) : [];
  if (action === 'ratify_protective_step')
    return (kase.urgentPath?.protectiveSteps ?? [])
      .filter((s) => s.ratification === null)
      .flatMap((s) => peopleOf(s.takenBy));
  if (!APPROVALS_OF_PROPOSALS.includes(action)) return [];
  switch (kase.state) {
    case 'edc_warning_approval':
      return peopleOf(kase.warning?.proposedBy);
    case 'edc_restriction_approval':
      return peopleOf(kase.proposedRestrictions?.proposedBy);
    case 'edc_refusal_approval':
      return peopleOf(kase.refusal?.proposedBy);
    default:
      return [];
  }
}

/** The decision tiers in order; a tier nobody eligible holds on a case passes to the next one. */
export const DECISION_TIERS: readonly RoleId[] = [
  'line_manager',
  'customer_experience_manager',
  'corporate_head_of_customers',
  'executive_director_of_customers',
];

/**
 * For each tier nobody may decide on this case (`vacant`, worked out from the directory by the
 * app), the tier role that decides in its place: the next tier up that is not vacant.
 */
export function coveringTiers(vacant: readonly RoleId[]): Partial<Record<RoleId, RoleId>> {
  const cover: Partial<Record<RoleId, RoleId>> = {};
  DECISION_TIERS.forEach((tier, i) => {
    if (!vacant.includes(tier)) return;
    const next = DECISION_TIERS.slice(i + 1).find((t) => !vacant.includes(t));
    if (next) cover[tier] = next;
  });
  return cover;
}

/** The vacant tiers this holder of `roles` decides in place of. */
export function standingInFor(roles: readonly RoleId[], vacant: readonly RoleId[]): RoleId[] {
  const cover = coveringTiers(vacant);
  return DECISION_TIERS.filter((tier) => cover[tier] !== undefined && roles.includes(cover[tier]!));
}
