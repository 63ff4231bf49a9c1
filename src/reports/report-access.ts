import type { Actor } from '../cases/index.js';
import { SENIOR_ROLES } from '../policy/index.js';

// The register and the reports are for the keeper of the records (§34, the CXM), the policy owner
// (CHC) and the final authority (EDC): the senior roles, or whoever deputises for one of them;
// everyone else is told so.

export const mayReadReports = (actor: Actor): boolean =>
  [actor, ...actor.deputisingFor].some((p) => p.roles.some((r) => SENIOR_ROLES.includes(r)));

export const REPORT_NOT_ALLOWED =
  'Only the customer experience manager, the corporate head of customers and the executive director of customers (or their deputies) can see the restriction register and the reports.';
