import { pino, type Logger } from 'pino';
import { requestContext } from './request-context.js';
import type { Log } from './log.js';

// Structured JSON logs. Secrets and customer details never reach a log line: they are censored by
// key wherever they appear, up to three levels deep, whatever logged them; and an e-mail address
// inside any logged text (an error message, say) is replaced, since it names a person.
const SECRET_KEYS = [
  'password',
  'token',
  'secret',
  'authorization',
  'signingSecret',
  'botToken',
  'appPassword',
  'MICROSOFT_APP_PASSWORD',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'LCP_DOWNLOAD_SECRET',
  'LCP_AUDIT_KEY',
];
const CUSTOMER_KEYS = [
  'customer',
  'customerName',
  'customer_name',
  'customerAccountRef',
  'accountRef',
  'description',
  'report',
  'reports',
  'values',
  'answer',
  'grounds',
  'summary',
];
/** Free text people type about customers and colleagues, and who they are (issue 13 §4). */
const FREE_TEXT_KEYS = [
  'rationale',
  'question',
  'questions',
  'knownVulnerabilities',
  'vulnerabilities',
  'adjustments',
  'adjustmentsConsidered',
  'adjustmentJustifications',
  'adjustments_considered',
  'supportOffered',
  'support_offered',
  'affectedPeople',
  'breachSummary',
  'proportionality',
  'examples',
  'example',
  'text',
  'caseAfter',
  'snapshot',
  'name',
  'names',
  'email',
  'emails',
  'userPrincipalName',
  'givenName',
  'surname',
  'lineManagerEmail',
  'deputyEmail',
];
const KEYS = [...SECRET_KEYS, ...CUSTOMER_KEYS, ...FREE_TEXT_KEYS];

export const REDACTED_PATHS = [
  ...KEYS,
  ...KEYS.map((k) => `*.${k}`),
  ...KEYS.map((k) => `*.*.${k}`),
  ...KEYS.map((k) => `*.*.*.${k}`),
];

const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+/g;
export const EMAIL_REDACTED = '[e-mail redacted]';

/** `value` with every e-mail address in its strings replaced (objects copied, never changed in place). */
export function withoutEmails(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(EMAIL, EMAIL_REDACTED);
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: withoutEmails(value.message, depth + 1) };
  if (Array.isArray(value)) return value.map((v) => withoutEmails(v, depth + 1));
  if (value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, withoutEmails(v, depth + 1)]),
  );
}

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      mixin: () => requestContext.getStore() ?? {},
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: { log: (object) => withoutEmails(object) as Record<string, unknown> },
      hooks: {
        // The message itself (and any interpolation arguments) too.
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? a.replace(EMAIL, EMAIL_REDACTED) : a)) as Parameters<
              typeof method
            >,
          );
        },
      },
      base: { service: 'limited-contact' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? process.stdout,
  );
}

/** The small logging function the use cases and adapters take, backed by a pino logger. */

export function logFunction(logger: Logger): Log {
  return (message, detail) => logger.warn(detail ?? {}, message);
}
