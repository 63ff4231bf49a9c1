import { hashedContent, verifyChain, type ChainVerdict } from '../audit/hash-chain.js';
import type { CaseRepository } from './ports.js';

/**
 * Re-computes a case's hash chain from the stored events, and holds it against the case: a chain
 * cannot show that its own latest events were cut off, but the case knows how many it has had
 * (its version is the number of events).
 */
export async function verifyAuditTrail(cases: CaseRepository, caseId: string): Promise<ChainVerdict> {
  const verdict = verifyChain(await cases.events(caseId), hashedContent);
  if (!verdict.ok) return verdict;
  const kase = await cases.findById(caseId);
  if (kase && kase.version > verdict.length) {
    return { ok: false, seq: verdict.length + 1, reason: `missing: the case is at version ${kase.version} but the trail ends at event ${verdict.length}` };
  }
  return verdict;
}
