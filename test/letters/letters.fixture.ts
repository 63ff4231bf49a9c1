import type { Connection } from 'mongoose';
import type { Case } from '../../src/cases/index.js';
import { loadLetterAssets } from '../../src/letters/letter-pdf.js';
import { LetterService } from '../../src/letters/letter-service.js';
import { letterSettingsSchema, organisationFrom } from '../../src/letters/letter-settings.js';
import { MongoLetterArchive } from '../../src/store/mongo-letter.archive.js';
import { caseFixture, type Fixture } from '../app/case-services.fixture.js';

// A case driven through the real use cases on the real database, and the letter service on the
// same connection, as the runtime wires them.

export const organisation = organisationFrom(letterSettingsSchema.parse({}));

export interface LettersFixture extends Fixture {
  letters: LetterService;
  archive: MongoLetterArchive;
  /** A new case whose report names complaint CMP-501. */
  openCase(): Promise<Case>;
  /** Drives a new case to `edc_warning_approval`. */
  toWarningApproval(): Promise<Case>;
}

export async function lettersFixture(connection: Connection, start?: Date): Promise<LettersFixture> {
  const fx = await caseFixture(connection, start);
  const archive = new MongoLetterArchive(connection);
  const letters = new LetterService({
    archive,
    customers: fx.services.customers,
    people: fx.services.people,
    organisation,
    assets: loadLetterAssets(null),
    clock: fx.services.clock,
  });
  // The complaint the warning names (CMP-501) is the one the report gave.
  const openCase = () => fx.openCase({ complaintReference: 'CMP-501' });
  const { act } = fx;
  const toWarningApproval = async () => {
    let kase = await openCase();
    kase = await act(kase, 'lineManager', {
      action: 'escalate',
      rationale: 'Repeated abuse over three calls.',
      colleagueSupport: { safeToContinue: true, supportOffered: 'Debrief and a break' },
    });
    kase = await act(kase, 'cxm', {
      action: 'escalate',
      rationale: 'Pattern of abuse.',
      riskAssessment: { outcome: 'completed', reference: 'RA-77' },
    });
    return act(kase, 'chc', {
      action: 'propose_warning',
      rationale: 'Behaviour continued after informal words.',
      complaint: { reference: 'CMP-501', status: 'being_investigated' },
      adjustmentsConsidered: 'No adjustments recorded; asked the customer, none requested.',
      behaviours: [
        {
          criterionId: 'unacceptable_language',
          behaviourId: 'insulting',
          example: 'Called the colleague useless on 30 November.',
        },
      ],
    });
  };
  return { ...fx, letters, archive, openCase, act, toWarningApproval };
}

export const RESTRICTIONS = {
  action: 'propose_restrictions',
  rationale: 'Calls continued after the warning.',
  proportionality: 'Letter contact keeps the complaint moving while protecting staff.',
  restrictions: [
    {
      type: 'letter_only',
      details: { thirdPartyAllowed: true },
      startDate: '2026-12-01',
      reviewDate: '2027-02-28',
      endDate: '2027-05-31',
    },
  ],
};
