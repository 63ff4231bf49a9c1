import type { Actor, Case, CaseError, CaseErrorCode } from '../cases/index.js';
import type { CaseServices } from './services.js';
import { errorMessage } from '../logging/log.js';

/**
 * Refusals of who may act and when are audited; input mistakes (an invalid field, a gate not yet
 * met, a missing rationale) are corrected in the form by the person entitled to act, and a
 * retried request already in hand is not a new attempt.
 */
export const AUDITED_REFUSALS: ReadonlySet<CaseErrorCode> = new Set<CaseErrorCode>([
  'CASE.NOT_YOUR_TIER',
  'CASE.CONFLICT_OF_INTEREST',
  'CASE.ILLEGAL_TRANSITION',
  'CASE.ALREADY_DECIDED',
  'CASE.UNKNOWN_PERSON',
]);

export interface Refusal {
  error: CaseError;
  /** The case as it was when refused; null when it could not be loaded. */
  kase: Case | null;
  caseId: string;
  action: unknown;
  /** The resolved actor, or just the id when the person is not in the directory. */
  actor: Actor | { personId: string };
  stage: 'button' | 'decision';
  idempotencyKey?: string;
}

/**
 * Records a refused attempt beside (never inside) the case's trail. A failure to record is logged
 * and the person still gets their refusal: the refusal itself changed nothing.
 */
export async function auditRefusal(services: CaseServices, refusal: Refusal): Promise<void> {
  if (!AUDITED_REFUSALS.has(refusal.error.code)) return;
  if ('isSystem' in refusal.actor && refusal.actor.isSystem) return; // the scheduler finding a case moved on is by design
  const actor = refusal.actor;
  const attempt = {
    caseId: refusal.caseId,
    action: typeof refusal.action === 'string' ? refusal.action.slice(0, 64) : 'unknown',
    code: refusal.error.code,
    actor: {
      personId: actor.personId,
      name: 'name' in actor ? actor.name : null,
      roles: 'roles' in actor ? [...actor.roles] : [],
      onBehalfOf: 'deputisingFor' in actor ? actor.deputisingFor.map((p) => p.personId) : [],
    },
    state: refusal.kase?.state ?? null,
    caseVersion: refusal.kase?.version ?? null,
    stage: refusal.stage,
    at: services.clock().toISOString(),
  };
  try {
    await services.refusals.record(attempt, refusal.idempotencyKey);
  } catch (error) {
    services.log?.('could not record a refused attempt', {
      caseId: attempt.caseId,
      code: attempt.code,
      error: errorMessage(error),
    });
  }
}

/** The action a command names, read without trusting the command. */
export function commandAction(command: unknown): unknown {
  return command && typeof command === 'object' && 'action' in command
    ? (command as { action: unknown }).action
    : undefined;
}
