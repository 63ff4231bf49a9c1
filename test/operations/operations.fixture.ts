import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connection } from 'mongoose';
import { reportIncident } from '../../src/app/report-incident.js';
import type { CaseServices } from '../../src/app/services.js';
import type { Case } from '../../src/cases/index.js';
import type { RoleId } from '../../src/policy/roles.js';
import { ensureIndexes, mongoCaseServices } from '../../src/store/mongo-case-services.js';

// Shared by the process-level tests: people with Slack ids, cases written at a chosen time, and a
// local Slack Web API (reached through SLACK_API_URL) that can be made slow.

export const SECRET = 'operations-signing-secret';
export const SLACK = { reporter: 'UREPORTER01', lineManager: 'ULINEMGR001', cxm: 'UCXMANAGER1', chc: 'UCORPHEAD01', edc: 'UEXECDIR001' };

const PEOPLE: { key: keyof typeof SLACK; email: string; name: string; roles: RoleId[]; lineManagerEmail: string | null }[] = [
  { key: 'reporter', email: 'rita@example.org', name: 'Rita Reporter', roles: ['colleague'], lineManagerEmail: 'lena@example.org' },
  { key: 'lineManager', email: 'lena@example.org', name: 'Lena Manager', roles: ['colleague', 'line_manager'], lineManagerEmail: null },
  { key: 'cxm', email: 'cora@example.org', name: 'Cora Experience', roles: ['colleague', 'customer_experience_manager'], lineManagerEmail: null },
  { key: 'chc', email: 'hugo@example.org', name: 'Hugo Head', roles: ['colleague', 'corporate_head_of_customers'], lineManagerEmail: null },
  { key: 'edc', email: 'edith@example.org', name: 'Edith Director', roles: ['colleague', 'executive_director_of_customers'], lineManagerEmail: null },
];

export interface Seeder {
  services: CaseServices;
  /** Writes a report as the reporter at `at` (the cases' clocks are what the reminders count from). */
  reportAt(at: Date, accountRef: string): Promise<Case>;
}

export async function seed(connection: Connection): Promise<Seeder> {
  let now = new Date();
  // Nothing is told from here: the apps under test do all the messaging.
  const services = mongoCaseServices(connection, { caseChanged: async () => {} }, () => now);
  await ensureIndexes(connection);
  await services.people.upsertMany(PEOPLE.map(({ key, ...p }) => ({ ...p, slackUserId: SLACK[key], teamsAadObjectId: null })));
  await services.people.resolveLineManagers();
  const reporter = (await services.people.findByEmail('rita@example.org'))!;
  return {
    services,
    async reportAt(at, accountRef) {
      now = at;
      const result = await reportIncident(services, {
        reporterPersonId: reporter.id,
        report: {
          customerAccountRef: accountRef,
          customerName: 'Alex Example',
          occurredAt: new Date(at.getTime() - 3_600_000).toISOString(),
          channel: 'telephone',
          behaviours: [{ criterionId: 'unacceptable_language', behaviourId: 'insulting' }],
          description: 'Shouted at the colleague for ten minutes.',
          threatenedOrHurt: false,
        },
      });
      if (!result.ok) throw new Error(`report: ${result.error.code} ${result.error.message}`);
      return result.case;
    },
  };
}

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
}

/** Slack's Web API, locally: records every call; chat.postMessage can be held for `postDelayMs`. */
export class LocalSlackApi {
  readonly calls: SlackCall[] = [];
  /** chat.postMessage calls whose answer has been written. */
  readonly answered: SlackCall[] = [];
  postDelayMs = 0;
  private server: Server | null = null;
  private ts = 1_800_000_000;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
        const body = Buffer.concat(chunks).toString('utf8');
        const args = String(req.headers['content-type'] ?? '').includes('json') ? (JSON.parse(body || '{}') as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(body));
        const call = { method, args, at: Date.now() };
        this.calls.push(call);
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

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server!.close(resolve));
  }

  posts(channel?: string): SlackCall[] {
    return this.calls.filter((c) => c.method === 'chat.postMessage' && (!channel || c.args.channel === channel));
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT000001', team_id: 'T1', bot_id: 'B1' };
      case 'chat.postMessage':
        return { ok: true, channel: `D${String(args.channel)}`, ts: `${this.ts++}.000100` };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users)}` } };
      default:
        return { ok: true };
    }
  }
}

/** Waits until `predicate` holds, or fails saying what it waited for. */
export async function until(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
