import { dateInLondon } from '../cases/dates.js';
import type { Actor } from '../cases/index.js';
import { contactCheck, namedColleagueIdsOf, type ContactCheck } from '../customers/contact-check.js';
import { recordCaseView } from './case-queries.js';
import { ACCOUNT_REF } from './customer-records.js';
import type { CaseServices } from './services.js';

// `/lcp check ACC-1` (Teams `check ACC-1`): any colleague asks whether a customer's contact is
// restricted before answering them (issue 12 §4). The answer carries no case details; each check
// is recorded as a view of every case it read, beside the other views of those cases.

export type ContactCheckResult = { ok: true; accountRef: string; check: ContactCheck } | { ok: false; message: string };

const CASE_NUMBER = /^LCP-\d{4}-\d{4}$/i;

/**
 * `subject` is an account reference, or a case number (as a named colleague's message gives it,
 * since notification text never names the customer); either way the answer is about the customer.
 */
export async function checkContact(
  services: CaseServices,
  actor: Actor,
  subject: string,
  via: string,
): Promise<ContactCheckResult> {
  const asked = subject.trim();
  if (!ACCOUNT_REF.test(asked))
    return { ok: false, message: "Give the customer's account reference (or a case number), e.g. check ACC-100234." };
  const byNumber = CASE_NUMBER.test(asked) ? await services.cases.findByNumber(asked.toUpperCase()) : null;
  const accountRef = byNumber ? byNumber.customer.accountRef : asked;
  const cases = await services.cases.listByCustomer(accountRef);
  const now = services.clock();
  const ids = namedColleagueIdsOf(cases.flatMap((k) => k.restrictions?.items ?? []));
  const people = ids.length ? await services.people.listByIds(ids) : [];
  const check = contactCheck(cases, dateInLondon(now), new Map(people.map((p) => [p.id, p.name])));
  for (const kase of cases) await recordCaseView(services, kase, { personId: actor.personId, name: actor.name }, via);
  return { ok: true, accountRef: asked, check };
}

/** The answer in words, the same on Slack and Teams (each escapes it for its own markup). */
export function contactCheckLines(accountRef: string, check: ContactCheck): { title: string; lines: string[] } {
  const lines: string[] = [];
  if (check.status === 'all_contact_refused')
    lines.push(
      `All contact is refused${check.until ? ` until ${check.until}` : ''}. Only emergency repairs and health and safety are answered.`,
    );
  else if (check.status === 'restricted')
    lines.push(
      `Contact is restricted${check.until ? ` until ${check.until}` : ''}:`,
      ...check.restrictions.map((r) => `• ${r}`),
    );
  else lines.push('No restrictions on contact are in force. Handle the contact as usual.');
  if (check.allowedRoutes.length && check.status === 'restricted')
    lines.push(`Allowed routes: ${check.allowedRoutes.join(', ')}.`);
  if (check.namedColleagues.length) lines.push(`Named colleagues: ${check.namedColleagues.join(', ')}.`);
  if (check.upcoming) lines.push(`From ${check.upcoming.from}: ${check.upcoming.restrictions.join('; ')}.`);
  if (check.flagMarker)
    lines.push(
      `Flag marker: take care, a warning marker is on this account${check.flagMarker.until ? ` (review by ${check.flagMarker.until})` : ''}.`,
    );
  return { title: `Contact check: ${accountRef}`, lines };
}
