import { dateInLondon } from '../cases/dates.js';
import type { Case } from '../cases/index.js';
import type { ActionId } from '../policy/index.js';
import { letterEmailFor } from './email-letter.js';
import type { DecisionFormExtras } from './forms/decision-form.js';
import type { CaseServices } from './services.js';

/**
 * What a decision form needs beyond the case: today's date, and, for the dispatch form only when
 * e-mail is set up, where the customer's letters may be e-mailed. Other forms read nothing more
 * (issue 14 §3: a click in at most 3 database commands).
 */
export async function formExtras(services: CaseServices, action: ActionId, kase: Case): Promise<DecisionFormExtras> {
  const today = dateInLondon(services.clock());
  if (action !== 'record_dispatch' || !services.letterEmail) return { today };
  const customer = await services.customers.findByAccountRef(kase.customer.accountRef);
  return { today, letterEmail: letterEmailFor(services, customer) };
}
