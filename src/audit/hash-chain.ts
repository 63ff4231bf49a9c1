import { createHash } from 'node:crypto';

// The audit trail is tamper-evident: each event's hash covers its content and the previous
// event's hash, so an edited, deleted or re-ordered event breaks the chain from that point.
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function chainHash(prevHash: string, content: unknown): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}

/** The fields of a case event that its hash covers: everything but the hash and the case snapshot. */
export function hashedContent(event: { caseId: string; seq: number; action: string; at: string; actor: unknown; from: string | null; to: string; rationale: string | null; data: unknown }): Record<string, unknown> {
  const { caseId, seq, action, at, actor, from, to, rationale, data } = event;
  return { caseId, seq, action, at, actor, from, to, rationale, data };
}

export interface ChainLink {
  seq: number;
  prevHash: string;
  hash: string;
}

export type ChainVerdict = { ok: true; length: number } | { ok: false; seq: number; reason: string };

/**
 * Checks links in stored order: sequence numbers run 1, 2, 3 … with no gap, each link points at
 * the hash before it, and each hash matches the content it claims to cover.
 */
export function verifyChain<L extends ChainLink>(links: readonly L[], contentOf: (link: L) => unknown): ChainVerdict {
  let prev = GENESIS_HASH;
  for (const [i, link] of links.entries()) {
    const expectedSeq = i + 1;
    if (link.seq !== expectedSeq) return { ok: false, seq: link.seq, reason: `expected event ${expectedSeq}, found ${link.seq} (an event is missing or out of order)` };
    if (link.prevHash !== prev) return { ok: false, seq: link.seq, reason: 'does not follow the event before it' };
    if (chainHash(prev, contentOf(link)) !== link.hash) return { ok: false, seq: link.seq, reason: 'its content was changed after it was written' };
    prev = link.hash;
  }
  return { ok: true, length: links.length };
}
