import { alreadyDecided, caseError, decide, type Actor, type Case, type CaseError } from '../cases/index.js';
import { ConcurrentDecisionError } from './ports.js';
import { afterSave } from './after-save.js';
import { once } from './idempotency.js';
import { auditRefusal, commandAction } from './refused-attempts.js';
import { resolveActorFor } from './stand-ins.js';
import type { UseCaseResult } from './result.js';
import type { CaseServices } from './services.js';
import { SYSTEM_ACTOR } from '../cases/index.js';

export interface DecideCaseInput {
  caseId: string;
  /** A directory person id, or 'system' for the scheduler. */
  actorPersonId: string;
  /** Untrusted: validated by the workflow's command schema. */
  command: unknown;
  /** Slack retry, Teams activity or job receipt key: the same key is acted on once. */
  idempotencyKey?: string;
}

/** Load, decide, save (the event sequence is the arbiter), then notify. */
export async function decideCase(services: CaseServices, input: DecideCaseInput): Promise<UseCaseResult> {
  return once(services, input.idempotencyKey, 'decision', async () => {
    const now = services.clock();
    const kase = await services.cases.findById(input.caseId);
    const actor =
      input.actorPersonId === SYSTEM_ACTOR.personId
        ? SYSTEM_ACTOR
        : await resolveActorFor(services.people, input.actorPersonId, now, kase);
    const refused = async (error: CaseError, at: Case | null = kase): Promise<UseCaseResult> => {
      if (at)
        await auditRefusal(services, {
          error,
          kase: at,
          caseId: input.caseId,
          action: commandAction(input.command),
          actor: actor ?? { personId: input.actorPersonId },
          stage: 'decision',
          idempotencyKey: input.idempotencyKey,
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
    const customer = await services.customers.findByAccountRef(kase.customer.accountRef);

    const result = decide(kase, input.command, actor, now, {
      customerAdjustments: customer?.adjustments ?? [],
      ...(services.refusalDuration ? { refusalDuration: services.refusalDuration } : {}),
    });
    if (!result.ok) return refused(result.error);

    try {
      await services.cases.append(kase.version, result.next, result.events);
    } catch (error) {
      if (error instanceof ConcurrentDecisionError) {
        const lost = await lostTheRace(services, kase, actor);
        return lost.ok ? lost : refused(lost.error);
      }
      throw error;
    }
    await afterSave(services, kase, result.next, result.events);
    return { ok: true, case: result.next, events: result.events };
  });
}

/** Another decision won the race: say who and when, from the stored case. */
async function lostTheRace(services: CaseServices, stale: Case, actor: Actor): Promise<UseCaseResult> {
  const current = (await services.cases.findById(stale.id)) ?? stale;
  return { ok: false, error: alreadyDecided(current, actor) };
}
