import { NO_PART_IN_CASE } from '../../src/app/prepare-decision.js';
import { decideCase } from '../../src/app/decide-case.js';
import { reportIncident } from '../../src/app/report-incident.js';
import { resolveActor } from '../../src/app/resolve-actor.js';
import { verifyAuditTrail } from '../../src/app/verify-audit-trail.js';
import { authorise } from '../../src/cases/authority.js';
import type { Case } from '../../src/cases/index.js';
import { errorText } from '../../src/channels/teams/teams-text.js';
import { ACTION_IDS, CASE_STATES, findTransition, type ActionId, type CaseState } from '../../src/policy/index.js';
import { caseFixture, PEOPLE, reportInput, type Fixture, type PersonKey } from '../app/case-services.fixture.js';
import { validCommand } from '../cases/fixtures.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { pressCaseButton, SLACK_USERS, startSlackAppHarness } from '../support/slack-app-harness.js';

// Item 4 of issue 8, through the use case on the real database: in every state, every action is
// attempted by every person who may not take it. Each is refused with the code and words the
// authority table gives (the words Slack shows, and Teams through its code-to-text mapping), and
// each attempt is recorded in refused_attempts, while the case keeps its version and its
// hash-chained events. (The pure workflow's refusals are proven pair by pair in
// test/cases/illegal-pairs.test.ts; this is what the app does with them.)

let db: TestDatabase;
let fx: Fixture;

beforeAll(async () => {
  db = await openTestDatabase();
  fx = await caseFixture(db.connection);
});
afterAll(() => db.close());

/** The driven path, one step per state, each by the person the table names. */
const PATH: { state: CaseState; action: ActionId; by: PersonKey; at?: string }[] = [
  { state: 'cxm_review', action: 'escalate', by: 'lineManager' },
  { state: 'chc_review', action: 'escalate', by: 'cxm' },
  { state: 'edc_warning_approval', action: 'propose_warning', by: 'chc' },
  { state: 'warning_issued', action: 'approve_warning', by: 'edc' },
  { state: 'edc_restriction_approval', action: 'propose_restrictions', by: 'chc' },
  { state: 'restricted', action: 'approve_restrictions', by: 'edc' },
  { state: 'restricted', action: 'attach_report', by: 'reporter', at: '2026-12-10T10:00:00Z' },
  { state: 'edc_refusal_approval', action: 'propose_refusal', by: 'chc', at: '2026-12-10T11:00:00Z' },
  { state: 'contact_refused', action: 'refuse_all_contact', by: 'edc', at: '2026-12-10T12:00:00Z' },
];

let customerNo = 0;
async function caseIn(state: CaseState): Promise<Case> {
  fx.setNow(new Date('2026-11-30T10:00:00Z'));
  const opened = await reportIncident(fx.services, {
    reporterPersonId: fx.ids.reporter,
    report: reportInput({ customerAccountRef: `ACC-4${String(++customerNo).padStart(4, '0')}` }),
  });
  if (!opened.ok) throw new Error(opened.error.message);
  let kase = opened.case;
  const step = async (action: ActionId, by: PersonKey, command = validCommand(action, kase, fx.services.clock())) => {
    const result = await decideCase(fx.services, {
      caseId: kase.id,
      actorPersonId: fx.ids[by],
      command: { ...command, expectedVersion: kase.version },
    });
    if (!result.ok) throw new Error(`${action} by ${by}: ${result.error.code} ${result.error.message}`);
    kase = result.case;
  };
  if (state === 'closed') {
    await step('resolve_informally', 'lineManager');
    return kase;
  }
  for (const s of PATH) {
    if (kase.state === state) break;
    if (s.at) fx.setNow(new Date(s.at));
    if (s.action === 'attach_report') {
      // An incident after the restrictions began (§31), reported as a colleague would.
      const attached = await reportIncident(fx.services, {
        reporterPersonId: fx.ids.reporter,
        report: reportInput({ customerAccountRef: kase.customer.accountRef, occurredAt: '2026-12-09T09:00:00Z' }),
      });
      if (!attached.ok) throw new Error(attached.error.message);
      kase = attached.case;
    } else await step(s.action, s.by);
  }
  if (kase.state !== state) throw new Error(`could not drive a case to ${state} (at ${kase.state})`);
  return kase;
}

const PERSON_KEYS = Object.keys(PEOPLE) as PersonKey[];

