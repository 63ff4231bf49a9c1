import type { ReceiptRepository } from '../app/ports.js';
import type { ClaimAges } from './ports.js';

// Exactly-once work across workers, using only what every server (MongoDB and FerretDB) does
// reliably: an insert with a unique _id. See docs/scheduling.md "Exactly once".
//
// A piece of work (one reminder, one digest post) has a key. Whoever inserts the receipt for
// lease 0 of that key does the work and completes the receipt. Nobody ever changes someone
// else's receipt: a worker that finds lease k claimed but not completed, and older than the lock
// lifetime, presumes its holder dead and races for lease k+1, again by insert; exactly one
// worker wins each lease. The number of take-overs is capped so that work that crashes its
// worker every time cannot loop for ever.

export interface LeaseDeps {
  receipts: ReceiptRepository;
  claims: ClaimAges;
  clock: () => Date;
  /** A claim older than this is presumed dead. Must exceed the longest time the work may take. */
  lockLifetimeMs: number;
  maxTakeovers?: number;
}

export interface Lease {
  key: string;
  attempt: number;
  claimedAt: Date;
  /** False once the lock lifetime has passed: the holder must not start sending any more. */
  stillHeld(): boolean;
  /** Milliseconds left before another worker may take over. */
  remainingMs(): number;
}

export type LeaseOutcome<T> =
  | { status: 'done'; value: T; attempt: number }
  | { status: 'already_done' }
  /** Someone else holds a live lease; the next sweep looks again. */
  | { status: 'busy' }
  | { status: 'gave_up'; attempts: number };

export const DEFAULT_MAX_TAKEOVERS = 3;

export function leaseKey(key: string, attempt: number): string {
  return attempt === 0 ? key : `${key}:takeover-${attempt}`;
}

export class LeaseExpiredError extends Error {
  constructor(key: string) {
    super(`the lease on ${key} expired before the work started; another worker may take it over`);
    this.name = 'LeaseExpiredError';
  }
}

export async function runOnce<T>(
  deps: LeaseDeps,
  key: string,
  scope: string,
  work: (lease: Lease) => Promise<T>,
): Promise<LeaseOutcome<T>> {
  const maxTakeovers = deps.maxTakeovers ?? DEFAULT_MAX_TAKEOVERS;
  for (let attempt = 0; attempt <= maxTakeovers; attempt++) {
    const receiptKey = leaseKey(key, attempt);
    if (await deps.receipts.claim(receiptKey, scope)) {
      // The store stamps the receipt with the same clock; this is our view of the claim time.
      const claimedAt = deps.clock();
      const remainingMs = () => deps.lockLifetimeMs - (deps.clock().getTime() - claimedAt.getTime());
      const lease: Lease = { key: receiptKey, attempt, claimedAt, remainingMs, stillHeld: () => remainingMs() > 0 };
      let value: T;
      try {
        value = await work(lease);
      } catch (error) {
        // Free this lease so that the next sweep can try again (a chat API may be down).
        await deps.receipts.release(receiptKey);
        throw error;
      }
      await deps.receipts.complete(receiptKey, { done: true, at: deps.clock().toISOString() });
      return { status: 'done', value, attempt };
    }
    if ((await deps.receipts.result(receiptKey)) !== undefined) return { status: 'already_done' };
    const claimedAt = await deps.claims.claimedAt(receiptKey);
    // Released (a failed attempt) between our insert and this read: try again on the next sweep.
    if (claimedAt === null) return { status: 'busy' };
    if (deps.clock().getTime() - claimedAt.getTime() < deps.lockLifetimeMs) return { status: 'busy' };
    // The holder of this lease is presumed dead: race for the next one.
  }
  return { status: 'gave_up', attempts: maxTakeovers + 1 };
}

/** Rejects when `promise` takes longer than `ms`; keeps a hung chat call from outliving its lease. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), Math.max(ms, 0));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
