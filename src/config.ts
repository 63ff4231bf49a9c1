import { z } from 'zod';
import {
  checkTeamsSettings,
  teamsMode,
  teamsSettingsSchema,
  TeamsSettingsError,
  type TeamsMode,
} from './channels/teams/teams-settings.js';
import { schedulingSettingsSchema } from './scheduling/scheduling-settings.js';
import { isDemoDirectory } from './demo/demo-directory.js';
import { ServiceUrlAllowList } from './channels/teams/service-url-allow-list.js';
import { retentionSettingsSchema } from './reports/retention-settings.js';
import { reportSettingsSchema } from './reports/report-settings.js';
import { letterSettingsSchema } from './letters/letter-settings.js';
import { refusalSettingsSchema } from './app/refusal-settings.js';
import { delegationSettingsSchema } from './app/delegation-settings.js';

// The only reader of process.env. Every setting is parsed here; a missing or bad one stops
// start-up with a message that names it and says what is expected.
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const settingsSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    // 0 lets the system choose a free port (tests); the one bound is printed at start-up.
    PORT: z.coerce
      .number()
      .int()
      .min(0, 'a TCP port from 1 to 65535 (or 0 for any free one)')
      .max(65535, 'a TCP port from 1 to 65535')
      .default(3978),
    MONGODB_URI: optionalText.refine(
      (v) => v === undefined || /^mongodb(\+srv)?:\/\//.test(v),
      'a connection string starting mongodb:// or mongodb+srv://',
    ),
    MONGODB_DB_NAME: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,38}$/, 'letters, digits, "_" or "-", at most 38 characters')
      .default('limited_contact'),
    LCP_DATA_DIR: z.string().trim().min(1).default('./.data'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LCP_DIRECTORY: optionalText,
    // Slack: both of the first two, or neither (then Slack is off).
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || /^xoxb-/.test(v), 'a bot token starting xoxb-'),
    /** The Web API base URL, e.g. GovSlack's, or a local test API; ends with "/api/". */
    SLACK_API_URL: optionalText.refine(
      (v) => v === undefined || /^https?:\/\/.+\/$/.test(v),
      'a URL ending with "/", e.g. https://slack.com/api/',
    ),
    /** Socket Mode for development (an app-level token starting xapp-). */
    SLACK_APP_TOKEN: optionalText.refine(
      (v) => v === undefined || /^xapp-/.test(v),
      'an app-level token starting xapp-',
    ),
    /** Run the scheduler in this process: "off" for web replicas when `npm run worker` runs apart. */
    LCP_SCHEDULER: z.enum(['on', 'off']).default('on'),
    /** Demos and tests only: the clock starts at this instant and runs on from there. */
    LCP_CLOCK: optionalText.refine(
      (v) => v === undefined || !Number.isNaN(Date.parse(v)),
      'an ISO date-time such as 2026-12-01T10:00:00Z',
    ),
    /**
     * Optional: audit hashes become HMAC-SHA256 with this key (32+ characters), so rewriting a whole
     * trail needs it. Keep it outside the database; lcp audit verify needs it too.
     */
    LCP_AUDIT_KEY: optionalText.refine((v) => v === undefined || v.length >= 32, 'a secret of at least 32 characters'),
    /** Demos and tests only: every scheduled job runs this often instead of its own interval. */
    LCP_SWEEP_EVERY_SECONDS: z.coerce
      .number()
      .int()
      .min(1, 'a whole number of seconds, at least 1')
      .max(3600, 'at most 3600 seconds')
      .optional(),
  })
  .extend(schedulingSettingsSchema.shape)
  .extend(teamsSettingsSchema.shape)
  .extend(retentionSettingsSchema.shape)
  .extend(reportSettingsSchema.shape)
  .extend(letterSettingsSchema.shape)
  .extend(refusalSettingsSchema.shape)
  .extend(delegationSettingsSchema.shape);

export type Settings = z.infer<typeof settingsSchema>;

