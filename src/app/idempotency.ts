import { caseError } from '../cases/index.js';
import type { UseCaseResult } from './result.js';
import type { CaseServices } from './services.js';

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
    return previous ?? { ok: false, error: caseError('CASE.DUPLICATE_REQUEST', 'This request is already being handled.') };
  }
  try {
    const result = await work();
    if (result.ok) await services.receipts.complete(key, result);
    else await services.receipts.release(key);
    return result;
  } catch (error) {
    await services.receipts.release(key);
    throw error;
  }
}
