import type { Connection } from 'mongoose';
import { reportIncident } from '../../src/app/report-incident.js';
import type { CaseServices } from '../../src/app/services.js';
import type { Case } from '../../src/cases/index.js';
import type { RoleId } from '../../src/policy/roles.js';
import { ensureIndexes, mongoCaseServices } from '../../src/store/mongo-case-services.js';

// Shared by the process-level tests: people with Slack ids, cases written at a chosen time, and a
// local Slack Web API (reached through SLACK_API_URL) that can be made slow (FakeSlackApi.postDelayMs).

export const SECRET = 'operations-signing-secret';
export const SLACK = {
  reporter: 'UREPORTER01',
  lineManager: 'ULINEMGR001',
  cxm: 'UCXMANAGER1',
  chc: 'UCORPHEAD01',
  edc: 'UEXECDIR001',
};

const PEOPLE: {
  key: keyof typeof SLACK;
  email: string;
  name: string;
  roles: RoleId[];
  lineManagerEmail: string | null;
}[] = [
  {
    key: 'reporter',
    email: 'rita@example.org',
    name: 'Rita Reporter',
    roles: ['colleague'],
    lineManagerEmail: 'lena@example.org',
  },
  {
    key: 'lineManager',
    email: 'lena@example.org',
    name: 'Lena Manager',
    roles: ['colleague', 'line_manager'],
    lineManagerEmail: null,
  },
  {
    key: 'cxm',
    email: 'cora@example.org',
    name: 'Cora Experience',
    roles: ['colleague', 'customer_experience_manager'],
    lineManagerEmail: null,
  },
  {
    key: 'chc',
    email: 'hugo@example.org',
    name: 'Hugo Head',
    roles: ['colleague', 'corporate_head_of_customers'],
    lineManagerEmail: null,
  },
  {
    key: 'edc',
    email: 'edith@example.org',
    name: 'Edith Director',
    roles: ['colleague', 'executive_director_of_customers'],
    lineManagerEmail: null,
  },
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
  await services.people.upsertMany(
    PEOPLE.map(({ key, ...p }) => ({ ...p, slackUserId: SLACK[key], teamsAadObjectId: null })),
  );
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

/** Waits until `predicate` holds, or fails saying what it waited for. */
export async function until(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
