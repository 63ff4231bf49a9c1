import { randomUUID } from 'node:crypto';
import {
  caseError,
  decide,
  incidentReportInputSchema,
  type Actor,
  type Case,
  type CaseError,
  type IncidentReportInput,
} from '../cases/index.js';
import type { Person } from '../directory/person.js';
import { dateInLondon } from '../cases/dates.js';
import { afterSave } from './after-save.js';
import { attachReportedVulnerabilities } from './customer-records.js';
import { ConcurrentDecisionError } from './ports.js';
import type { UseCaseResult } from './result.js';
import type { CaseServices } from './services.js';

export interface ReportIncidentInput {
  reporterPersonId: string;
  /** The reporter as the channel already looked them up; saves reading them again. */
  reporter?: Person;
  /** Untrusted form data, validated here; on error the channel shows it again with the messages. */
  report: unknown;
  /**
   * The chat platform's id of this submission: kept on the report, so that a retry finds its
   * report on the case and gets the same answer (docs/architecture.md "Saving exactly once").
   */
  idempotencyKey?: string;
}

export type ReportResult = UseCaseResult<{ attached: boolean }>;

const MAX_ATTEMPTS = 60;
/** A claim whose case never appeared after this long was left by a process that stopped. */
const STALE_CLAIM_MS = 60_000;
const pause = () => new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 25));

/**
 * A report opens a case, or is attached to the customer's open case (docs/domain.md "The case").
 * A report is never lost to a race: a concurrent first report or decision is retried.
 */
export async function reportIncident(services: CaseServices, input: ReportIncidentInput): Promise<ReportResult> {
  const now = services.clock();
  // A report is filed in the reporter's own name: whom they deputise for plays no part.
  const person =
    input.reporter?.id === input.reporterPersonId
      ? input.reporter
      : await services.people.findById(input.reporterPersonId);
  if (!person)
    return {
      ok: false,
      error: caseError(
        'CASE.UNKNOWN_PERSON',
        'You are not in the Limited Contact directory; ask an administrator to add you.',
      ),
    };
  const reporter: Actor = { personId: person.id, name: person.name, roles: person.roles, deputisingFor: [] };

  const affected = await affectedColleagues(services, input.report);
  if (!affected.ok) return affected;
  const parsed = incidentReportInputSchema.safeParse(affected.report);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return {
      ok: false,
      error: caseError('CASE.INVALID_COMMAND', 'Some of the details are missing or not valid.', { fields }),
    };
  }
  const report: IncidentReportInput = {
    ...parsed.data,
    ...(input.idempotencyKey ? { submissionKey: input.idempotencyKey } : {}),
  };
  await services.customers.ensure(report.customerAccountRef, report.customerName);

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const caseId = randomUUID();
    const holder = await services.openCases.claim(report.customerAccountRef, caseId);
    if (holder === null) return openNewCase(services, caseId, reporter, person.lineManagerId, report, now);
    const existing = await services.cases.findById(holder.caseId);
    if (!existing) {
      // Either another report is opening the case this very moment (wait for it), or a
      // process stopped after claiming: only then is the claim freed.
      if (now.getTime() - holder.claimedAt.getTime() > STALE_CLAIM_MS)
        await services.openCases.release(report.customerAccountRef, holder.caseId);
      await pause();
      continue;
    }
    const filed = alreadyFiled(existing, report.submissionKey);
    if (filed) return filed;
    if (existing.state === 'closed') {
      await services.openCases.release(report.customerAccountRef, holder.caseId);
      continue;
    }
    const attached = await attach(services, existing, reporter, report, now);
    if (attached) return attached;
    await pause(); // a concurrent report or decision moved the case on: reload and attach again
  }
  throw new Error(`Could not file the report for customer ${report.customerAccountRef} after ${MAX_ATTEMPTS} attempts`);
}

const MAX_AFFECTED = 20;

/**
 * Colleagues named as affected arrive as work e-mails (`affectedColleagueEmails`) and are kept as
 * directory ids, so that none of them decides on the case (issue 11 §4). An e-mail not in the
 * directory is named back to the reporter; nothing is saved until every one is known.
 */
async function affectedColleagues(
  services: CaseServices,
  report: unknown,
): Promise<{ ok: true; report: unknown } | { ok: false; error: CaseError }> {
  if (typeof report !== 'object' || report === null || !('affectedColleagueEmails' in report))
    return { ok: true, report };
  const { affectedColleagueEmails, ...rest } = report as { affectedColleagueEmails: unknown } & Record<string, unknown>;
  const invalid = (message: string) => ({
    ok: false as const,
    error: caseError('CASE.INVALID_COMMAND', 'Some of the details are missing or not valid.', {
      fields: [{ path: 'affectedColleagueEmails', message }],
    }),
  });
  if (
    !Array.isArray(affectedColleagueEmails) ||
    affectedColleagueEmails.some((e) => typeof e !== 'string' || e.length > 254)
  )
    return invalid('Give work e-mail addresses, separated by commas.');
  const emails = [...new Set((affectedColleagueEmails as string[]).map((e) => e.trim().toLowerCase()).filter(Boolean))];
  if (emails.length > MAX_AFFECTED) return invalid(`Name at most ${MAX_AFFECTED} colleagues.`);
  const found = await services.people.listByEmails(emails);
  const unknown = emails.filter((e) => !found.some((p) => p.email === e));
  if (unknown.length > 0) return invalid(`Not in the Limited Contact directory: ${unknown.join(', ')}.`);
  return { ok: true, report: { ...rest, affectedColleagueIds: found.map((p) => p.id) } };
}

/**
 * A retry of a submission whose report is already on the case (the platform sent it again, or a
 * double click): the same answer as the first time, and nothing filed twice.
 */
function alreadyFiled(kase: Case, submissionKey: string | undefined): ReportResult | null {
  const index = submissionKey ? kase.reports.findIndex((r) => r.submissionKey === submissionKey) : -1;
  return index < 0 ? null : { ok: true, case: kase, events: [], attached: index > 0 };
}

async function openNewCase(
  services: CaseServices,
  caseId: string,
  reporter: Actor,
  lineManagerId: string | null,
  report: IncidentReportInput,
  now: Date,
): Promise<ReportResult> {
  const number = await services.cases.allocateNumber(Number(dateInLondon(now).slice(0, 4)), caseId);
  const result = decide(null, { action: 'report', report }, reporter, now, {
    newCase: { id: caseId, number, lineManagerId },
  });
  if (!result.ok) {
    await services.openCases.release(report.customerAccountRef, caseId);
    return result;
  }
  await services.cases.create(result.next, result.events);
  await attachReportedVulnerabilities(services, result.next, 'R1');
  await afterSave(services, null, result.next, result.events);
  return { ok: true, case: result.next, events: result.events, attached: false };
}

/** Returns null when a concurrent decision moved the case on; the caller reloads and retries. */
async function attach(
  services: CaseServices,
  existing: Case,
  reporter: Actor,
  report: IncidentReportInput,
  now: Date,
): Promise<ReportResult | null> {
  const result = decide(existing, { action: 'attach_report', report }, reporter, now);
  if (!result.ok) return result;
  try {
    await services.cases.append(existing.version, result.next, result.events);
  } catch (error) {
    if (error instanceof ConcurrentDecisionError) return null;
    throw error;
  }
  await attachReportedVulnerabilities(services, result.next, result.next.reports.at(-1)!.id);
  await afterSave(services, existing, result.next, result.events);
  return { ok: true, case: result.next, events: result.events, attached: true };
}
