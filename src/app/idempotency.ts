import { caseError } from '../cases/index.js';
import type { UseCaseResult } from './result.js';
import type { CaseServices } from './services.js';

/**
 * Far longer than any request may run (Slack answers within 3 s, a Teams invoke within 15 s), so a
 * receipt this old and not completed has no live holder.
 */
export const ABANDONED_AFTER_MS = 60_000;

/**
 * Runs `work` once per key across every process: a retry or double click with the same key gets
 * the first outcome back (or is told it is still in progress) instead of acting twice. A failed
 * attempt releases its key so that the person can correct their input and try again.
 */
export async function once<T extends object>(
  services: CaseServices,
  key: string | undefined,
  scope: string,
  work: () => Promise<UseCaseResult<T>>,
): Promise<UseCaseResult<T>> {
  if (!key) return work();
  if (!(await services.receipts.claim(key, scope))) {
    const previous = (await services.receipts.result(key)) as UseCaseResult<T> | undefined;
    if (previous) return previous;
    // Not completed: still running, or left behind by an attempt that failed and could not release
    // it (the database went away mid-request). Only the latter is old enough to take over.
    const abandonedBefore = new Date(services.clock().getTime() - ABANDONED_AFTER_MS);
    if (!(await services.receipts.takeOverAbandoned(key, scope, abandonedBefore))) {
      return {
        ok: false,
        error: caseError(
          'CASE.DUPLICATE_REQUEST',
          'This request is already being handled; wait a moment and try again.',
        ),
      };
    }
  }
  try {
    const result = await work();
    if (result.ok) await services.receipts.complete(key, result);
    else await services.receipts.release(key);
    return result;
  } catch (error) {
    // With the database gone the release fails too; the receipt is then taken over later.
    await services.receipts.release(key).catch(() => undefined);
    throw error;
  }
}