describe('every action by everyone who may not take it, in every state: refused, worded, audited, nothing changed', () => {
  test.each(CASE_STATES.map((state) => ({ state })))('$state', async ({ state }) => {
    const kase = await caseIn(state);
    const eventsBefore = await fx.services.cases.events(kase.id);
    const now = fx.services.clock();

    const attempts: { action: ActionId; who: PersonKey; code: string; message: string }[] = [];
    for (const who of PERSON_KEYS) {
      const actor = (await resolveActor(fx.services.people, fx.ids[who], now))!;
      for (const action of ACTION_IDS) {
        const row = findTransition(action, kase.state);
        if (row) {
          const authority = authorise(row, kase, actor);
          if (authority.ok) continue; // this person may take it: not a refusal
          attempts.push({ action, who, code: authority.error.code, message: authority.error.message });
        } else attempts.push({ action, who, code: 'CASE.ILLEGAL_TRANSITION', message: '' });
      }
    }
    expect(attempts.length).toBeGreaterThan(ACTION_IDS.length); // never vacuous: someone is refused something

    for (let i = 0; i < attempts.length; i += 16) {
      await Promise.all(
        attempts.slice(i, i + 16).map(async (attempt) => {
          const result = await decideCase(fx.services, {
            caseId: kase.id,
            actorPersonId: fx.ids[attempt.who],
            command: { ...validCommand(attempt.action, kase, now), expectedVersion: kase.version },
          });
          if (result.ok) throw new Error(`${attempt.action} by ${attempt.who} in ${state} was accepted`);
          expect({ action: attempt.action, who: attempt.who, code: result.error.code }).toEqual({
            action: attempt.action,
            who: attempt.who,
            code: attempt.code,
          });
          if (attempt.message) expect(result.error.message).toBe(attempt.message);
          else expect(result.error.message).toMatch(/is not possible while the case is at|already has an open case/);
          // Slack shows the workflow's message; Teams maps the code to its text in one place.
          expect(errorText(result.error)).toBe(result.error.message);
        }),
      );
    }

    const recorded = await fx.services.refusals.forCase(kase.id);
    expect(recorded).toHaveLength(attempts.length);
    const key = (a: { action: string; personId: string; code: string }) => `${a.action}|${a.personId}|${a.code}`;
    expect(recorded.map((r) => key({ action: r.action, personId: r.actor.personId, code: r.code })).sort()).toEqual(
      attempts.map((a) => key({ action: a.action, personId: fx.ids[a.who], code: a.code })).sort(),
    );
    for (const r of recorded) {
      expect(r).toMatchObject({
        caseId: kase.id,
        state: kase.state,
        caseVersion: kase.version,
        stage: 'decision',
        at: now.toISOString(),
      });
      expect(r.actor.name).toBe(PEOPLE[PERSON_KEYS.find((k) => fx.ids[k] === r.actor.personId)!].name);
    }

    // The refusals changed nothing: same version, the same hash-chained events, a sound chain.
    expect((await fx.services.cases.findById(kase.id))!.version).toBe(kase.version);
    expect(await fx.services.cases.events(kase.id)).toEqual(eventsBefore);
    expect(await verifyAuditTrail(fx.services.cases, kase.id)).toEqual({ ok: true, length: kase.version });
  });

  test('a stale card and a person missing from the directory are audited too; a retried request is recorded once', async () => {
    const kase = await caseIn('cxm_review');
    const stale = { ...validCommand('escalate'), expectedVersion: kase.version - 1 };
    const key = 'slack:view:VSTALE';
    for (let i = 0; i < 3; i++) {
      const result = await decideCase(fx.services, {
        caseId: kase.id,
        actorPersonId: fx.ids.lineManager,
        command: stale,
        idempotencyKey: key,
      });
      expect(result.ok ? 'ok' : result.error.code).toBe('CASE.ALREADY_DECIDED');
    }
    // A minute later, so that the two records have an order (they are listed by time).
    fx.setNow(new Date(fx.services.clock().getTime() + 60_000));
    const ghost = '000000000000000000000000';
    const unknown = await decideCase(fx.services, {
      caseId: kase.id,
      actorPersonId: ghost,
      command: { ...validCommand('escalate', kase), expectedVersion: kase.version },
    });
    expect(unknown.ok ? 'ok' : unknown.error.code).toBe('CASE.UNKNOWN_PERSON');
    const recorded = await fx.services.refusals.forCase(kase.id);
    expect(recorded.map((r) => [r.code, r.actor.personId])).toEqual([
      ['CASE.ALREADY_DECIDED', fx.ids.lineManager],
      ['CASE.UNKNOWN_PERSON', ghost],
    ]);
    expect((await fx.services.cases.findById(kase.id))!.version).toBe(kase.version);
  });

  test('input mistakes by the person entitled to act are not recorded as refused attempts', async () => {
    const kase = await caseIn('line_manager_review');
    const result = await decideCase(fx.services, {
      caseId: kase.id,
      actorPersonId: fx.ids.lineManager,
      command: {
        action: 'escalate',
        expectedVersion: kase.version,
        colleagueSupport: { safeToContinue: true, supportOffered: 'x' },
      },
    });
    expect(result.ok ? 'ok' : result.error.code).toBe('CASE.RATIONALE_MISSING');
    expect(await fx.services.refusals.forCase(kase.id)).toEqual([]);
  });
});

