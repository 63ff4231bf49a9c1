import type { RoleId } from '../../src/policy/roles.js';

// The directory every benchmark runs with: one person per role, reachable on Slack and Teams.

export const SIGNING_SECRET = 'bench-signing-secret';
export const BOT_TOKEN = 'xoxb-bench-token';

export const BENCH_PEOPLE = {
  reporter: {
    email: 'rita.reporter@example.org',
    name: 'Rita Reporter',
    roles: ['colleague'],
    lineManagerEmail: 'lena.manager@example.org',
    slack: 'UREPORTER1',
    aad: '00000000-0000-0000-0000-00000000b001',
  },
  lineManager: {
    email: 'lena.manager@example.org',
    name: 'Lena Manager',
    roles: ['colleague', 'line_manager'],
    lineManagerEmail: null,
    slack: 'ULINEMGR01',
    aad: '00000000-0000-0000-0000-00000000b002',
  },
  cxm: {
    email: 'cora.cxm@example.org',
    name: 'Cora Experience',
    roles: ['colleague', 'customer_experience_manager'],
    lineManagerEmail: null,
    slack: 'UCXM000001',
    aad: '00000000-0000-0000-0000-00000000b003',
  },
  chc: {
    email: 'hugo.head@example.org',
    name: 'Hugo Head',
    roles: ['colleague', 'corporate_head_of_customers'],
    lineManagerEmail: null,
    slack: 'UCHC000001',
    aad: '00000000-0000-0000-0000-00000000b004',
  },
  edc: {
    email: 'edith.director@example.org',
    name: 'Edith Director',
    roles: ['colleague', 'executive_director_of_customers'],
    lineManagerEmail: null,
    slack: 'UEDC000001',
    aad: '00000000-0000-0000-0000-00000000b005',
  },
} satisfies Record<
  string,
  { email: string; name: string; roles: RoleId[]; lineManagerEmail: string | null; slack: string; aad: string }
>;

export type BenchPersonKey = keyof typeof BENCH_PEOPLE;

export function directoryRows() {
  return Object.values(BENCH_PEOPLE).map((p) => ({
    email: p.email,
    name: p.name,
    roles: p.roles as RoleId[],
    lineManagerEmail: p.lineManagerEmail,
    slackUserId: p.slack,
    teamsAadObjectId: p.aad,
  }));
}

/** An incident report as the use case takes it; every benchmark case is about its own customer. */
export function benchReport(accountRef: string, occurredAt: Date): Record<string, unknown> {
  return {
    customerAccountRef: accountRef,
    customerName: 'Alex Example',
    occurredAt: occurredAt.toISOString(),
    channel: 'telephone',
    behaviours: [{ criterionId: 'unacceptable_language', behaviourId: 'insulting' }],
    description: 'The customer called the colleague useless and shouted for ten minutes.',
    threatenedOrHurt: false,
  };
}
