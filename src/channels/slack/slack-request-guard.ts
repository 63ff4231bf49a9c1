import type { IncomingMessage, RequestListener } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { Log } from '../../logging/log.js';

// Bolt's HTTP receiver reads `body.ssl_check` from whatever the request parses to; a body of
// `null` (or `payload=null`) makes that throw inside a promise nobody awaits: the request is never
// answered and the rejection is unhandled, which stops a Node process. So the body is read here
// first (Bolt uses a request's `rawBody` when it is already there), and one that cannot be a Slack
// request (not a JSON object or form fields, an event envelope without an event) is answered 400
// before Bolt sees it.

/** Far above any Slack payload (views are at most a few hundred KB). */
export const SLACK_MAX_BODY_BYTES = 1024 * 1024;

type Buffered = IncomingMessage & { rawBody?: Buffer };

/** Slack's replay window: a request signed further from now than this, either way, is refused. */
export const SLACK_SIGNATURE_WINDOW_SECONDS = 5 * 60;

export function guardSlackRequests(
  listener: RequestListener,
  log: Log,
  clock: () => Date = () => new Date(),
): RequestListener {
  return (req, res) => {
    // Bolt refuses a timestamp more than five minutes old but takes any in the future, which
    // would let a captured future-dated request be replayed for as long; Slack asks for both.
    const timestamp = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(timestamp) && Math.abs(clock().getTime() / 1000 - timestamp) > SLACK_SIGNATURE_WINDOW_SECONDS) {
      log('slack: refused a request signed outside the five-minute window');
      req.resume();
      res.writeHead(401).end();
      return;
    }
    void readBody(req).then(
      (rawBody) => {
        if (rawBody === null) {
          res.writeHead(413, { 'content-type': 'application/json' }).end('{"error":"request body too large"}');
          return;
        }
        if (!parsesToObject(rawBody.toString('utf8'), String(req.headers['content-type'] ?? ''))) {
          log('slack: refused a request whose body is not a Slack payload');
          res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"not a Slack request"}');
          return;
        }
        (req as Buffered).rawBody = rawBody;
        listener(req, res);
      },
      () => {
        if (!res.headersSent) res.writeHead(400).end();
      },
    );
  };
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= SLACK_MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > SLACK_MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * What Slack sends: an event envelope or an interaction payload names its `type` (and an event
 * envelope carries its event: Bolt reads `body.event.type` unchecked); a slash command is form
 * fields with a `command`. Anything else made Bolt's app fail with a 500, or throw outright.
 */
const hasSlackShape = (body: unknown) =>
  isObject(body) &&
  typeof body.type === 'string' &&
  (!('event' in body) || isObject(body.event)) &&
  (body.type !== 'event_callback' || isObject(body.event));

/** As Bolt parses it: JSON, or form fields whose `payload` (if any) is JSON. */
function parsesToObject(text: string, contentType: string): boolean {
  try {
    if (contentType.startsWith('application/x-www-form-urlencoded')) {
      const fields = parseQuery(text);
      if (typeof fields.payload === 'string') return hasSlackShape(JSON.parse(fields.payload));
      return typeof fields.command === 'string' || fields.ssl_check === '1';
    }
    return hasSlackShape(JSON.parse(text));
  } catch {
    // Not parseable: Bolt answers that itself (401 unsigned, 400 malformed).
    return true;
  }
}
