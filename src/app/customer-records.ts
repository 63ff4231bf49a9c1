import type { Actor, Case } from '../cases/index.js';
import { normaliseAccountRef } from '../cases/index.js';
import {
  changedFields,
  EMPTY_DETAILS,
  mergeEdit,
  reportedVulnerability,
  type CustomerDetails,
} from '../customers/customer-record.js';
import { customerEditFromForm } from './forms/customer-form.js';
import type { FieldErrors, FormValues } from './forms/form-types.js';
import type { Customer, CustomerChange, CustomerRepository } from './ports.js';
import type { CustomerNeeds } from './views/case-view.js';
import { resolveActor } from './resolve-actor.js';
import type { CaseServices } from './services.js';

// Use cases on the customer record (issue 12): the customer experience manager and above edit it
// from chat or a CSV; a reporter's "known vulnerabilities" are attached as reported, unconfirmed.

const EDITOR_ROLES = ['customer_experience_manager', 'corporate_head_of_customers', 'executive_director_of_customers'];

/** The CXM and above, or someone deputising for one of them right now. */
export function mayEditCustomers(actor: Actor): boolean {
  return [actor, ...actor.deputisingFor].some((p) => p.roles.some((r) => EDITOR_ROLES.includes(r)));
}

export const ACCOUNT_REF = /^[A-Za-z0-9][A-Za-z0-9\-/ ]{0,63}$/;

export type CustomerEditResult =
  | { ok: true; customer: Customer; changed: string[] }
  | {
      ok: false;
      code: 'CUSTOMER.NOT_ALLOWED' | 'CUSTOMER.INVALID' | 'CUSTOMER.UNKNOWN_PERSON';
      message: string;
      errors?: FieldErrors;
    };

export interface CustomerEditInput {
  actorPersonId: string;
  accountRef: string;
  /** The customer's name for a record that does not exist yet (CSV); kept otherwise. */
  name?: string;
  values: FormValues;
  source: CustomerChange['source'];
}

export async function editCustomer(services: CaseServices, input: CustomerEditInput): Promise<CustomerEditResult> {
  const now = services.clock();
  const actor = await resolveActor(services.people, input.actorPersonId, now);
  if (!actor)
    return {
      ok: false,
      code: 'CUSTOMER.UNKNOWN_PERSON',
      message: 'You are not in the Limited Contact directory; ask an administrator to add you.',
    };
  return editCustomerAs(services, actor, input, now);
}

/** The same, for an actor already resolved (the CSV import runs as its operator). */
export async function editCustomerAs(
  services: Pick<CaseServices, 'customers' | 'clock'>,
  actor: Actor,
  input: CustomerEditInput,
  now: Date,
): Promise<CustomerEditResult> {
  if (!mayEditCustomers(actor))
    return {
      ok: false,
      code: 'CUSTOMER.NOT_ALLOWED',
      message:
        'Only the customer experience manager, the corporate head of customers and the executive director (or their deputies) edit customer records.',
    };
  const accountRef = input.accountRef.trim();
  if (!ACCOUNT_REF.test(accountRef))
    return {
      ok: false,
      code: 'CUSTOMER.INVALID',
      message: 'The account reference: letters, digits, spaces, "-" and "/" only.',
      errors: { account_ref: 'letters, digits, spaces, "-" and "/" only' },
    };
  const parsed = customerEditFromForm(input.values);
  if (!parsed.ok)
    return {
      ok: false,
      code: 'CUSTOMER.INVALID',
      message: Object.entries(parsed.errors)
        .map(([f, m]) => `${f}: ${m}`)
        .join('; '),
      errors: parsed.errors,
    };

  const current = await services.customers.findByAccountRef(accountRef);
  const before: CustomerDetails = current ? detailsOf(current) : EMPTY_DETAILS;
  const by = { personId: actor.personId, name: actor.name };
  const at = now.toISOString();
  const after = mergeEdit(before, parsed.edit, by, at);
  const fields = changedFields(before, after);
  const name = input.name?.trim() || current?.name || accountRef;
  if (fields.length > 0 || !current) {
    const change: CustomerChange = {
      accountRef: normaliseAccountRef(accountRef),
      at,
      by,
      source: input.source,
      fields,
      before: pick(before, fields),
      after: pick(after, fields),
    };
    await services.customers.saveDetails(accountRef, name, after, change);
  }
  return { ok: true, customer: (await services.customers.findByAccountRef(accountRef))!, changed: fields };
}

/** After a report is filed: the reporter's "known vulnerabilities" join the record, unconfirmed. */
export async function attachReportedVulnerabilities(
  services: CaseServices,
  kase: Case,
  reportId: string,
): Promise<void> {
  const report = kase.reports.find((r) => r.id === reportId);
  if (!report?.knownVulnerabilities.trim()) return;
  const reporter = await services.people.findById(report.reporterId);
  const by = { personId: report.reporterId, name: reporter?.name ?? report.reporterId };
  const vulnerability = reportedVulnerability(report.knownVulnerabilities, kase.number, by, report.reportedAt);
  if (!vulnerability) return;
  await services.customers.addVulnerability(kase.customer.accountRef, kase.customer.name, vulnerability, {
    accountRef: normaliseAccountRef(kase.customer.accountRef),
    at: report.reportedAt,
    by,
    source: 'report',
    fields: ['vulnerabilities'],
    before: {},
    after: { vulnerabilities: [vulnerability] },
  });
}

/** The customer's needs for a case card (issue 12 §1): shown only to people with full access. */
export async function needsFor(
  customers: Pick<CustomerRepository, 'findByAccountRef'>,
  kase: Case,
): Promise<CustomerNeeds | null> {
  return customers.findByAccountRef(kase.customer.accountRef);
}

export function detailsOf(customer: Customer): CustomerDetails {
  const {
    vulnerabilities,
    adjustments,
    formatNeeds,
    advocate,
    preferredChannel,
    postalAddress,
    email,
    emailAcceptable,
  } = customer;
  return {
    vulnerabilities,
    adjustments,
    formatNeeds,
    advocate,
    preferredChannel,
    postalAddress,
    email,
    emailAcceptable,
  };
}

function pick(details: CustomerDetails, fields: readonly (keyof CustomerDetails)[]): Partial<CustomerDetails> {
  return Object.fromEntries(fields.map((f) => [f, details[f]])) as Partial<CustomerDetails>;
}
