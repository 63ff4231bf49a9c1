import type { Actor, Case } from '../../cases/index.js';
import { needsFor } from '../customer-records.js';
import type { CaseServices } from '../services.js';
import { caseView, type CaseView } from './case-view.js';

// The case as one person's card shows it when a channel draws it on request (App Home's "Open",
// `/lcp case`, a Teams click): with its trail, the letters' links and the customer's needs. The
// notifier reads these once for every recipient of a change (DeliveringNotifier), so it does not
// come through here.

/** The case card's view for `viewer`, or null when they may not see the case. */
export async function caseCardView(
  services: Pick<CaseServices, 'cases' | 'customers' | 'letterLinks'>,
  kase: Case,
  viewer: Actor,
): Promise<CaseView | null> {
  const events = await services.cases.events(kase.id);
  return caseView(kase, viewer, events, services.letterLinks, await needsFor(services.customers, kase));
}
