import { z } from 'zod';
import { REFUSAL_DURATION } from '../policy/index.js';

// How long a refusal of all contact lasts (§31, issue 12): the default when the proposer gives no
// duration, and the longest allowed. Merged into src/config.ts (the only reader of process.env);
// `decideCase` hands them to the workflow, which checks a proposal or renewal against them.
export const refusalSettingsSchema = z.object({
  LCP_REFUSAL_DEFAULT_MONTHS: z.coerce
    .number()
    .int()
    .min(1, 'a whole number of months, at least 1')
    .max(12, 'at most 12 months')
    .default(REFUSAL_DURATION.defaultMonths),
  LCP_REFUSAL_MAX_MONTHS: z.coerce
    .number()
    .int()
    .min(1, 'a whole number of months, at least 1')
    .max(12, 'at most 12 months (§31 refusals are reviewed and end)')
    .default(REFUSAL_DURATION.maxMonths),
});

export type RefusalSettings = z.infer<typeof refusalSettingsSchema>;

export const refusalDuration = (settings: RefusalSettings): { defaultMonths: number; maxMonths: number } => ({
  defaultMonths: Math.min(settings.LCP_REFUSAL_DEFAULT_MONTHS, settings.LCP_REFUSAL_MAX_MONTHS),
  maxMonths: settings.LCP_REFUSAL_MAX_MONTHS,
});
