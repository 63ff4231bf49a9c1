import { createHash } from 'node:crypto';
import { canonicalJson, caseDigest, hashedContent, verifyChain, type ChainVerdict } from '../audit/hash-chain.js';
import type { Case } from '../cases/index.js';
import type { CaseRepository } from './ports.js';

/** Each event's case snapshot (MongoCaseRepository.eventSnapshots). */
export interface EventSnapshotSource {
  eventSnapshots(caseId: string): Promise<{ seq: number; caseAfter: Case }[]>;
}

/**
 * Re-computes a case's hash chain from the stored events, and holds it against the case: a chain
 * cannot show that its own latest events were cut off, but the case knows how many it has had
 * (its version is the number of events).
 *
 * With `snapshots` (issue 13 §3) it also replays the trail: each event's stored case snapshot must
 * match the digest its hash covers (version-2 events), follow from the event before it (version =
 * seq, its state the event's `to`, the event's `from` the state before), and the case as stored
 * must equal the snapshot after the last event. With `letters`, each stored letter's bytes must
 * match the sha256 recorded for them, and belong to a letter the trail issued.
 */
/** The stored letters of a case, as the letter archive (src/letters) gives them: enough to check each against the trail. */
export interface StoredLetterSource {
  forCase(caseId: string): Promise<{ index: number; kind: string; filename: string; sha256: string }[]>;
  bytes(caseId: string, index: number): Promise<Buffer | null>;
}

export async function verifyAuditTrail(
  cases: CaseRepository,
  caseId: string,
  extra: { snapshots?: EventSnapshotSource; letters?: StoredLetterSource } = {},
): Promise<ChainVerdict> {
  const events = await cases.events(caseId);
  const verdict = verifyChain(events, hashedContent);
  if (!verdict.ok) return verdict;
  const kase = await cases.findById(caseId);
  if (kase && kase.version > verdict.length) {
    return {
      ok: false,
      seq: verdict.length + 1,
      reason: `missing: the case is at version ${kase.version} but the trail ends at event ${verdict.length}`,
    };
  }
  if (extra.snapshots) {
    const snapshots = await extra.snapshots.eventSnapshots(caseId);
    let before: Case | null = null;
    for (const [i, event] of events.entries()) {
      const after = snapshots[i];
      if (!after || after.seq !== event.seq)
        return { ok: false, seq: event.seq, reason: 'its case snapshot is missing' };
      if (event.caseAfterDigest !== undefined && caseDigest(after.caseAfter) !== event.caseAfterDigest)
        return {
          ok: false,
          seq: event.seq,
          reason: 'the case as it stood after this event was changed after it was written',
        };
      if (
        after.caseAfter.version !== event.seq ||
        after.caseAfter.state !== event.to ||
        (before !== null && event.from !== before.state)
      ) {
        return { ok: false, seq: event.seq, reason: 'its case snapshot does not follow from the event (replay)' };
      }
      before = after.caseAfter;
    }
    if (kase && before && canonicalJson(kase) !== canonicalJson(before))
      return {
        ok: false,
        seq: verdict.length,
        reason: 'the stored case differs from the case the trail leads to (replay)',
      };
    if (extra.letters) {
      for (const letter of await extra.letters.forCase(caseId)) {
        const issued = before?.letters[letter.index];
        if (!issued || issued.kind !== letter.kind)
          return {
            ok: false,
            seq: verdict.length,
            reason: `stored letter ${letter.index + 1} was not issued by the trail`,
          };
        const bytes = await extra.letters.bytes(caseId, letter.index);
        if (!bytes || createHash('sha256').update(bytes).digest('hex') !== letter.sha256)
          return {
            ok: false,
            seq: verdict.length,
            reason: `stored letter ${letter.index + 1} (${letter.filename}): its bytes do not match the recorded sha256`,
          };
      }
    }
  }
  return verdict;
}
