import { hashedContent, verifyChain, type ChainVerdict } from '../audit/hash-chain.js';
import type { CaseRepository } from './ports.js';

/** Re-computes a case's hash chain from the stored events. */
export async function verifyAuditTrail(cases: CaseRepository, caseId: string): Promise<ChainVerdict> {
  return verifyChain(await cases.events(caseId), hashedContent);
}
