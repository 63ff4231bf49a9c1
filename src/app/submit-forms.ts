import { caseError, type Case, type CaseError } from '../cases/index.js';
import type { ActionId } from '../policy/index.js';
import { decideCase } from './decide-case.js';
import { decisionCommandFromForm, decisionFieldErrors, decisionForm, SEND_EMAIL_NOW } from './forms/decision-form.js';
import { text, type FieldErrors, type FormSpec, type FormValues } from './forms/form-types.js';
import { emailLetter } from './email-letter.js';
import { formExtras } from './form-extras.js';
import { reportFieldErrors, reportInputFromForm } from './forms/report-form.js';
import { reportIncident } from './report-incident.js';
import type { CaseServices } from './services.js';
import type { Person } from '../directory/person.js';
import { adjustmentsFor } from './customer-adjustments.js';

// Both chat channels submit forms through these: form values in, a saved change or messages to
// show beside the fields (with what was typed kept by the channel) out. A field error that came
// from the workflow carries the workflow's error too, for channels that show a banner.
export type FormOutcome<T> =
  | ({ ok: true } & T)
  | { ok: false; fieldErrors: FieldErrors; error?: CaseError }
  | { ok: false; error: CaseError; fieldErrors?: undefined };

export async function submitReportForm(
  services: CaseServices,
  input: { reporterPersonId: string; reporter?: Person; values: FormValues; idempotencyKey?: string },
): Promise<FormOutcome<{ case: Case; attached: boolean }>> {
  const result = await reportIncident(services, {
    reporterPersonId: input.reporterPersonId,
    reporter: input.reporter,
    report: reportInputFromForm(input.values),
    idempotencyKey: input.idempotencyKey,
  });
  if (result.ok) return { ok: true, case: result.case, attached: result.attached };
  if (result.error.code === 'CASE.INVALID_COMMAND')
    return { ok: false, fieldErrors: reportFieldErrors(result.error.details?.fields ?? []), error: result.error };
  return { ok: false, error: result.error };
}

/** A submitted decision form, with the form it was read against (none when there is no case) for drawing it again. */
export type DecisionFormOutcome =
  | { ok: true; case: Case; form: FormSpec; values: FormValues }
  | { ok: false; fieldErrors: FieldErrors; error?: CaseError; form: FormSpec; values: FormValues }
  | { ok: false; error: CaseError; fieldErrors?: undefined; form: FormSpec | null; values: FormValues };

export async function submitDecisionForm(
  services: CaseServices,
  input: {
    caseId: string;
    actorPersonId: string;
    /** The person as the channel already found them; saves reading them again. */
    actor?: Person;
    action: ActionId;
    version: number;
    /** What was entered; a channel that needs the form to read its inputs (Teams) passes a reader. */
    values: FormValues | ((form: FormSpec) => FormValues);
    idempotencyKey?: string;
  },
): Promise<DecisionFormOutcome> {
  // Read once for the form and the decision (decideCase is handed it): the case from its latest event.
  const loaded = await services.cases.findAtHead(input.caseId);
  const kase = loaded?.case ?? null;
  if (!kase)
    return {
      ok: false,
      error: caseError('CASE.NOT_FOUND', 'That case does not exist.'),
      form: null,
      values: typeof input.values === 'function' ? {} : input.values,
    };
  const adjustments = await adjustmentsFor(services, input.action, kase);
  const form = decisionForm(input.action, kase, adjustments, await formExtras(services, input.action, kase));
  const values = typeof input.values === 'function' ? input.values(form) : input.values;
  const built = await decisionCommandFromForm(input.action, values, kase, adjustments, (emails) =>
    resolveEmails(services, emails),
  );
  if (!built.ok) return { ok: false, fieldErrors: built.errors, form, values };
  // "E-mail it now": the product sends the letter, then records the dispatch (issue 12 §5).
  if (input.action === 'record_dispatch' && text(values, 'method') === SEND_EMAIL_NOW) {
    const sent = await emailLetter(services, {
      caseId: input.caseId,
      actorPersonId: input.actorPersonId,
      letterIndex: Number(built.command.letterIndex),
      version: input.version,
      ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
    });
    if (sent.ok) return { ok: true, case: sent.case, form, values };
    if (sent.fieldErrors)
      return { ok: false, fieldErrors: sent.fieldErrors, ...(sent.error ? { error: sent.error } : {}), form, values };
    const fieldErrors = decisionFieldErrors(sent.error, form, input.action);
    return fieldErrors
      ? { ok: false, fieldErrors, error: sent.error, form, values }
      : { ok: false, error: sent.error, form, values };
  }
  // The version is the one the card was drawn for: if the case moved on, this is a stale card.
  const command = { ...built.command, expectedVersion: input.version };
  const result = await decideCase(services, {
    caseId: input.caseId,
    actorPersonId: input.actorPersonId,
    ...(input.actor ? { actor: input.actor } : {}),
    loaded,
    adjustments,
    command,
    idempotencyKey: input.idempotencyKey,
  });
  if (result.ok) return { ok: true, case: result.case, form, values };
  const fieldErrors = decisionFieldErrors(result.error, form, input.action);
  return fieldErrors
    ? { ok: false, fieldErrors, error: result.error, form, values }
    : { ok: false, error: result.error, form, values };
}

/** Directory look-up for e-mails typed into forms (named colleagues, designated colleague). */
async function resolveEmails(services: CaseServices, emails: string[]): Promise<{ ids: string[]; unknown: string[] }> {
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const email of emails) {
    const person = await services.people.findByEmail(email);
    if (person) ids.push(person.id);
    else unknown.push(email);
  }
  return { ids, unknown };
}
