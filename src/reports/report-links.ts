import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

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

export type ReportLinkCheck = { ok: true; claims: ReportLinkClaims } | { ok: false; code: 'REPORT_LINK.FORGED' | 'REPORT_LINK.EXPIRED' };

const claimsSchema = z.tuple([z.literal('board'), z.coerce.number().int().min(2000).max(2999), z.enum(['pdf', 'csv']), z.string().min(1).max(200), z.coerce.number().int().min(0)]);

export class ReportLinks {
  private readonly key: Buffer;

  constructor(private readonly options: { secret: string | undefined; publicUrl: string; ttlMinutes: number; clock: () => Date }) {
    // Without a configured secret, a key of this process: its links stop working when it restarts.
    this.key = createHmac('sha256', options.secret ?? randomBytes(32).toString('hex')).update('limited-contact report links').digest();
  }

  url(claims: Omit<ReportLinkClaims, 'expiresAt'>): { url: string; expiresAt: Date } {
    const expiresAt = Math.floor(this.options.clock().getTime() / 1000) + this.options.ttlMinutes * 60;
    const payload = Buffer.from([claims.report, claims.year, claims.format, claims.personId, expiresAt].join('|'), 'utf8').toString('hex');
    return { url: `${this.options.publicUrl.replace(/\/+$/, '')}${REPORTS_PATH}${payload}.${this.mac(payload)}`, expiresAt: new Date(expiresAt * 1000) };
  }

  verify(token: string): ReportLinkCheck {
    const match = /^([0-9a-f]{2,1000})\.([0-9a-f]{64})$/.exec(token);
    if (!match) return { ok: false, code: 'REPORT_LINK.FORGED' };
    if (!timingSafeEqual(Buffer.from(this.mac(match[1]!), 'hex'), Buffer.from(match[2]!, 'hex'))) return { ok: false, code: 'REPORT_LINK.FORGED' };
    const parsed = claimsSchema.safeParse(Buffer.from(match[1]!, 'hex').toString('utf8').split('|'));
    if (!parsed.success) return { ok: false, code: 'REPORT_LINK.FORGED' };
    const [report, year, format, personId, expiresAt] = parsed.data;
    if (expiresAt * 1000 <= this.options.clock().getTime()) return { ok: false, code: 'REPORT_LINK.EXPIRED' };
    return { ok: true, claims: { report, year, format, personId, expiresAt } };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('hex');
  }
}
