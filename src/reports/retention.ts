import type { CaseRepository } from '../app/ports.js';
import type { ChainVerdict } from '../audit/hash-chain.js';
import type { LegalHold, PurgeRecord, RetentionStore } from './ports.js';

// Retention: a closed case is purged once it has been closed for the retention period
// (LCP_RETENTION_DAYS, six years by default) unless it is under legal hold. Each purge leaves a
// purge record (number, dates, counts; no content). The audit trail is a hash chain per case
// (case_events keyed by caseId and seq), so removing one case's whole chain leaves every other
// case's chain intact and verifiable.

export const DEFAULT_RETENTION_DAYS = 2190;

export interface PurgeCandidate {
  caseId: string;
  caseNumber: string;
  closedAt: string;
  hold: LegalHold | null;
}

export interface PurgeOutcome {
  cutoff: string;
  dryRun: boolean;
  /** Equality imports older than the retention period, deleted (none on a dry run). */
  equality?: { customers: number; base: number };
  /** Purged now (or, on a dry run, that would be). */
  purged: (PurgeRecord | PurgeCandidate)[];
  held: PurgeCandidate[];
  /** Not purged: the audit trail does not verify, so deleting it would destroy the evidence. */
  refused: (PurgeCandidate & { seq: number; reason: string })[];
}

export function retentionCutoff(now: Date, retentionDays: number): string {
  return new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
}

/**
 * `verify` (issue 13 §3): each case's audit trail is verified right before it is purged; a broken
 * one is refused (kept, and reported for the admins), since the purge would erase the only trace
 * of the tampering.
 */
export async function purgeExpiredCases(
  store: RetentionStore,
  now: Date,
  options: {
    retentionDays: number;
    dryRun?: boolean;
    trigger: PurgeRecord['trigger'];
    verify?: (caseId: string) => Promise<ChainVerdict>;
  },
): Promise<PurgeOutcome> {
  const cutoff = retentionCutoff(now, options.retentionDays);
  const due = await store.closedBefore(cutoff);
  const holds = await store.holds(due.map((d) => d.caseId));
  const candidates = due.map((d) => ({ ...d, hold: holds.get(d.caseId) ?? null }));
  const held = candidates.filter((c) => c.hold !== null);
  const free = candidates.filter((c) => c.hold === null);
  const refused: PurgeOutcome['refused'] = [];
  if (options.dryRun) return { cutoff, dryRun: true, purged: free, held, refused };
  const purged: PurgeRecord[] = [];
  for (const c of free) {
    // Checked again right before: a hold set since the list was read wins.
    const lateHold = (await store.holds([c.caseId])).get(c.caseId);
    if (lateHold) {
      held.push({ ...c, hold: lateHold });
      continue;
    }
    const verdict = options.verify ? await options.verify(c.caseId) : null;
    if (verdict && !verdict.ok) {
      refused.push({ ...c, seq: verdict.seq, reason: verdict.reason });
      continue;
    }
    purged.push(
      await store.purge(c.caseId, {
        caseId: c.caseId,
        caseNumber: c.caseNumber,
        closedAt: c.closedAt,
        purgedAt: now.toISOString(),
        trigger: options.trigger,
      }),
    );
  }
  // Equality data is kept no longer than cases are (issue 12 §6).
  const equality = await store.purgeEqualityBefore(cutoff);
  return { cutoff, dryRun: false, purged, held, equality, refused };
}

export type LegalHoldResult =
  | { ok: true; caseNumber: string; changed: boolean }
  | {
      ok: false;
      code: 'LEGAL_HOLD.CASE_NOT_FOUND' | 'LEGAL_HOLD.REASON_MISSING' | 'LEGAL_HOLD.NOT_HELD';
      message: string;
    };

/** Sets or clears a legal hold; both need a reason and are written to the hold's audit log. */
export async function changeLegalHold(
  deps: { cases: Pick<CaseRepository, 'findByNumber'>; store: RetentionStore },
  request: { action: 'set' | 'clear'; caseNumber: string; reason: string; by: string },
  now: Date,
): Promise<LegalHoldResult> {
  const reason = request.reason.trim();
  if (!reason) return { ok: false, code: 'LEGAL_HOLD.REASON_MISSING', message: 'a reason is required (--reason "…")' };
  const kase = await deps.cases.findByNumber(request.caseNumber.trim().toUpperCase());
  if (!kase) return { ok: false, code: 'LEGAL_HOLD.CASE_NOT_FOUND', message: `no case ${request.caseNumber}` };
  const at = now.toISOString();
  if (request.action === 'set') {
    await deps.store.setHold({ caseId: kase.id, caseNumber: kase.number, reason, setBy: request.by, setAt: at });
  } else if (!(await deps.store.clearHold(kase.id))) {
    return { ok: false, code: 'LEGAL_HOLD.NOT_HELD', message: `case ${kase.number} is not under legal hold` };
  }
  await deps.store.appendHoldAudit({
    caseId: kase.id,
    caseNumber: kase.number,
    action: request.action,
    reason,
    by: request.by,
    at,
  });
  return { ok: true, caseNumber: kase.number, changed: true };
}
