import { noData, type ScheduledJob } from '../src/scheduling/job.js';
import { purgeOldReceipts } from '../src/scheduling/receipt-cleanup.js';

/** Deletes old idempotency receipts every night (FerretDB has no TTL index). */
export const receiptCleanupJob: ScheduledJob = {
  name: 'maintenance.receipt-cleanup',
  every: () => '30 3 * * *',
  timezone: 'Europe/London',
  data: noData,
  run: ({ deps, receiptStore, clock }) =>
    purgeOldReceipts(receiptStore, clock(), deps.settings.LCP_RECEIPT_RETENTION_DAYS),
};
