import { hashedContent, verifyChain, type ChainVerdict } from '../audit/hash-chain.js';
import type { Case } from '../cases/index.js';
import type { CaseRepository, RefusedAttempt, RefusedAttemptLog, StoredEvent } from '../app/ports.js';
import type { CaseView, CaseViewLog, LegalHold, LegalHoldAuditEntry } from './ports.js';

// The case evidence pack for an Ombudsman request or a subject access request [guidance]:
// everything held about one case, as JSON (complete, machine-readable) and as a PDF (readable).
// Gathered through ports; the pack is a plain value so both renderings come from the same data.

export interface SentReminder {
  kind: string;
  n: number;
  dueDate: string;
  status: string;
  sentAt: string | null;
  recipients: string[];
}

export interface StoredLetterRef {
  kind: string;
  fileId: string;
  sha256: string;
  sentAt: string | null;
}

export interface EvidenceSources {
  cases: Pick<CaseRepository, 'findByNumber' | 'events'>;
  reminders: {
    forCase(
      caseId: string,
    ): Promise<
      { kind: string; n: number; dueDate: string; status: string; sentAt: Date | null; recipients: string[] }[]
    >;
  };
  views: CaseViewLog;
  refusals: Pick<RefusedAttemptLog, 'forCase'>;
  holds?: {
    holds(caseIds: readonly string[]): Promise<Map<string, LegalHold>>;
    holdAudit(caseId: string): Promise<LegalHoldAuditEntry[]>;
  };
  /** Stored letter PDFs (GridFS), when the letters module keeps them. */
  storedLetters?: (caseId: string) => Promise<StoredLetterRef[]>;
}

export interface EvidencePack {
  generatedAt: string;
  caseNumber: string;
  case: Case;
  decisions: Omit<StoredEvent, 'caseId'>[];
  auditTrail: ChainVerdict;
  letters: Case['letters'];
  storedLetters: StoredLetterRef[];
  reviews: Case['reviews'];
  appeals: Case['appeals'];
  remindersSent: SentReminder[];
  views: Omit<CaseView, 'caseId' | 'caseNumber'>[];
  refusedAttempts: RefusedAttempt[];
  legalHold: LegalHold | null;
  legalHoldHistory: LegalHoldAuditEntry[];
}

export async function buildEvidencePack(
  sources: EvidenceSources,
  caseNumber: string,
  now: Date,
): Promise<EvidencePack | null> {
  const kase = await sources.cases.findByNumber(caseNumber.trim().toUpperCase());
  if (!kase) return null;
  const events = await sources.cases.events(kase.id);
  const reminders = await sources.reminders.forCase(kase.id);
  return {
    generatedAt: now.toISOString(),
    caseNumber: kase.number,
    case: kase,
    // caseAfter (a copy of the case per event) is left out: the case itself is in the pack.
    decisions: events.map(({ seq, action, at, actor, from, to, rationale, data, prevHash, hash }) => ({
      seq,
      action,
      at,
      actor,
      from,
      to,
      rationale,
      data,
      prevHash,
      hash,
    })),
    auditTrail: verifyChain(events, hashedContent),
    letters: kase.letters,
    storedLetters: sources.storedLetters ? await sources.storedLetters(kase.id) : [],
    reviews: kase.reviews,
    appeals: kase.appeals,
    remindersSent: reminders
      .filter((r) => r.status === 'sent' || r.status === 'undeliverable')
      .map((r) => ({
        kind: r.kind,
        n: r.n,
        dueDate: r.dueDate,
        status: r.status,
        sentAt: r.sentAt ? new Date(r.sentAt).toISOString() : null,
        recipients: r.recipients,
      })),
    views: (await sources.views.forCase(kase.id)).map(({ personId, name, via, at }) => ({ personId, name, via, at })),
    refusedAttempts: await sources.refusals.forCase(kase.id),
    legalHold: (await sources.holds?.holds([kase.id]))?.get(kase.id) ?? null,
    legalHoldHistory: (await sources.holds?.holdAudit(kase.id)) ?? [],
  };
}
