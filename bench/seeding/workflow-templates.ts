import type { Connection } from 'mongoose';
import { decideCase } from '../../src/app/decide-case.js';
import { reportIncident } from '../../src/app/report-incident.js';
import type { Case } from '../../src/cases/index.js';
import { ensureIndexes, mongoCaseServices } from '../../src/store/mongo-case-services.js';
import { benchReport, directoryRows } from '../targets/bench-people.js';

// Template cases taken through the real workflow (report, then each tier's decision), to be
// copied by clone-cases.ts. Dated 1 December 2026 (a Tuesday in working hours).

export const TEMPLATE_START = new Date('2026-12-01T10:00:00Z');

export type TemplateKind = 'restricted' | 'warning_issued' | 'closed_informally' | 'line_manager_review';

export async function buildTemplates(
  connection: Connection,
  kinds: readonly TemplateKind[],
): Promise<Record<TemplateKind, Case | undefined>> {
  const services = mongoCaseServices(connection, { caseChanged: async () => {} }, () => TEMPLATE_START);
  await ensureIndexes(connection);
  await services.people.upsertMany(directoryRows());
  await services.people.resolveLineManagers();
  const id = async (email: string) => (await services.people.findByEmail(email))!.id;
  const who = {
    reporter: await id('rita.reporter@example.org'),
    lineManager: await id('lena.manager@example.org'),
    cxm: await id('cora.cxm@example.org'),
    chc: await id('hugo.head@example.org'),
    edc: await id('edith.director@example.org'),
  };

  const drive = async (accountRef: string, steps: [string, Record<string, unknown>][]): Promise<Case> => {
    const opened = await reportIncident(services, {
      reporterPersonId: who.reporter,
      report: benchReport(accountRef, new Date(TEMPLATE_START.getTime() - 3_600_000)),
    });
    if (!opened.ok) throw new Error(opened.error.message);
    let kase = opened.case;
    for (const [actor, step] of steps) {
      // §27: restrictions need the behaviour continued since the warning letter (issue 12).
      const warnedAt = kase.letters.find((l) => l.kind === 'warning')?.sentAt;
      const command =
        step.action === 'propose_restrictions' && warnedAt
          ? {
              ...step,
              adjustmentsConsidered: 'None requested.',
              continuedBehaviour: {
                occurredAt: warnedAt,
                channel: 'telephone',
                description: 'Called again after the warning.',
              },
            }
          : step;
      const result = await decideCase(services, {
        caseId: kase.id,
        actorPersonId: actor,
        command: { expectedVersion: kase.version, ...command },
      });
      if (!result.ok) throw new Error(`${String(command.action)}: ${result.error.code} ${result.error.message}`);
      kase = result.case;
    }
    return kase;
  };
  const toWarning: [string, Record<string, unknown>][] = [
    [
      who.lineManager,
      {
        action: 'escalate',
        rationale: 'Repeated abuse.',
        colleagueSupport: { safeToContinue: true, supportOffered: 'Debrief' },
      },
    ],
    [
      who.cxm,
      {
        action: 'escalate',
        rationale: 'Pattern of abuse.',
        riskAssessment: { outcome: 'completed', reference: 'RA-77' },
      },
    ],
    [
      who.chc,
      {
        action: 'propose_warning',
        rationale: 'Behaviour continued.',
        complaint: { reference: 'CMP-501', status: 'being_investigated' },
        adjustmentsConsidered: 'None requested.',
        behaviours: [
          { criterionId: 'unacceptable_language', behaviourId: 'insulting', example: 'Called the colleague useless.' },
        ],
      },
    ],
    [who.edc, { action: 'approve_warning', rationale: 'Proportionate.' }],
  ];
  const toRestricted: [string, Record<string, unknown>][] = [
    ...toWarning,
    [
      who.chc,
      {
        action: 'propose_restrictions',
        rationale: 'Calls continued.',
        proportionality: 'Letter contact protects staff.',
        restrictions: [
          {
            type: 'letter_only',
            details: { thirdPartyAllowed: true },
            startDate: '2026-12-01',
            reviewDate: '2027-02-28',
            endDate: '2027-11-30',
          },
        ],
      },
    ],
    [who.edc, { action: 'approve_restrictions', rationale: 'Approved.' }],
  ];
  const plans: Record<TemplateKind, [string, Record<string, unknown>][]> = {
    restricted: toRestricted,
    warning_issued: toWarning,
    closed_informally: [
      [who.lineManager, { action: 'resolve_informally', rationale: 'Out of character; informal words given.' }],
    ],
    line_manager_review: [],
  };
  const out: Record<TemplateKind, Case | undefined> = {
    restricted: undefined,
    warning_issued: undefined,
    closed_informally: undefined,
    line_manager_review: undefined,
  };
  for (const kind of kinds) out[kind] = await drive(`TEMPLATE-${kind.replaceAll('_', '-')}`, plans[kind]);
  return out;
}