/** Every setting's name, so a test can hold .env.example to the schema. */
export const SETTING_NAMES = Object.keys(settingsSchema.shape) as (keyof Settings)[];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Limited Contact cannot start; fix these settings (see .env.example):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const result = settingsSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map(
        (issue) =>
          `${issue.path.join('.')}: expected ${issue.message}${
            // A mail server URL may carry a password: never echoed.
            issue.path[0] === 'SMTP_URL' ? ' (value not shown)' : describeValue(env[String(issue.path[0])])
          }`,
      ),
    );
  }
  const slack = [result.data.SLACK_SIGNING_SECRET, result.data.SLACK_BOT_TOKEN];
  if (slack.some(Boolean) && !slack.every(Boolean)) {
    throw new ConfigError([
      `${result.data.SLACK_SIGNING_SECRET ? 'SLACK_BOT_TOKEN' : 'SLACK_SIGNING_SECRET'}: expected it too, since the other Slack setting is set (set both, or neither to run without Slack)`,
    ]);
  }
  // Every cross-setting problem at once, so one restart fixes them all.
  const problems: string[] = [];
  try {
    checkTeamsSettings(result.data, result.data.NODE_ENV, isLocalDemo(result.data));
  } catch (error) {
    if (!(error instanceof TeamsSettingsError)) throw error;
    problems.push(...error.problems);
  }
  if (result.data.LCP_DIGEST_TEAMS_CONVERSATION && problems.length === 0) {
    const serviceUrls = ServiceUrlAllowList.from(result.data, teamsModeOf(result.data));
    if (!serviceUrls.allows(result.data.LCP_DIGEST_TEAMS_SERVICE_URL))
      problems.push(
        `LCP_DIGEST_TEAMS_SERVICE_URL: expected an https URL on a Teams service host (${serviceUrls.describe()}; add a sovereign cloud's host to LCP_TEAMS_SERVICE_HOSTS)`,
      );
  }
  if (result.data.NODE_ENV === 'production' && !result.data.MONGODB_URI) {
    problems.push('MONGODB_URI: expected the production database; a local demo database is not used in production');
  }
  if (result.data.NODE_ENV === 'production') {
    if (isDemoDirectory(result.data.LCP_DIRECTORY))
      problems.push(
        "LCP_DIRECTORY: expected your organisation's directory; the demo people (demo/people.csv) are not used in production",
      );
    if (result.data.LCP_CLOCK)
      problems.push('LCP_CLOCK: expected it unset in production (it moves the clock for demos and tests)');
    if (result.data.LCP_SWEEP_EVERY_SECONDS)
      problems.push('LCP_SWEEP_EVERY_SECONDS: expected it unset in production (use LCP_SWEEP_EVERY_MINUTES)');
    // Without a shared secret each replica (and the worker) would sign links with its own random key.
    if (!result.data.LCP_DOWNLOAD_SECRET)
      problems.push(
        'LCP_DOWNLOAD_SECRET: expected a secret of at least 32 characters shared by every replica (it signs letter and report links)',
      );
    if (!result.data.LCP_PUBLIC_URL)
      problems.push(
        "LCP_PUBLIC_URL: expected this service's public URL, e.g. https://lcp.example.org (letter and report links point there)",
      );
    // Letter and report links carry a bearer token: never over plain http.
    else if (!result.data.LCP_PUBLIC_URL.startsWith('https://'))
      problems.push(
        `LCP_PUBLIC_URL: expected an https:// URL in production (letter and report links carry their token in the URL); got "${result.data.LCP_PUBLIC_URL}"`,
      );
  }
  // E-mail dispatch of letters (issue 12 §5): a mail server and a From address, both or neither.
  if (result.data.SMTP_URL && !result.data.LCP_MAIL_FROM)
    problems.push('LCP_MAIL_FROM: expected the From address of e-mailed letters, since SMTP_URL is set');
  if (result.data.LCP_MAIL_FROM && !result.data.SMTP_URL)
    problems.push('SMTP_URL: expected the mail server that sends letters, since LCP_MAIL_FROM is set');
  if (result.data.LCP_REFUSAL_DEFAULT_MONTHS > result.data.LCP_REFUSAL_MAX_MONTHS) {
    problems.push(
      `LCP_REFUSAL_DEFAULT_MONTHS: expected at most LCP_REFUSAL_MAX_MONTHS (${result.data.LCP_REFUSAL_MAX_MONTHS})`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return result.data;
}

/**
 * The local demo: no database of one's own and the demo people (LCP_DIRECTORY unset or the demo
 * file). Only there may Teams run without authentication unasked.
 */
export function isLocalDemo(settings: Pick<Settings, 'MONGODB_URI' | 'LCP_DIRECTORY' | 'NODE_ENV'>): boolean {
  return (
    settings.NODE_ENV !== 'production' &&
    !settings.MONGODB_URI &&
    (!settings.LCP_DIRECTORY || isDemoDirectory(settings.LCP_DIRECTORY))
  );
}

/** How Teams runs with these settings (teams-settings.ts); "local-only" binds the server to 127.0.0.1. */
export function teamsModeOf(settings: Settings): TeamsMode {
  return teamsMode(settings, isLocalDemo(settings));
}

function describeValue(value: string | undefined): string {
  return value === undefined ? ' (not set)' : ` (got "${value.length > 40 ? `${value.slice(0, 40)}…` : value}")`;
}
