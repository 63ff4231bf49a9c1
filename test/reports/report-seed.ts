import { decideCase } from '../../src/app/decide-case.js';
import { reportIncident } from '../../src/app/report-incident.js';
import type { Case } from '../../src/cases/index.js';
import type { TestDatabase } from '../support/database/test-database.js';
import { caseFixture, reportInput, type Fixture, type PersonKey } from '../app/case-services.fixture.js';
import { continuedSinceWarning, ADJUSTMENTS_CONSIDERED } from '../cases/fixtures.js';

// Real cases for the report tests, driven through the use cases (reportIncident, decideCase) on the
// real database with the fixture's clock moved to each step's date. The figures the tests expect
// are counted by hand from the steps below.

export interface Seeded {
  fx: Fixture;
  /** A second executive director who takes no decision, so appeals have an independent senior. */
  independentId: string;
  cases: Record<'alex' | 'bea' | 'cy' | 'dee' | 'eli', Case>;
}

const at = (iso: string) => new Date(iso);

export async function seedCases(db: TestDatabase): Promise<Seeded> {
  const fx = await caseFixture(db.connection, at('2025-11-03T10:00:00Z'));
  await fx.services.people.upsertMany([
    {
      email: 'ivy.independent@example.org',
      name: 'Ivy Independent',
      roles: ['colleague', 'executive_director_of_customers'],
      lineManagerEmail: null,
      slackUserId: null,
      teamsAadObjectId: null,
    },
  ]);
  const independentId = (await fx.services.people.findByEmail('ivy.independent@example.org'))!.id;
  const ids: Record<string, string> = { ...fx.ids, independent: independentId };

  const open = async (
    when: string,
    accountRef: string,
    customerName: string,
    extra: Record<string, unknown> = {},
  ): Promise<Case> => {
    fx.setNow(at(when));
    const result = await reportIncident(fx.services, {
      reporterPersonId: fx.ids.reporter,
      report: reportInput({
        customerAccountRef: accountRef,
        customerName,
        occurredAt: new Date(Date.parse(when) - 3_600_000).toISOString(),
        ...extra,
      }),
    });
    if (!result.ok) throw new Error(result.error.message);
    return result.case;
  };
  const act = async (
    kase: Case,
    when: string,
    who: PersonKey | 'independent',
    command: Record<string, unknown>,
  ): Promise<Case> => {
    fx.setNow(at(when));
    const result = await decideCase(fx.services, {
      caseId: kase.id,
      actorPersonId: ids[who]!,
      command: { expectedVersion: kase.version, ...command },
    });
    if (!result.ok)
      throw new Error(`${String(command.action)} by ${who}: ${result.error.code} ${result.error.message}`);
    return result.case;
  };
  const toWarning = async (
    kase: Case,
    days: [string, string, string, string],
    adjustmentsMade: string[] = [],
    rationale = 'Proportionate: the abuse continued.',
  ) => {
    kase = await act(kase, days[0], 'lineManager', {
      action: 'escalate',
      rationale: 'Repeated abuse.',
      colleagueSupport: { safeToContinue: true, supportOffered: 'Debrief' },
    });
    kase = await act(kase, days[1], 'cxm', {
      action: 'escalate',
      rationale: 'Pattern of abuse.',
      riskAssessment: { outcome: 'not_needed' },
    });
    kase = await act(kase, days[2], 'chc', {
      action: 'propose_warning',
      rationale: 'Behaviour continued after informal words.',
      complaint: { reference: 'CMP-501', status: 'being_investigated' },
      adjustmentsConsidered: 'Asked the customer about support needs.',
      adjustmentsMade,
      behaviours: [
        { criterionId: 'unacceptable_language', behaviourId: 'insulting', example: 'Called the colleague useless.' },
      ],
    });
    return act(kase, days[3], 'edc', { action: 'approve_warning', rationale });
  };
  const restrict = async (
    kase: Case,
    proposeOn: string,
    approveOn: string,
    items: { type: string; details: Record<string, unknown> }[],
    dates: { startDate: string; reviewDate: string; endDate: string },
    rationale: string,
  ) => {
    kase = await act(kase, proposeOn, 'chc', {
      action: 'propose_restrictions',
      ...continuedSinceWarning(kase),
      rationale: 'Calls continued after the warning.',
      proportionality: 'Letters keep the complaint moving.',
      restrictions: items.map((i) => ({ ...i, ...dates })),
    });
    return act(kase, approveOn, 'edc', { action: 'approve_restrictions', rationale });
  };
  const letterOnly = { type: 'letter_only', details: { thirdPartyAllowed: true, thirdPartyName: 'Citizens Advice' } };
  const witness = { type: 'witness_required', details: { witnessRole: 'a team leader' } };
  const noOffice = { type: 'no_office_access', details: { offices: ['Head office'] } };

  // Dee: a warning in November 2025 only (last year: not in the 2026 figures).
  let dee = await open('2025-11-03T10:00:00Z', 'ACC-40004', 'Dee Other');
  dee = await toWarning(dee, [
    '2025-11-04T10:00:00Z',
    '2025-11-05T10:00:00Z',
    '2025-11-06T10:00:00Z',
    '2025-11-07T10:00:00Z',
  ]);

  // Alex: warning, restrictions (letter only + witness, 16 Feb to 16 Aug 2026: 181 days), a breach, refusal of all contact.
  let alex = await open('2026-02-02T10:00:00Z', 'ACC-10001', 'Alex Example');
  alex = await toWarning(
    alex,
    ['2026-02-03T10:00:00Z', '2026-02-03T11:00:00Z', '2026-02-04T10:00:00Z', '2026-02-05T10:00:00Z'],
    [],
    'Alex Example (ACC-10001) swore at three advisers; call 07700 900123.',
  );
  alex = await restrict(
    alex,
    '2026-02-09T10:00:00Z',
    '2026-02-10T10:00:00Z',
    [letterOnly, witness],
    { startDate: '2026-02-16', reviewDate: '2026-05-10', endDate: '2026-08-16' },
    'Mr Example kept calling after the warning.',
  );
  await open('2026-03-01T10:00:00Z', 'ACC-10001', 'Alex Example', { description: 'Called again and swore.' });
  alex = (await fx.services.cases.findById(alex.id))!;
  alex = await act(alex, '2026-03-02T10:00:00Z', 'chc', {
    action: 'propose_refusal',
    rationale: 'Restrictions breached.',
    breachConfirmed: true,
    adjustmentsConsidered: ADJUSTMENTS_CONSIDERED,
  });
  alex = await act(alex, '2026-03-03T10:00:00Z', 'edc', {
    action: 'refuse_all_contact',
    rationale: 'Restrictions were not adhered to.',
    stopComplaintInvestigation: false,
  });

  // Bea: a warning in March 2026 with two adjustments made; an appeal, quashed by an independent senior.
  let bea = await open('2026-03-02T10:00:00Z', 'ACC-20002', 'Bea Sample');
  bea = await toWarning(
    bea,
    ['2026-03-03T10:00:00Z', '2026-03-03T11:00:00Z', '2026-03-04T10:00:00Z', '2026-03-05T10:00:00Z'],
    ['Letters in large print for Bea', 'Calls through her support worker'],
  );
  bea = await act(bea, '2026-04-01T10:00:00Z', 'cxm', {
    action: 'receive_appeal',
    grounds: 'The warning was based on a misheard call.',
  });
  bea = await act(bea, '2026-04-08T10:00:00Z', 'independent', {
    action: 'decide_appeal',
    rationale: 'The recording shows no abuse.',
    outcome: 'quash',
  });

  // Cy: resolved informally (not a use of the policy).
  let cy = await open('2026-04-01T10:00:00Z', 'ACC-30003', 'Cy Person');
  cy = await act(cy, '2026-04-02T10:00:00Z', 'lineManager', {
    action: 'resolve_informally',
    rationale: 'Out of character; apologised.',
  });

  // Eli: warning, restrictions (no office access, 11 May to 11 Nov 2026: 184 days), a review on time
  // (continue, 1 Aug; due 5 Aug), then one late (lift, 10 Nov; due 5 Nov): lasted 11 May to 10 Nov = 183 days.
  let eli = await open('2026-04-27T10:00:00Z', 'ACC-50005', 'Eli Fifth');
  eli = await toWarning(eli, [
    '2026-04-28T10:00:00Z',
    '2026-04-28T11:00:00Z',
    '2026-04-29T10:00:00Z',
    '2026-04-30T10:00:00Z',
  ]);
  eli = await restrict(
    eli,
    '2026-05-04T10:00:00Z',
    '2026-05-05T10:00:00Z',
    [noOffice],
    { startDate: '2026-05-11', reviewDate: '2026-08-05', endDate: '2026-11-11' },
    'Visits to the office continued after the warning.',
  );
  eli = await act(eli, '2026-08-01T10:00:00Z', 'chc', { action: 'review_continue', rationale: 'Still needed.' });
  eli = await act(eli, '2026-11-10T10:00:00Z', 'chc', {
    action: 'review_lift',
    rationale: 'No incidents for three months.',
  });

  fx.setNow(at('2026-11-30T10:00:00Z'));
  return { fx, independentId, cases: { alex, bea, cy, dee, eli } };
}
