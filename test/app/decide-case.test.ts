import { decideCase } from '../../src/app/decide-case.js';
import { reportIncident } from '../../src/app/report-incident.js';
import { verifyAuditTrail } from '../../src/app/verify-audit-trail.js';
import type { Case } from '../../src/cases/index.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { caseFixture, reportInput, type Fixture } from './case-services.fixture.js';
import { continuedSinceWarning } from '../cases/fixtures.js';

let db: TestDatabase;
let fx: Fixture;

beforeEach(async () => {
  db = await openTestDatabase();
  fx = await caseFixture(db.connection);
});
afterEach(() => db.close());

const openCase = () => fx.openCase();
const act: Fixture['act'] = (kase, who, command) => fx.act(kase, who, command);

const escalateByLineManager = {
  action: 'escalate',
  rationale: 'Repeated abuse over three calls.',
  colleagueSupport: { safeToContinue: true, supportOffered: 'Debrief and a break' },
};

describe('deciding a case (real database)', () => {
  test('a case travels report → restricted through every tier, each decision saved, audited and notified once', async () => {
    let kase = await openCase();
    kase = await act(kase, 'lineManager', escalateByLineManager);
    kase = await act(kase, 'cxm', {
      action: 'escalate',
      rationale: 'Pattern of abuse.',
      riskAssessment: { outcome: 'completed', reference: 'RA-77' },
    });
    kase = await act(kase, 'chc', {
      action: 'propose_warning',
      rationale: 'Behaviour continued after informal words.',
      complaint: { reference: 'CMP-501', status: 'being_investigated' },
      adjustmentsConsidered: 'No adjustments recorded; asked the customer, none requested.',
      behaviours: [
        { criterionId: 'unacceptable_language', behaviourId: 'insulting', example: 'Called the colleague useless.' },
      ],
    });
    kase = await act(kase, 'edc', { action: 'approve_warning', rationale: 'Proportionate.' });
    expect(kase.state).toBe('warning_issued');
    kase = await act(kase, 'chc', {
      action: 'propose_restrictions',
      ...continuedSinceWarning(kase),
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
    });
    kase = await act(kase, 'edc', { action: 'approve_restrictions', rationale: 'Approved.' });

    expect(kase.state).toBe('restricted');
    expect(kase.nextReviewDue).toBe('2027-02-28');
    expect(kase.letters.map((l) => l.kind)).toEqual(['warning', 'restriction']);
    const stored = await fx.services.cases.findById(kase.id);
    expect(stored).toEqual(kase);
    const events = await fx.services.cases.events(kase.id);
    expect(events.map((e) => e.action)).toEqual([
      'report',
      'escalate',
      'escalate',
      'propose_warning',
      'approve_warning',
      'propose_restrictions',
      'approve_restrictions',
    ]);
    expect(await verifyAuditTrail(fx.services.cases, kase.id)).toEqual({ ok: true, length: 7 });
    expect(fx.notifier.changes).toHaveLength(7);
  });

  test('20 concurrent decisions on one case: exactly 1 succeeds, 19 are told "already decided", the audit trail gains exactly one entry', async () => {
    const kase = await openCase();
    const before = (await fx.services.cases.events(kase.id)).length;
    const notifiedBefore = fx.notifier.changes.length;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        decideCase(fx.services, {
          caseId: kase.id,
          actorPersonId: fx.ids.lineManager,
          command: { ...escalateByLineManager, rationale: `Click ${i}`, expectedVersion: kase.version },
        }),
      ),
    );
    const winners = results.filter((r) => r.ok);
    const losers = results.filter((r) => !r.ok);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(19);
    for (const r of losers) {
      if (r.ok) continue;
      expect(r.error.code).toBe('CASE.ALREADY_DECIDED');
      expect(r.error.message).toMatch(/^Already decided by Lena Manager at 30 Nov 2026, 10:00\.$/);
    }
    expect((await fx.services.cases.events(kase.id)).length).toBe(before + 1);
    expect(fx.notifier.changes.length).toBe(notifiedBefore + 1);
    expect((await fx.services.cases.findById(kase.id))!.state).toBe('cxm_review');
  });

  test('the wrong person is refused and nothing changes', async () => {
    const kase = await openCase();
    const result = await decideCase(fx.services, {
      caseId: kase.id,
      actorPersonId: fx.ids.otherManager,
      command: escalateByLineManager,
    });
    expect(result.ok ? 'ok' : result.error.code).toBe('CASE.NOT_YOUR_TIER');
    expect(result.ok ? '' : result.error.message).toBe(
      "Only the reporter's line manager (or their deputy) can decide this.",
    );
    expect(await fx.services.cases.events(kase.id)).toHaveLength(1);
  });

  test('a deputy acts for an absent line manager within the period, recorded as "X on behalf of Y"', async () => {
    const kase = await openCase();
    await fx.services.people.setDeputy(fx.ids.lineManager, {
      deputyPersonId: fx.ids.deputy,
      from: new Date('2026-11-29T00:00:00Z'),
      until: new Date('2026-12-05T00:00:00Z'),
    });
    const next = await act(kase, 'deputy', escalateByLineManager);
    expect(next.lastDecision!.by).toEqual({
      personId: fx.ids.deputy,
      name: 'Dev Deputy',
      onBehalfOf: { personId: fx.ids.lineManager, name: 'Lena Manager' },
    });
    const events = await fx.services.cases.events(kase.id);
    expect(events[1]!.actor.onBehalfOf).toEqual({ personId: fx.ids.lineManager, name: 'Lena Manager' });
  });

  test('outside the deputy period the deputy is refused', async () => {
    const kase = await openCase();
    await fx.services.people.setDeputy(fx.ids.lineManager, {
      deputyPersonId: fx.ids.deputy,
      from: new Date('2026-12-10T00:00:00Z'),
      until: new Date('2026-12-20T00:00:00Z'),
    });
    const result = await decideCase(fx.services, {
      caseId: kase.id,
      actorPersonId: fx.ids.deputy,
      command: escalateByLineManager,
    });
    expect(result.ok ? 'ok' : result.error.code).toBe('CASE.NOT_YOUR_TIER');
  });

  test('closing a case frees the customer: the next report opens a new case', async () => {
    const kase = await openCase();
    const closed = await act(kase, 'lineManager', {
      action: 'resolve_informally',
      rationale: 'Out of character (§12); informal words given.',
    });
    expect(closed.state).toBe('closed');
    const again = await reportIncident(fx.services, { reporterPersonId: fx.ids.reporter, report: reportInput() });
    if (!again.ok) throw new Error(again.error.message);
    expect(again.attached).toBe(false);
    expect(again.case.number).toBe('LCP-2026-0002');
  });

  test('an approved flag marker is added to the customer account (§11)', async () => {
    let kase = await openCase();
    kase = await act(kase, 'lineManager', escalateByLineManager);
    kase = await act(kase, 'cxm', { action: 'propose_flag_marker', rationale: 'Threats to visiting staff.' });
    expect((await fx.services.customers.findByAccountRef('ACC-10001'))!.markers).toEqual([]);
    kase = await act(kase, 'chc', { action: 'approve_flag_marker', rationale: 'Agreed.' });
    const customer = await fx.services.customers.findByAccountRef('ACC-10001');
    expect(customer!.markers).toEqual([
      {
        kind: 'flag',
        status: 'live',
        reason: 'Threats to visiting staff.',
        caseNumber: kase.number,
        since: '2026-11-30T10:00:00.000Z',
      },
    ]);
  });

  test('a restriction conflicting with an agreed adjustment is blocked until the approver records why it is still proportionate', async () => {
    let kase = await openCase();
    await fx.services.customers.addAdjustment('ACC-10001', {
      id: 'ADJ-1',
      kind: 'cannot_write',
      description: 'Cannot read or write; needs calls',
    });
    kase = await fx.advance(kase, 'warning_issued');
    const proposal = {
      action: 'propose_restrictions',
      ...continuedSinceWarning(kase),
      expectedVersion: kase.version,
      rationale: 'Continued.',
      proportionality: 'Needed.',
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
    const blocked = await decideCase(fx.services, { caseId: kase.id, actorPersonId: fx.ids.chc, command: proposal });
    expect(blocked.ok ? 'ok' : blocked.error.code).toBe('CASE.GATE_NOT_MET');
    const allowed = await decideCase(fx.services, {
      caseId: kase.id,
      actorPersonId: fx.ids.chc,
      command: {
        ...proposal,
        adjustmentJustifications: { 'ADJ-1': 'Contact through the named support worker stays open.' },
      },
    });
    expect(allowed.ok ? allowed.case.state : allowed.error.message).toBe('edc_restriction_approval');
  });

  test('the scheduler expires restrictions once their end date is reached, and only then', async () => {
    let kase = await openCase();
    kase = await fx.advance(kase, 'warning_issued');
    kase = await act(kase, 'chc', {
      action: 'propose_restrictions',
      ...continuedSinceWarning(kase),
      rationale: 'Continued.',
      proportionality: 'Needed.',
      restrictions: [
        {
          type: 'no_office_access',
          details: { offices: [] },
          startDate: '2026-12-01',
          reviewDate: '2027-01-15',
          endDate: '2027-01-31',
        },
      ],
    });
    kase = await act(kase, 'edc', { action: 'approve_restrictions', rationale: 'Approved.' });
    const early = await decideCase(fx.services, {
      caseId: kase.id,
      actorPersonId: 'system',
      command: { action: 'expire' },
    });
    expect(early.ok ? 'ok' : early.error.code).toBe('CASE.GATE_NOT_MET');
    fx.setNow(new Date('2027-01-31T09:00:00Z'));
    const expired = await decideCase(fx.services, {
      caseId: kase.id,
      actorPersonId: 'system',
      command: { action: 'expire' },
    });
    expect(expired.ok ? expired.case.closure!.reason : expired.error.message).toBe('restrictions_expired');
  });

  describe('a request key (a Slack view, a Teams activity) is kept on the decision it saved', () => {
    const keyed = (kase: Case, key: string, command: Record<string, unknown> = escalateByLineManager) =>
      decideCase(fx.services, {
        caseId: kase.id,
        actorPersonId: fx.ids.lineManager,
        command: { expectedVersion: kase.version, ...command },
        idempotencyKey: key,
      });

    test('a retry gets the first answer, even after the case moved on: one event, no receipt, no refusal recorded', async () => {
      const kase = await openCase();
      const first = await keyed(kase, 'slack:view:V1');
      if (!first.ok) throw new Error(first.error.message);
      const again = await keyed(kase, 'slack:view:V1');
      expect(again).toEqual({ ok: true, case: first.case, events: [] });

      await act(first.case, 'cxm', { action: 'escalate', rationale: 'On.', riskAssessment: { outcome: 'not_needed' } });
      const late = await keyed(kase, 'slack:view:V1');
      expect(late).toEqual({ ok: true, case: first.case, events: [] });

      expect((await fx.services.cases.events(kase.id)).map((e) => e.action)).toEqual([
        'report',
        'escalate',
        'escalate',
      ]);
      expect(await fx.services.refusals.forCase(kase.id)).toEqual([]);
      expect(await db.connection.collection('idempotency_receipts').countDocuments()).toBe(0);
      expect(await verifyAuditTrail(fx.services.cases, kase.id)).toEqual({ ok: true, length: 3 });
    });

    test('a stale card under a new key is still refused and recorded: the key only finds its own decision', async () => {
      const kase = await openCase();
      expect((await keyed(kase, 'slack:view:V1')).ok).toBe(true);
      const other = await keyed(kase, 'slack:view:V2');
      expect(other.ok ? 'ok' : other.error.code).toBe('CASE.ALREADY_DECIDED');
      expect((await fx.services.refusals.forCase(kase.id)).map((r) => r.code)).toEqual(['CASE.ALREADY_DECIDED']);
    });

    test('an attempt the workflow refused leaves its key free: the corrected form is saved under the same key', async () => {
      const kase = await openCase();
      const missing = await keyed(kase, 'teams:act-1', { ...escalateByLineManager, rationale: '' });
      expect(missing.ok).toBe(false);
      const corrected = await keyed(kase, 'teams:act-1');
      expect(corrected.ok ? corrected.case.state : corrected.error.message).toBe('cxm_review');
      expect(await fx.services.cases.events(kase.id)).toHaveLength(2);
    });

    test('10 concurrent submissions with one key: one decision, and every one is answered with it', async () => {
      const kase = await openCase();
      const notifiedBefore = fx.notifier.changes.length;
      const results = await Promise.all(Array.from({ length: 10 }, () => keyed(kase, 'slack:view:VSAME')));
      expect(results.map((r) => (r.ok ? r.case.version : r.error.code))).toEqual(results.map(() => kase.version + 1));
      expect(await fx.services.cases.events(kase.id)).toHaveLength(2);
      expect(fx.notifier.changes.length).toBe(notifiedBefore + 1);
    });
  });
});
