import { z } from 'zod';

// How long one delegation may run (issue 11 §4): a deputy is for an absence, not a standing second
// approver. Merged into src/config.ts (the only reader of process.env).
export const DEFAULT_MAX_DELEGATION_DAYS = 31;

export const delegationSettingsSchema = z.object({
  LCP_MAX_DELEGATION_DAYS: z.coerce
    .number()
    .int()
    .min(1, 'a whole number of days, at least 1')
    .max(366, 'at most 366 days')
    .default(DEFAULT_MAX_DELEGATION_DAYS),
});
