import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sharedChannelLeaks } from '../../support/outbound-messages.js';

export interface SlackApiCall {
  method: string;
  args: Record<string, unknown>;
  /** When the call arrived (Date.now()). */
  at: number;
}

/**
 * A local stand-in for Slack's Web API, reached through SLACK_API_URL exactly as GovSlack or
 * slack.com would be: it records every call and answers like Slack does.
 */
export class FakeSlackApi {
  readonly calls: SlackApiCall[] = [];
  /** chat.postMessage calls whose answer has been written (they may be held: postDelayMs). */
  readonly answered: SlackApiCall[] = [];
  /** Holds each chat.postMessage answer this long, to catch a process with a message in flight. */
  postDelayMs = 0;
  /** Every call since start, whatever clear() did: checked for customer details when it stops. */
  private readonly everyCall: SlackApiCall[] = [];
  private server: Server | null = null;
  private ts = 1_700_000_000;
  private responses = 0;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        // Answers to slash commands arrive at their response_url: /response/<n> here.
        const method = (req.url ?? '').startsWith('/response/')
          ? `response_url ${req.url}`
          : ((req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '');
        const args = parseBody(Buffer.concat(chunks).toString('utf8'), String(req.headers['content-type'] ?? ''));
        const call = { method, args, at: Date.now() };
        this.calls.push(call);
        this.everyCall.push(call);
        const reply = () => {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.answer(method, args)));
          if (method === 'chat.postMessage') this.answered.push(call);
        };
        if (method === 'chat.postMessage' && this.postDelayMs > 0) setTimeout(reply, this.postDelayMs);
        else reply();
      });
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
  }

  /** A fresh response_url on this server, for one slash command's answer. */
  responseUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/response/${++this.responses}`;
  }

  /** What the app posted to this response_url, once it has. */
  responseTo(url: string): Record<string, unknown> | undefined {
    return this.calls.find((c) => c.method === `response_url ${new URL(url).pathname}`)?.args;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server!.close(resolve));
    this.server = null;
    // docs/domain.md "Who sees what", over every message any test made the app send (issue 8, item 7).
    const leaks = sharedChannelLeaks(this.everyCall);
    if (leaks.length > 0) throw new Error(`customer details outside direct messages:\n${leaks.join('\n')}`);
  }

  of(method: string): SlackApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** chat.postMessage calls, to one channel (a user id for a direct message) or all. */
  posts(channel?: string): SlackApiCall[] {
    return this.calls.filter((c) => c.method === 'chat.postMessage' && (!channel || c.args.channel === channel));
  }

  clear(): void {
    this.calls.length = 0;
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT000001', team_id: 'T1', bot_id: 'B1' };
      case 'conversations.open':
        return { ok: true, channel: { id: `D-${String(args.users)}` } };
      case 'chat.postMessage':
        return { ok: true, channel: `D-${String(args.channel)}`, ts: `${this.ts++}.000100` };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${this.ts++}.000200` };
      case 'views.open':
      case 'views.update':
      case 'views.push':
        return { ok: true, view: { id: `V${this.ts++}` } };
      default:
        return { ok: true };
    }
  }
}

function parseBody(body: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return JSON.parse(body || '{}') as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    // The Web API client sends nested arguments (blocks, view) as JSON strings.
    args[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return args;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
