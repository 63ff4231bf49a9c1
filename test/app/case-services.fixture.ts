import type { Connection } from 'mongoose';
import { decideCase } from '../../src/app/decide-case.js';
import type { CaseChange, Notifier } from '../../src/app/ports.js';
import { reportIncident } from '../../src/app/report-incident.js';
import type { CaseServices } from '../../src/app/services.js';
import type { Case } from '../../src/cases/index.js';
import type { CaseState } from '../../src/policy/index.js';
import { ensureIndexes, mongoCaseServices } from '../../src/store/mongo-case-services.js';
import type { RoleId } from '../../src/policy/roles.js';
import { advanceTo } from '../support/case-path.js';

/** A notifier that remembers what it was told, to check that each change is told exactly once. */
export class RecordingNotifier implements Notifier {
  readonly changes: CaseChange[] = [];
  async caseChanged(change: CaseChange): Promise<void> {
    this.changes.push(change);
  }
}

export const PEOPLE = {
  reporter: {
    email: 'rita.reporter@example.org',
    name: 'Rita Reporter',
    roles: ['colleague'] as RoleId[],
    lineManagerEmail: 'lena.manager@example.org',
  },
  lineManager: {
    email: 'lena.manager@example.org',
    name: 'Lena Manager',
    roles: ['colleague', 'line_manager'] as RoleId[],
    lineManagerEmail: 'cora.cxm@example.org',
  },
  otherManager: {
    email: 'omar.manager@example.org',
    name: 'Omar Manager',
    roles: ['colleague', 'line_manager'] as RoleId[],
    lineManagerEmail: null,
  },
  cxm: {
    email: 'cora.cxm@example.org',
    name: 'Cora Experience',
    roles: ['colleague', 'customer_experience_manager'] as RoleId[],
    lineManagerEmail: null,
  },
  chc: {
    email: 'hugo.head@example.org',
    name: 'Hugo Head',
    roles: ['colleague', 'corporate_head_of_customers'] as RoleId[],
    lineManagerEmail: null,
  },
  edc: {
    email: 'edith.director@example.org',
    name: 'Edith Director',
    roles: ['colleague', 'executive_director_of_customers'] as RoleId[],
    lineManagerEmail: null,
  },
  deputy: {
    email: 'dev.deputy@example.org',
    name: 'Dev Deputy',
    roles: ['colleague'] as RoleId[],
    lineManagerEmail: null,
  },
};
export type PersonKey = keyof typeof PEOPLE;

export interface Fixture {
  services: CaseServices;
  notifier: RecordingNotifier;
  ids: Record<PersonKey, string>;
  /** Moves the fixture's clock. */
  setNow(at: Date): void;
  /** An incident reported by the reporter (reportInput with `overrides`): the case it opened. */
  openCase(overrides?: Record<string, unknown>): Promise<Case>;
  /** Decides `command` on `kase` as `who` through the use case: the case after it. */
  act(kase: Case, who: PersonKey, command: Record<string, unknown>): Promise<Case>;
  /** Takes `kase` along the usual path (test/support/case-path.ts) to `target`, dated by the fixture's clock. */
  advance(kase: Case, target: CaseState): Promise<Case>;
}

/** Real repositories on a real database, seeded with one person per role through the directory. */
export async function caseFixture(connection: Connection, start = new Date('2026-11-30T10:00:00Z')): Promise<Fixture> {
  let now = start;
  const notifier = new RecordingNotifier();
  const services = mongoCaseServices(connection, notifier, () => now);
  await ensureIndexes(connection);
  await services.people.upsertMany(
    Object.values(PEOPLE).map((p) => ({ ...p, slackUserId: null, teamsAadObjectId: null })),
  );
  await services.people.resolveLineManagers();
  const ids = {} as Record<PersonKey, string>;
  for (const [key, p] of Object.entries(PEOPLE))
    ids[key as PersonKey] = (await services.people.findByEmail(p.email))!.id;
  const act = async (kase: Case, who: PersonKey, command: Record<string, unknown>): Promise<Case> => {
    const result = await decideCase(services, {
      caseId: kase.id,
      actorPersonId: ids[who],
      command: { expectedVersion: kase.version, ...command },
    });
    if (!result.ok)
      throw new Error(`${String(command.action)} by ${who}: ${result.error.code} ${result.error.message}`);
    return result.case;
  };
  return {
    services,
    notifier,
    ids,
    setNow: (at) => (now = at),
    async openCase(overrides = {}) {
      const result = await reportIncident(services, { reporterPersonId: ids.reporter, report: reportInput(overrides) });
      if (!result.ok) throw new Error(result.error.message);
      return result.case;
    },
    act,
    advance: (kase, target) => advanceTo(kase, target, act, () => now),
  };
}

export function reportInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    customerAccountRef: 'ACC-10001',
    customerName: 'Alex Example',
    occurredAt: '2026-11-30T09:15:00Z',
    channel: 'telephone',
    behaviours: [{ criterionId: 'unacceptable_language', behaviourId: 'insulting' }],
    description: 'The customer called the colleague useless and shouted for ten minutes.',
    threatenedOrHurt: false,
    ...overrides,
  };
}
