import { z } from 'zod';
import { POLICY_REVIEW } from '../policy/schedule.js';

// The scheduler's settings: part of the application's settings schema (src/config.ts, the only
// reader of process.env, extends its schema with these), kept here beside the code that uses them.
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));
const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const days = (fallback: number) =>
  z.coerce.number().int().min(1, 'a whole number of days, at least 1').max(3650).default(fallback);

export const schedulingSettingsSchema = z.object({
  /** Days after a warning is approved before the CHC is asked to close or keep monitoring. */
  LCP_WARNING_OBSERVATION_DAYS: days(90),
  /** The policy's next review date (§36). The shipped policy says November 2026. */
  LCP_POLICY_NEXT_REVIEW: isoDate.default(POLICY_REVIEW.nextReview),
  /** How many days before the policy review date its owner is reminded. */
  LCP_POLICY_REVIEW_NOTICE_DAYS: days(30),
  /** First date of the six-monthly equality monitoring cycle; reminders fall on it and every six months after. */
  LCP_EQUALITY_MONITORING_FROM: isoDate.default('2026-01-01'),
  /** Where the weekly digest goes; either, both or neither. */
  LCP_DIGEST_SLACK_CHANNEL: optionalText,
  LCP_DIGEST_TEAMS_CONVERSATION: optionalText,
  /** The Bot Framework service URL of the tenant's Teams channels (the digest's conversation lives there). */
  LCP_DIGEST_TEAMS_SERVICE_URL: z
    .string()
    .trim()
    .url('a URL such as https://smba.trafficmanager.net/teams/')
    .default('https://smba.trafficmanager.net/teams/'),
  /** Idempotency receipts older than this are deleted by the clean-up job. */
  LCP_RECEIPT_RETENTION_DAYS: days(30),
  /** How often the reminder sweeps run. */
  LCP_SWEEP_EVERY_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /** A claim on a reminder older than this is presumed dead and taken over (see docs/scheduling.md). */
  LCP_REMINDER_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
});

export type SchedulingSettings = z.infer<typeof schedulingSettingsSchema>;

/** The defaults, for tests and tools that do not read the environment. */
export function defaultSchedulingSettings(overrides: Partial<SchedulingSettings> = {}): SchedulingSettings {
  return { ...schedulingSettingsSchema.parse({}), ...overrides };
}
