import { pino, type Logger } from 'pino';
import { requestContext } from './request-context.js';

// Structured JSON logs. Secrets and customer details never reach a log line: they are censored by
// key wherever they appear, one or two levels deep, whatever logged them.
const SECRET_KEYS = ['password', 'token', 'secret', 'authorization', 'signingSecret', 'botToken', 'appPassword', 'MICROSOFT_APP_PASSWORD', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'];
const CUSTOMER_KEYS = ['customer', 'customerName', 'customerAccountRef', 'accountRef', 'description', 'report', 'values', 'answer', 'grounds', 'summary'];
const KEYS = [...SECRET_KEYS, ...CUSTOMER_KEYS];

export const REDACTED_PATHS = [...KEYS, ...KEYS.map((k) => `*.${k}`), ...KEYS.map((k) => `*.*.${k}`)];

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    { level: options.level ?? 'info', mixin: () => requestContext.getStore() ?? {}, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'limited-contact' }, timestamp: pino.stdTimeFunctions.isoTime },
    options.destination ?? process.stdout,
  );
}

/** The small logging function the use cases and adapters take, backed by a pino logger. */
export type Log = (message: string, detail?: Record<string, unknown>) => void;

export function logFunction(logger: Logger): Log {
  return (message, detail) => logger.warn(detail ?? {}, message);
}
