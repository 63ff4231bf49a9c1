import { randomUUID } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { Logger } from 'pino';
import { requestContext } from './logging/request-context.js';

export interface Readiness {
  /** True while the database answers and the process can do its work. */
  ready(): Promise<boolean>;
}

/**
 * The project's one HTTP server: /healthz, /readyz, and the chat adapters mounted by path
 * (POST /slack/events for Slack, POST /api/messages for Teams). Each adapter verifies its own
 * requests (Slack signatures, Bot Framework tokens) before anything else happens.
 */
export function createHttpServer(
  readiness: Readiness,
  routes: Record<string, RequestListener> = {},
  logger?: Logger,
): Server {
  return createServer((request, response) => {
    const header = request.headers['x-request-id'];
    const reqId = typeof header === 'string' && /^[\w-]{1,64}$/.test(header) ? header : randomUUID();
    response.setHeader('x-request-id', reqId);
    const started = process.hrtime.bigint();
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (logger && path !== '/healthz' && path !== '/readyz') {
      response.on('finish', () =>
        logger.info(
          {
            reqId,
            method: request.method,
            path,
            status: response.statusCode,
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          },
          'request',
        ),
      );
    }
    requestContext.run({ reqId }, () => serve(request, response, path, readiness, routes));
  });
}

function serve(
  request: Parameters<RequestListener>[0],
  response: Parameters<RequestListener>[1],
  path: string,
  readiness: Readiness,
  routes: Record<string, RequestListener>,
): void {
  if (request.method === 'GET' && path === '/healthz') {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  if (request.method === 'GET' && path === '/readyz') {
    readiness
      .ready()
      .catch(() => false)
      .then((ok) =>
        response
          .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: ok ? 'ready' : 'unavailable' })),
      );
    return;
  }
  const route = routes[path];
  if (route && request.method === 'POST') {
    route(request, response);
    return;
  }
  // A route whose path ends with "/" serves every path under it (GET /letters/<token>); it
  // checks the method itself.
  const prefix = Object.keys(routes).find((p) => p.endsWith('/') && path.startsWith(p) && path.length > p.length);
  if (prefix) {
    routes[prefix]!(request, response);
    return;
  }
  response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
}
