import type { Case, CustomerAdjustment } from '../cases/index.js';
import { ACTION_IDS, TRANSITIONS, type ActionId } from '../policy/index.js';
import { formUsesAdjustments } from './forms/decision-form.js';
import type { CaseServices } from './services.js';

// A decision reads the customer record only for the adjustments agreed with the customer (§20–23),
// and only the restriction forms and the gate that weighs restrictions against those adjustments
// use them. Every other click and decision goes without that read (issue 14 §3: a click in at
// most 3 database commands, a decision in at most 5).

const GATED = new Set<string>(
  TRANSITIONS.filter((row) => row.gates.includes('adjustment_conflicts_justified')).map((row) => row.action),
);

/** Whether deciding `action` (or drawing its form) needs the customer's recorded adjustments. */
export function needsCustomerAdjustments(action: unknown): boolean {
  if (typeof action !== 'string' || !(ACTION_IDS as readonly string[]).includes(action)) return false;
  return GATED.has(action) || formUsesAdjustments(action as ActionId);
}

/** The customer's recorded adjustments when `action` uses them; none otherwise (nothing is read). */
export async function adjustmentsFor(
  services: CaseServices,
  action: unknown,
  kase: Case,
): Promise<CustomerAdjustment[]> {
  if (!needsCustomerAdjustments(action)) return [];
  return (await services.customers.findByAccountRef(kase.customer.accountRef))?.adjustments ?? [];
}
