import {
  alreadyDecided,
  caseError,
  decide,
  type Actor,
  type Case,
  type CaseError,
  type CustomerAdjustment,
} from '../cases/index.js';
import { ConcurrentDecisionError, type CaseAtHead } from './ports.js';
import { afterSave } from './after-save.js';
import { adjustmentsFor } from './customer-adjustments.js';
import { auditRefusal, commandAction } from './refused-attempts.js';
import { resolveActorFor } from './stand-ins.js';
import type { UseCaseResult } from './result.js';
import type { CaseServices } from './services.js';
import { SYSTEM_ACTOR } from '../cases/index.js';
import type { Person } from '../directory/person.js';

export interface DecideCaseInput {
  caseId: string;
  /** A directory person id, or 'system' for the scheduler. */
  actorPersonId: string;
  /** The person as the channel already found them; saves reading them again. */
  actor?: Person;
  /** The case as the caller already read it (findAtHead); saves reading it again. */
  loaded?: CaseAtHead | null;
  /** The customer's adjustments as the caller already read them for this command's action (adjustmentsFor). */
  adjustments?: CustomerAdjustment[];
  /** Untrusted: validated by the workflow's command schema. */
  command: unknown;
  /**
   * Slack view or Teams activity id: the same key is acted on once. It is kept on the decision's
   * event (unique), so a retry finds the decision its first attempt made and gets the same answer;
   * a refused or failed attempt leaves nothing, so the person can correct the form and try again.
   */
  idempotencyKey?: string;
}

/**
 * Load, decide, save (the event sequence is the arbiter), then notify. In the usual case five
 * database commands reach the answer: the person (found by the channel), the case from its latest
 * event, one directory query (deputies, parties), the event and the case document.
 */
export async function decideCase(services: CaseServices, input: DecideCaseInput): Promise<UseCaseResult> {
  const now = services.clock();
  const key = input.idempotencyKey;
  const loaded =
    input.loaded !== undefined && input.loaded?.case.id === input.caseId
      ? input.loaded
      : await services.cases.findAtHead(input.caseId);
  const kase = loaded?.case ?? null;
  // The latest event is this request's own: a retry of a decision already saved.
  if (key && loaded?.head?.requestKey === key) return { ok: true, case: kase!, events: [] };
  const who = input.actor?.id === input.actorPersonId ? input.actor : input.actorPersonId;
  const actor =
    input.actorPersonId === SYSTEM_ACTOR.personId
      ? SYSTEM_ACTOR
      : await resolveActorFor(services.people, who, now, kase);
  const refused = async (error: CaseError, at: Case | null = kase): Promise<UseCaseResult> => {
    // A retry whose first attempt was saved (and the case has moved on since): the same answer.
    const saved = key ? await alreadySaved(services, key, input.caseId) : null;
    if (saved) return saved;
    if (at)
      await auditRefusal(services, {
        error,
        kase: at,
        caseId: input.caseId,
        action: commandAction(input.command),
        actor: actor ?? { personId: input.actorPersonId },
        stage: 'decision',
        idempotencyKey: key,
      });
    return { ok: false, error };
  };
  if (!actor)
    return refused(
      caseError(
        'CASE.UNKNOWN_PERSON',
        'You are not in the Limited Contact directory; ask an administrator to add you.',
      ),
    );
  if (!kase) return { ok: false, error: caseError('CASE.NOT_FOUND', 'That case does not exist.') };

  const result = decide(kase, input.command, actor, now, {
    customerAdjustments: input.adjustments ?? (await adjustmentsFor(services, commandAction(input.command), kase)),
    ...(services.refusalDuration ? { refusalDuration: services.refusalDuration } : {}),
  });
  if (!result.ok) return refused(result.error);

  try {
    await services.cases.append(kase.version, result.next, result.events, {
      head: loaded?.head ?? null,
      ...(key ? { requestKey: key } : {}),
    });
  } catch (error) {
    if (error instanceof ConcurrentDecisionError) {
      // The same request saved first (a retry or a double submission racing this one), or another decision.
      const saved = key ? await alreadySaved(services, key, input.caseId) : null;
      if (saved) return saved;
      const lost = await lostTheRace(services, kase, actor);
      return lost.ok ? lost : refused(lost.error);
    }
    throw error;
  }
  await afterSave(services, kase, result.next, result.events);
  return { ok: true, case: result.next, events: result.events };
}

/** The decision this request key already saved, as its first answer had it; null when there is none. */
async function alreadySaved(services: CaseServices, key: string, caseId: string): Promise<UseCaseResult | null> {
  const saved = await services.cases.findByRequestKey(key);
  return saved?.case.id === caseId ? { ok: true, case: saved.case, events: [] } : null;
}

/** Another decision won the race: say who and when, from the stored case. */
async function lostTheRace(services: CaseServices, stale: Case, actor: Actor): Promise<UseCaseResult> {
  const current = (await services.cases.findById(stale.id)) ?? stale;
  return { ok: false, error: alreadyDecided(current, actor) };
}
