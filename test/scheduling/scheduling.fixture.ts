import type { Case } from '../../src/cases/index.js';
import { mongoSchedulingDeps } from '../../src/store/mongo-scheduling.js';
import type { ReminderSender, SendOutcome } from '../../src/scheduling/reminder-sender.js';
import { defaultSchedulingSettings } from '../../src/scheduling/scheduling-settings.js';
import type { SchedulingDeps } from '../../src/scheduling/sweep.js';
import type { TestDatabase } from '../support/database/test-database.js';
import { caseFixture, type Fixture } from '../app/case-services.fixture.js';
import { continuedSinceWarning } from '../cases/fixtures.js';

export class RecordingSender implements ReminderSender {
  readonly sent: { personIds: string[]; text: string; caseId: string | null }[] = [];
  async send(personIds: string[], text: string, caseId: string | null): Promise<SendOutcome> {
    this.sent.push({ personIds, text, caseId });
    return { delivered: personIds, unreachable: [] };
  }
}

export interface SchedulingFixture extends Fixture {
  deps: SchedulingDeps;
  sender: RecordingSender;
  toRestricted(kase: Case, restriction?: Record<string, unknown>): Promise<Case>;
}

export async function schedulingFixture(db: TestDatabase, start: Date): Promise<SchedulingFixture> {
  const fx = await caseFixture(db.connection, start);
  const sender = new RecordingSender();
  const deps = mongoSchedulingDeps(db.connection, fx.services, sender, defaultSchedulingSettings());
  const { act } = fx;
  return {
    ...fx,
    deps,
    sender,
    async toRestricted(
      kase,
      restriction = {
        type: 'letter_only',
        details: { thirdPartyAllowed: true },
        startDate: '2026-12-01',
        reviewDate: '2027-02-28',
        endDate: '2027-11-30',
      },
    ) {
      kase = await act(kase, 'lineManager', {
        action: 'escalate',
        rationale: 'Repeated abuse.',
        colleagueSupport: { safeToContinue: true, supportOffered: 'Debrief' },
      });
      kase = await act(kase, 'cxm', {
        action: 'escalate',
        rationale: 'Pattern of abuse.',
        riskAssessment: { outcome: 'completed', reference: 'RA-77' },
      });
      kase = await act(kase, 'chc', {
        action: 'propose_warning',
        rationale: 'Behaviour continued.',
        complaint: { reference: 'CMP-501', status: 'being_investigated' },
        adjustmentsConsidered: 'None requested.',
        behaviours: [
          { criterionId: 'unacceptable_language', behaviourId: 'insulting', example: 'Called the colleague useless.' },
        ],
      });
      kase = await act(kase, 'edc', { action: 'approve_warning', rationale: 'Proportionate.' });
      kase = await act(kase, 'chc', {
        action: 'propose_restrictions',
        ...continuedSinceWarning(kase),
        rationale: 'Calls continued.',
        proportionality: 'Letter contact protects staff.',
        restrictions: [restriction],
      });
      return act(kase, 'edc', { action: 'approve_restrictions', rationale: 'Approved.' });
    },
  };
}

/** An instant given as London wall-clock time (these tests use winter dates: London = UTC). */
export function london(dateTime: string): Date {
  return new Date(`${dateTime}:00Z`);
}
