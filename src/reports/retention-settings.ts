import { z } from 'zod';
import { DEFAULT_RETENTION_DAYS } from './retention.js';

// Retention settings, merged into src/config.ts (the only reader of process.env). The retention
// job re-parses the settings object it is given with this schema, so a missing value means the
// default and a bad one stops the job with a message naming it.
export const retentionSettingsSchema = z.object({
  /** Closed cases are purged this many days after closure unless under legal hold (6 years). */
  LCP_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1, 'a whole number of days, at least 1')
    .max(36500, 'at most 36500 days')
    .default(DEFAULT_RETENTION_DAYS),
});

export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;
