import type { IncomingMessage, ServerResponse } from 'node:http';

// CloudAdapter.process expects an express-like request (parsed body) and response
// (status/header/send/end). This is that much, over plain node:http, so the app keeps one server.

export const DEFAULT_MAX_BODY_BYTES = 512 * 1024;

export interface ShimRequest {
  method?: string;
  headers: Record<string, string | string[] | undefined>;
  body?: Record<string, unknown>;
}

export interface ShimResponse {
  socket: unknown;
  status(code: number): ShimResponse;
  header(name: string, value: unknown): ShimResponse;
  send(body?: unknown): ShimResponse;
  end(): ShimResponse;
}

export class BodyError extends Error {
  constructor(readonly status: 400 | 413, message: string) {
    super(message);
    this.name = 'BodyError';
  }
}

/** Reads and parses a JSON object body, refusing more than `limit` bytes. */
export async function readJsonBody(req: IncomingMessage, limit = DEFAULT_MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyError(413, 'request body too large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BodyError(400, 'request body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BodyError(400, 'request body is not a JSON object');
  return parsed as Record<string, unknown>;
}

export function shimResponse(res: ServerResponse): ShimResponse {
  let status = 200;
  let body: string | undefined;
  const shim: ShimResponse = {
    socket: res.socket,
    status(code) {
      status = code;
      return shim;
    },
    header(name, value) {
      res.setHeader(name, String(value));
      return shim;
    },
    send(value) {
      if (value === undefined || value === null) return shim;
      if (typeof value === 'string' || Buffer.isBuffer(value)) {
        body = value.toString();
        if (!res.hasHeader('content-type')) res.setHeader('content-type', 'text/plain; charset=utf-8');
      } else {
        body = JSON.stringify(value);
        res.setHeader('content-type', 'application/json; charset=utf-8');
      }
      return shim;
    },
    end() {
      if (!res.headersSent) res.writeHead(status);
      res.end(body);
      return shim;
    },
  };
  return shim;
}
