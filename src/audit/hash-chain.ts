import { createHash, createHmac } from 'node:crypto';

// The audit trail is tamper-evident: each event's hash covers its content and the previous
// event's hash, so an edited, deleted or re-ordered event breaks the chain from that point.
//
// Hash versions (issue 13 §3). Version 1 (events without `hashVersion`): the event's action, actor,
// rationale and `data`. Version 2: also `caseAfterDigest`, the sha256 of the case as it stood after
// the event, so the report text, customer, restrictions and letters' approved content are covered
// too. Old events keep their version-1 hash and stay verifiable (canonicalJson leaves out absent
// fields, so a version-1 event hashes exactly as before). `keyed` events are HMAC-SHA256 with
// LCP_AUDIT_KEY: rewriting a whole trail then needs the key.
export const GENESIS_HASH = '0'.repeat(64);
export const HASH_VERSION = 2;

let auditKey: string | undefined;

/** Set once at start-up from LCP_AUDIT_KEY (config.ts reads the environment; this only holds it). */
export function configureAuditKey(key: string | undefined): void {
  auditKey = key && key.length > 0 ? key : undefined;
}

export const auditKeyConfigured = (): boolean => auditKey !== undefined;

/** sha256 of the case snapshot, in canonical form. */
export function caseDigest(kase: unknown): string {
  return createHash('sha256').update(canonicalJson(kase)).digest('hex');
}

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

/** sha256 of the previous hash and the content; HMAC-SHA256 with `key` for a keyed chain. */
export function chainHash(prevHash: string, content: unknown, key?: string): string {
  const hash = key ? createHmac('sha256', key) : createHash('sha256');
  return hash.update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}

/** The chain fields a new event gets now: the current version, and `keyed` when a key is set. */
export function newEventChainFields(caseAfter: unknown): {
  hashVersion: number;
  caseAfterDigest: string;
  keyed?: true;
} {
  return {
    hashVersion: HASH_VERSION,
    caseAfterDigest: caseDigest(caseAfter),
    ...(auditKey ? { keyed: true as const } : {}),
  };
}

/** The hash of a new event's content with the configured key (if any). */
export function newEventHash(prevHash: string, content: unknown): string {
  return chainHash(prevHash, content, auditKey);
}

/**
 * The fields of a case event that its hash covers: everything but the hash and the case snapshot,
 * whose digest stands for it (version 2).
 */
export function hashedContent(event: {
  caseId: string;
  seq: number;
  action: string;
  at: string;
  actor: unknown;
  from: string | null;
  to: string;
  rationale: string | null;
  data: unknown;
  hashVersion?: number;
  caseAfterDigest?: string;
  keyed?: boolean;
}): Record<string, unknown> {
  const { caseId, seq, action, at, actor, from, to, rationale, data, hashVersion, caseAfterDigest, keyed } = event;
  return { caseId, seq, action, at, actor, from, to, rationale, data, hashVersion, caseAfterDigest, keyed };
}

export interface ChainLink {
  seq: number;
  prevHash: string;
  hash: string;
  keyed?: boolean;
}

export type ChainVerdict = { ok: true; length: number } | { ok: false; seq: number; reason: string };

/**
 * Checks links in stored order: sequence numbers run 1, 2, 3 … with no gap, each link points at
 * the hash before it, and each hash matches the content it claims to cover.
 */
/** `key`: the audit key (default: the configured one); null to verify as someone without it. */
export function verifyChain<L extends ChainLink>(
  links: readonly L[],
  contentOf: (link: L) => unknown,
  key: string | null | undefined = auditKey,
): ChainVerdict {
  let prev = GENESIS_HASH;
  let keyedSeen = false;
  for (const [i, link] of links.entries()) {
    const expectedSeq = i + 1;
    if (link.seq !== expectedSeq)
      return {
        ok: false,
        seq: link.seq,
        reason: `expected event ${expectedSeq}, found ${link.seq} (an event is missing or out of order)`,
      };
    if (link.prevHash !== prev) return { ok: false, seq: link.seq, reason: 'does not follow the event before it' };
    if (link.keyed && !key)
      return { ok: false, seq: link.seq, reason: 'its hash is keyed: set LCP_AUDIT_KEY to verify it' };
    // Once a trail is keyed it stays keyed: an unkeyed event after a keyed one is a rewrite.
    if (keyedSeen && !link.keyed)
      return {
        ok: false,
        seq: link.seq,
        reason: 'unkeyed after a keyed event (the trail was rewritten without the key)',
      };
    keyedSeen ||= Boolean(link.keyed);
    if (chainHash(prev, contentOf(link), link.keyed ? (key ?? undefined) : undefined) !== link.hash)
      return { ok: false, seq: link.seq, reason: 'its content was changed after it was written' };
    prev = link.hash;
  }
  return { ok: true, length: links.length };
}
