import { z } from 'zod';
import type { Actor, Case } from '../cases/index.js';
import { caseAccess } from '../cases/index.js';
import type { CaseLink, LetterLinkSource } from '../app/views/case-view.js';
import { LETTERS, type LetterKind } from '../policy/index.js';
import { displayDate } from './letter-model.js';
import { dateInLondon } from '../cases/dates.js';
import { SignedTokens } from '../documents/signed-token.js';

// Links from chat to a case's letters, the same in Slack and Teams (a URL in the case's facts).
// Each link is signed (HMAC-SHA256), expires, and names the one person it was drawn for and the
// case; the server checks all three again, and checks that the person may still see the case.
// Tokens are hex and dots only, so neither Slack's nor Teams' text escaping changes them.

export const LETTERS_PATH = '/letters/';

export type LetterLinkTarget = { kind: 'preview'; version: number } | { kind: 'letter'; index: number };

export interface LetterLinkClaims {
  caseId: string;
  personId: string;
  target: LetterLinkTarget;
  /** Seconds since the epoch. */
  expiresAt: number;
}

export type LetterLinkCheck =
  { ok: true; claims: LetterLinkClaims } | { ok: false; code: 'LETTER_LINK.FORGED' | 'LETTER_LINK.EXPIRED' };

const claimsSchema = z.tuple([
  z.string().min(1).max(200),
  z.string().min(1).max(200),
  z.enum(['p', 'l']),
  z.coerce.number().int().min(0),
  z.coerce.number().int().min(0),
]);

/** What approving the case now would send; null when nothing is waiting for approval. */
export function pendingLetterKind(kase: Case): LetterKind | null {
  if (kase.state === 'edc_warning_approval' && kase.warning) return 'warning';
  if (kase.state === 'edc_restriction_approval' && kase.proposedRestrictions) {
    return kase.returnState === 'restricted' || kase.returnState === 'contact_refused'
      ? 'review_outcome'
      : 'restriction';
  }
  if (kase.state === 'edc_refusal_approval' && kase.refusal) return 'refusal_of_all_contact';
  return null;
}

const labelOf = (kind: LetterKind) => LETTERS.find((l) => l.kind === kind)?.label ?? kind;

export class LetterLinks implements LetterLinkSource {
  private readonly tokens: SignedTokens;

  constructor(
    private readonly options: { secret: string | undefined; publicUrl: string; ttlHours: number; clock: () => Date },
  ) {
    this.tokens = new SignedTokens(options.secret, 'letter links');
  }

  sign(claims: LetterLinkClaims): string {
    const t = claims.target.kind === 'preview' ? ['p', claims.target.version] : ['l', claims.target.index];
    return this.tokens.sign([claims.caseId, claims.personId, ...t, claims.expiresAt]);
  }

  url(caseId: string, personId: string, target: LetterLinkTarget): string {
    const expiresAt = Math.floor(this.options.clock().getTime() / 1000) + this.options.ttlHours * 3600;
    return `${this.options.publicUrl.replace(/\/+$/, '')}${LETTERS_PATH}${this.sign({ caseId, personId, target, expiresAt })}`;
  }

  verify(token: string): LetterLinkCheck {
    const fields = this.tokens.open(token);
    const parsed = claimsSchema.safeParse(fields);
    if (!fields || !parsed.success) return { ok: false, code: 'LETTER_LINK.FORGED' };
    const [caseId, personId, t, n, expiresAt] = parsed.data;
    if (expiresAt * 1000 <= this.options.clock().getTime()) return { ok: false, code: 'LETTER_LINK.EXPIRED' };
    return {
      ok: true,
      claims: {
        caseId,
        personId,
        expiresAt,
        target: t === 'p' ? { kind: 'preview', version: n } : { kind: 'letter', index: n },
      },
    };
  }

  /**
   * The case view's letter facts for this viewer: the letter waiting for approval (a preview)
   * and the latest letter sent. Only for people who see the whole case.
   */
  linksFor(kase: Case, viewer: Actor): CaseLink[] {
    if (viewer.isSystem || caseAccess(kase, viewer) !== 'full') return [];
    const facts: CaseLink[] = [];
    const pending = pendingLetterKind(kase);
    if (pending)
      facts.push({
        label: `${labelOf(pending)} to approve (preview PDF)`,
        url: this.url(kase.id, viewer.personId, { kind: 'preview', version: kase.version }),
      });
    const index = kase.letters.length - 1;
    const latest = kase.letters[index];
    if (latest) {
      facts.push({
        label: `${labelOf(latest.kind)} sent ${displayDate(dateInLondon(new Date(latest.sentAt)))} (PDF)`,
        url: this.url(kase.id, viewer.personId, { kind: 'letter', index }),
      });
    }
    return facts;
  }
}
