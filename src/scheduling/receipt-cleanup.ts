import type { ReceiptPurger } from './ports.js';

/**
 * Deletes idempotency receipts older than the retention period (no TTL index on FerretDB). Safe for
 * reminders: whether a reminder was sent is kept in case_reminders, which the sweep checks first.
 */
export async function purgeOldReceipts(receipts: ReceiptPurger, now: Date, retentionDays: number): Promise<number> {
  return receipts.purgeOlderThan(new Date(now.getTime() - retentionDays * 86_400_000));
}
