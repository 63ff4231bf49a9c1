import { createServer, type RequestListener, type Server } from 'node:http';

export interface Readiness {
  /** True while the database answers and the process can do its work. */
  ready(): Promise<boolean>;
}

/**
 * The project's one HTTP server: /healthz, /readyz, and the chat adapters mounted by path
 * (POST /slack/events for Slack, POST /api/messages for Teams). Each adapter verifies its own
 * requests (Slack signatures, Bot Framework tokens) before anything else happens.
 */
export function createHttpServer(readiness: Readiness, routes: Record<string, RequestListener> = {}): Server {
  return createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (request.method === 'GET' && path === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (request.method === 'GET' && path === '/readyz') {
      readiness
        .ready()
        .catch(() => false)
        .then((ok) => response.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ok ? 'ready' : 'unavailable' })));
      return;
    }
    const route = routes[path];
    if (route && request.method === 'POST') {
      route(request, response);
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
  });
}
