import { z } from 'zod';
import { SignedTokens } from '../documents/signed-token.js';

// Signed, expiring download links for reports asked for in chat, the same on Slack and Teams: a
// URL in a message works in both, where an upload would need Slack's files.uploadV2 on one side and
// Teams' file-consent cards (and a manifest change) on the other. A link names the report, the
// person it was made for and when it stops working; the server checks all three again and
// re-checks the person's roles, so a forwarded link is useless once the person loses the role.

export const REPORTS_PATH = '/reports/';

export type ReportFormat = 'pdf' | 'csv';
export interface ReportLinkClaims {
  report: 'board';
  year: number;
  format: ReportFormat;
  personId: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

export type ReportLinkCheck =
  { ok: true; claims: ReportLinkClaims } | { ok: false; code: 'REPORT_LINK.FORGED' | 'REPORT_LINK.EXPIRED' };

const claimsSchema = z.tuple([
  z.literal('board'),
  z.coerce.number().int().min(2000).max(2999),
  z.enum(['pdf', 'csv']),
  z.string().min(1).max(200),
  z.coerce.number().int().min(0),
]);

export class ReportLinks {
  private readonly tokens: SignedTokens;

  constructor(
    private readonly options: { secret: string | undefined; publicUrl: string; ttlMinutes: number; clock: () => Date },
  ) {
    this.tokens = new SignedTokens(options.secret, 'report links', 1000);
  }

  url(claims: Omit<ReportLinkClaims, 'expiresAt'>): { url: string; expiresAt: Date } {
    const expiresAt = Math.floor(this.options.clock().getTime() / 1000) + this.options.ttlMinutes * 60;
    const token = this.tokens.sign([claims.report, claims.year, claims.format, claims.personId, expiresAt]);
    return {
      url: `${this.options.publicUrl.replace(/\/+$/, '')}${REPORTS_PATH}${token}`,
      expiresAt: new Date(expiresAt * 1000),
    };
  }

  verify(token: string): ReportLinkCheck {
    const fields = this.tokens.open(token);
    const parsed = claimsSchema.safeParse(fields);
    if (!fields || !parsed.success) return { ok: false, code: 'REPORT_LINK.FORGED' };
    const [report, year, format, personId, expiresAt] = parsed.data;
    if (expiresAt * 1000 <= this.options.clock().getTime()) return { ok: false, code: 'REPORT_LINK.EXPIRED' };
    return { ok: true, claims: { report, year, format, personId, expiresAt } };
  }
}