describe('in Slack', () => {
  test("the wrong person's click is refused with the authority's words, privately, and audited at the button", async () => {
    const slackDb = await openTestDatabase();
    const app = await startSlackAppHarness({ connection: slackDb.connection });
    try {
      const reporter = (await app.runtime.services.people.findBySlackUserId(SLACK_USERS.reporter))!;
      const opened = await reportIncident(app.runtime.services, {
        reporterPersonId: reporter.id,
        report: reportInput(),
      });
      if (!opened.ok) throw new Error(opened.error.message);
      const kase = opened.case;
      await app.runtime.notifier.idle();
      app.api.clear();
      await pressCaseButton(app, SLACK_USERS.otherManager, 'escalate', kase);
      await app.until(() => app.api.of('chat.postEphemeral').length > 0, 'chat.postEphemeral');
      // Omar has no part in the case (issue 11 §4): he is told so, and nothing about the case.
      expect(app.api.of('chat.postEphemeral').map((c) => c.args.text)).toEqual([NO_PART_IN_CASE]);
      const omar = (await app.runtime.services.people.findBySlackUserId(SLACK_USERS.otherManager))!;
      expect(await app.runtime.services.refusals.forCase(kase.id)).toEqual([
        expect.objectContaining({
          action: 'escalate',
          code: 'CASE.NOT_YOUR_TIER',
          stage: 'button',
          caseVersion: kase.version,
          state: 'line_manager_review',
          actor: expect.objectContaining({ personId: omar.id, name: 'Omar Manager' }),
        }),
      ]);
      expect(await app.runtime.services.cases.events(kase.id)).toHaveLength(1);
    } finally {
      await app.close();
      await slackDb.close();
    }
  });
});

describe('in Teams', () => {
  test('a click on a case card by someone with no part in it is refused on the card and audited at the button', async () => {
    const teamsDb = await openTestDatabase();
    const app = await startSlackAppHarness({ connection: teamsDb.connection });
    try {
      const services = app.runtime.services;
      const aad = '00000000-0000-0000-0000-0000000e0001';
      await services.people.upsertMany([
        {
          email: 'omar@example.org',
          name: 'Omar Manager',
          roles: ['colleague', 'line_manager'],
          lineManagerEmail: null,
          slackUserId: SLACK_USERS.otherManager,
          teamsAadObjectId: aad,
        },
      ]);
      const reporter = (await services.people.findBySlackUserId(SLACK_USERS.reporter))!;
      const opened = await reportIncident(services, { reporterPersonId: reporter.id, report: reportInput() });
      if (!opened.ok) throw new Error(opened.error.message);
      const kase = opened.case;
      await app.runtime.notifier.idle();
      const invoke = {
        type: 'invoke',
        name: 'adaptiveCard/action',
        id: 'inv-1',
        channelId: 'msteams',
        serviceUrl: 'https://smba.trafficmanager.net/',
        from: { id: '29:omar', aadObjectId: aad },
        recipient: { id: '28:bot' },
        conversation: { id: 'a:chat-omar', conversationType: 'personal' },
        value: {
          action: {
            type: 'Action.Execute',
            verb: 'lcp_action',
            data: { action: 'escalate', caseId: kase.id, version: kase.version },
          },
        },
      };
      const res = await fetch(`${app.base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(invoke),
      });
      expect(res.status).toBe(200);
      // Omar has no part in the case: told he cannot act on it (not "no case with that number": he typed none).
      expect(await res.text()).toContain(NO_PART_IN_CASE);
      const omar = (await services.people.findBySlackUserId(SLACK_USERS.otherManager))!;
      expect(await services.refusals.forCase(kase.id)).toEqual([
        expect.objectContaining({
          action: 'escalate',
          code: 'CASE.NOT_YOUR_TIER',
          stage: 'button',
          actor: expect.objectContaining({ personId: omar.id }),
        }),
      ]);
      expect(await services.cases.events(kase.id)).toHaveLength(1);
    } finally {
      await app.close();
      await teamsDb.close();
    }
  });
});
