import { createServer, type Server } from 'node:http';

export interface Readiness {
  /** True while the database answers and the process can do its work. */
  ready(): Promise<boolean>;
}

/**
 * The project's one HTTP server. The Slack (/slack/events) and Teams (/api/messages) adapters
 * mount here in their own issues; for now it answers the health checks.
 */
export function createHttpServer(readiness: Readiness): Server {
  return createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
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
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
  });
}
