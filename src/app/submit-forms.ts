import { caseError, type Case, type CaseError } from '../cases/index.js';
import type { ActionId } from '../policy/index.js';
import { decideCase } from './decide-case.js';
import { decisionCommandFromForm, decisionFieldErrors, decisionForm } from './forms/decision-form.js';
import type { FieldErrors, FormValues } from './forms/form-types.js';
import { reportFieldErrors, reportInputFromForm } from './forms/report-form.js';
import { resolveEmails } from './prepare-decision.js';
import { reportIncident } from './report-incident.js';
import type { CaseServices } from './services.js';

// Both chat channels submit forms through these: form values in, a saved change or messages to
// show beside the fields (with what was typed kept by the channel) out.
export type FormOutcome<T> = ({ ok: true } & T) | { ok: false; fieldErrors: FieldErrors } | { ok: false; error: CaseError; fieldErrors?: undefined };

export async function submitReportForm(
  services: CaseServices,
  input: { reporterPersonId: string; values: FormValues; idempotencyKey?: string },
): Promise<FormOutcome<{ case: Case; attached: boolean }>> {
  const result = await reportIncident(services, { reporterPersonId: input.reporterPersonId, report: reportInputFromForm(input.values), idempotencyKey: input.idempotencyKey });
  if (result.ok) return { ok: true, case: result.case, attached: result.attached };
  if (result.error.code === 'CASE.INVALID_COMMAND') return { ok: false, fieldErrors: reportFieldErrors(result.error.details?.fields ?? []) };
  return { ok: false, error: result.error };
}

export async function submitDecisionForm(
  services: CaseServices,
  input: { caseId: string; actorPersonId: string; action: ActionId; version: number; values: FormValues; idempotencyKey?: string },
): Promise<FormOutcome<{ case: Case }>> {
  const kase = await services.cases.findById(input.caseId);
  if (!kase) return { ok: false, error: caseError('CASE.NOT_FOUND', 'That case does not exist.') };
  const adjustments = (await services.customers.findByAccountRef(kase.customer.accountRef))?.adjustments ?? [];
  const built = await decisionCommandFromForm(input.action, input.values, kase, adjustments, (emails) => resolveEmails(services, emails));
  if (!built.ok) return { ok: false, fieldErrors: built.errors };
  // The version is the one the card was drawn for: if the case moved on, this is a stale card.
  const command = { ...built.command, expectedVersion: input.version };
  const result = await decideCase(services, { caseId: input.caseId, actorPersonId: input.actorPersonId, command, idempotencyKey: input.idempotencyKey });
  if (result.ok) return { ok: true, case: result.case };
  const fieldErrors = decisionFieldErrors(result.error, decisionForm(input.action, kase, adjustments), input.action);
  return fieldErrors ? { ok: false, fieldErrors } : { ok: false, error: result.error };
}
