import { dateInLondon } from '../cases/dates.js';
import { decide, type Case, type CaseError } from '../cases/index.js';
import { errorMessage } from '../logging/log.js';
import { decideCase } from './decide-case.js';
import type { FieldErrors } from './forms/form-types.js';
import type { Customer } from './ports.js';
import type { CaseServices } from './services.js';
import { resolveActorFor } from './stand-ins.js';

// E-mail dispatch (issue 12 §5): the product e-mails a letter's PDF to the customer, only when
// e-mail is set up (SMTP_URL) and the customer record says letters may be e-mailed to them, and
// records the dispatch as e-mailed when, and only when, the mail server accepted the message.

/** Where this customer's letters may be e-mailed, or null: e-mail not set up, not acceptable, or no address. */
export function letterEmailFor(services: Pick<CaseServices, 'letterEmail'>, customer: Customer | null): string | null {
  if (!services.letterEmail || !customer?.emailAcceptable || !customer.email) return null;
  return customer.email;
}

export type EmailLetterOutcome =
  | { ok: true; case: Case }
  | { ok: false; fieldErrors: FieldErrors; error?: CaseError }
  | { ok: false; error: CaseError; fieldErrors?: undefined };

/**
 * Checks that this person may record the letter's dispatch now (the same `decide` the record will
 * go through), sends it, then records it as e-mailed today. A failed send records nothing and
 * says why beside the method field.
 */
export async function emailLetter(
  services: CaseServices,
  input: { caseId: string; actorPersonId: string; letterIndex: number; version: number; idempotencyKey?: string },
): Promise<EmailLetterOutcome> {
  const now = services.clock();
  const kase = await services.cases.findById(input.caseId);
  const customer = kase ? await services.customers.findByAccountRef(kase.customer.accountRef) : null;
  const to = letterEmailFor(services, customer);
  if (!kase || !to || !services.letterEmail)
    return {
      ok: false,
      fieldErrors: {
        method: services.letterEmail
          ? "The customer record does not say letters may be e-mailed to this customer (or has no e-mail address). Record how the letter was sent instead, or update the customer's record first."
          : 'E-mail dispatch is not set up on this server (SMTP_URL). Record how the letter was sent instead.',
      },
    };
  const command = {
    action: 'record_dispatch',
    expectedVersion: input.version,
    letterIndex: input.letterIndex,
    method: 'emailed',
    dispatchedOn: dateInLondon(now),
    emailedTo: to,
  };
  const actor = await resolveActorFor(services.people, input.actorPersonId, now, kase);
  const customerAdjustments = customer?.adjustments ?? [];
  // Nothing is sent that could not then be recorded: a refusal goes through decideCase, which
  // answers and audits it exactly as a dispatch recorded by hand would be.
  if (!actor || !decide(kase, command, actor, now, { customerAdjustments }).ok) {
    const refused = await decideCase(services, { caseId: kase.id, actorPersonId: input.actorPersonId, command });
    return refused.ok ? { ok: true, case: refused.case } : { ok: false, error: refused.error };
  }
  try {
    await services.letterEmail.send({ caseId: kase.id, caseNumber: kase.number, letterIndex: input.letterIndex, to });
  } catch (error) {
    services.log?.('letter e-mail failed', {
      caseId: kase.id,
      letterIndex: input.letterIndex,
      error: errorMessage(error),
    });
    return {
      ok: false,
      fieldErrors: {
        method: `The e-mail could not be sent (${errorMessage(error)}). Nothing was recorded: try again, or send the letter another way and record that.`,
      },
    };
  }
  const recorded = await decideCase(services, {
    caseId: kase.id,
    actorPersonId: input.actorPersonId,
    command,
    ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
  });
  if (recorded.ok) return { ok: true, case: recorded.case };
  // The mail went but the case moved on in between: say so, so that the person records it by hand.
  services.log?.('letter e-mailed but its dispatch was not recorded', { caseId: kase.id, code: recorded.error.code });
  return {
    ok: false,
    fieldErrors: {
      method: `The letter was e-mailed to ${to}, but recording it failed (${recorded.error.message}). Record it as e-mailed today.`,
    },
    error: recorded.error,
  };
}
