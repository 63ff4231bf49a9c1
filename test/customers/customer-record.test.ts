import { checkContact, contactCheckLines } from '../../src/app/contact-checks.js';
import { editCustomer } from '../../src/app/customer-records.js';
import { importCustomerRecords } from '../../src/app/import-customers.js';
import { reportIncident } from '../../src/app/report-incident.js';
import { resolveActor } from '../../src/app/resolve-actor.js';
import { caseView } from '../../src/app/views/case-view.js';
import { needsFor } from '../../src/app/customer-records.js';
import type { Case } from '../../src/cases/index.js';
import { caseFixture, reportInput, type Fixture } from '../app/case-services.fixture.js';
import { continuedSinceWarning } from '../cases/fixtures.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';

// The customer record of issue 12 on a real database: who may edit it, what is audited, what a
// reporter's words become, the CSV import, and the front line's contact check.

let db: TestDatabase;
let fx: Fixture;

beforeEach(async () => {
  db = await openTestDatabase();
  fx = await caseFixture(db.connection);
});
afterEach(() => db.close());

const RECORD = {
  vulnerabilities: 'Sight loss\nAnxiety on the telephone',
  adjustments: 'needs_telephone: Calls, not letters, because of sight loss',
  format_needs: ['large_print'],
  advocate_name: 'Jo Bloggs (Mind)',
  advocate_kind: 'advocate',
  advocate_address: '1 High Street\nExampletown\nEX1 1AA',
  postal_address: '12 Acacia Avenue\nExampletown\nEX2 2BB',
  email: 'alex@example.org',
  email_ok: 'yes',
};

const act: Fixture['act'] = (kase, who, command) => fx.act(kase, who, command);

describe('the customer record (§20–23)', () => {
  test('the CXM saves it; the change is audited with who, when and the fields before and after', async () => {
    const saved = await editCustomer(fx.services, {
      actorPersonId: fx.ids.cxm,
      accountRef: 'ACC-10001',
      values: RECORD,
      source: 'slack',
    });
    if (!saved.ok) throw new Error(saved.message);
    expect(saved.customer).toMatchObject({
      vulnerabilities: [
        { description: 'Sight loss', status: 'confirmed' },
        { description: 'Anxiety on the telephone', status: 'confirmed' },
      ],
      adjustments: [
        {
          id: 'ADJ-1',
          kind: 'needs_telephone',
          agreedBy: { personId: fx.ids.cxm, name: 'Cora Experience' },
          agreedAt: '2026-11-30T10:00:00.000Z',
        },
      ],
      formatNeeds: ['large_print'],
      advocate: {
        name: 'Jo Bloggs (Mind)',
        kind: 'advocate',
        postalAddress: ['1 High Street', 'Exampletown', 'EX1 1AA'],
      },
      postalAddress: ['12 Acacia Avenue', 'Exampletown', 'EX2 2BB'],
      email: 'alex@example.org',
      emailAcceptable: true,
    });
    const changes = await fx.services.customers.changes('acc-10001');
    expect(changes).toEqual([
      expect.objectContaining({
        accountRef: 'ACC-10001',
        by: { personId: fx.ids.cxm, name: 'Cora Experience' },
        source: 'slack',
        fields: expect.arrayContaining(['vulnerabilities', 'adjustments', 'postalAddress']),
      }),
    ]);

    // A later edit by the EDC keeps who agreed the adjustment and when; only the change is audited.
    fx.setNow(new Date('2026-12-02T10:00:00Z'));
    const again = await editCustomer(fx.services, {
      actorPersonId: fx.ids.edc,
      accountRef: 'ACC-10001',
      values: { ...RECORD, email_ok: 'no' },
      source: 'teams',
    });
    expect(again.ok && again.changed).toEqual(['emailAcceptable']);
    expect(again.ok && again.customer.adjustments[0]!.agreedBy?.name).toBe('Cora Experience');
    expect((await fx.services.customers.changes('ACC-10001')).map((c) => [c.by.name, c.source, c.fields])).toEqual([
      ['Cora Experience', 'slack', expect.any(Array)],
      ['Edith Director', 'teams', ['emailAcceptable']],
    ]);
  });

  test('a colleague or a line manager may not edit it; nothing is saved', async () => {
    for (const who of ['reporter', 'lineManager'] as const) {
      const refused = await editCustomer(fx.services, {
        actorPersonId: fx.ids[who],
        accountRef: 'ACC-10001',
        values: RECORD,
        source: 'slack',
      });
      expect(refused.ok ? 'saved' : refused.code).toBe('CUSTOMER.NOT_ALLOWED');
    }
    expect(await fx.services.customers.findByAccountRef('ACC-10001')).toBeNull();
    expect(await fx.services.customers.changes('ACC-10001')).toEqual([]);
  });

  test('bad input names the field and nothing is half-saved', async () => {
    const bad = await editCustomer(fx.services, {
      actorPersonId: fx.ids.cxm,
      accountRef: 'ACC-10001',
      values: { ...RECORD, email: 'not-an-address', adjustments: 'calls please' },
      source: 'teams',
    });
    if (bad.ok) throw new Error('expected an error');
    expect(bad.errors).toEqual({
      adjustments: expect.stringContaining('Line 1: write "kind: what was agreed"'),
      email: expect.stringContaining('an e-mail address'),
    });
    const noAddress = await editCustomer(fx.services, {
      actorPersonId: fx.ids.cxm,
      accountRef: 'ACC-10001',
      values: { ...RECORD, email: '', email_ok: 'yes' },
      source: 'teams',
    });
    expect(!noAddress.ok && noAddress.errors).toEqual({ email: 'give the e-mail address letters may be sent to' });
    expect(await fx.services.customers.findByAccountRef('ACC-10001')).toBeNull();
  });

  test("a reporter's known vulnerabilities are attached as reported and unconfirmed; the CXM confirms them by saving", async () => {
    const filed = await reportIncident(fx.services, {
      reporterPersonId: fx.ids.reporter,
      report: reportInput({ knownVulnerabilities: 'Says he is hard of hearing' }),
    });
    if (!filed.ok) throw new Error(filed.error.message);
    const customer = await fx.services.customers.findByAccountRef('ACC-10001');
    expect(customer?.vulnerabilities).toEqual([
      {
        description: 'Says he is hard of hearing',
        status: 'reported_unconfirmed',
        source: 'report',
        caseNumber: filed.case.number,
        recordedBy: { personId: fx.ids.reporter, name: 'Rita Reporter' },
        recordedAt: '2026-11-30T10:00:00.000Z',
      },
    ]);
    expect((await fx.services.customers.changes('ACC-10001')).map((c) => c.source)).toEqual(['report']);

    // The card of the case shows it to the line manager, marked unconfirmed.
    const lm = (await resolveActor(fx.services.people, fx.ids.lineManager, new Date()))!;
    const view = caseView(filed.case, lm, [], null, await needsFor(fx.services.customers, filed.case))!;
    expect(view.facts).toContainEqual({
      label: 'Vulnerabilities and support needs',
      value: 'Says he is hard of hearing (reported, not yet confirmed)',
    });
    // The reporter, who has no full access, is not shown the customer's needs.
    const reporter = (await resolveActor(fx.services.people, fx.ids.reporter, new Date()))!;
    expect(
      caseView(filed.case, reporter, [], null, await needsFor(fx.services.customers, filed.case))!.facts.map(
        (f) => f.label,
      ),
    ).not.toContain('Vulnerabilities and support needs');

    const confirmed = await editCustomer(fx.services, {
      actorPersonId: fx.ids.cxm,
      accountRef: 'ACC-10001',
      values: { vulnerabilities: 'Says he is hard of hearing', email_ok: 'no' },
      source: 'slack',
    });
    expect(confirmed.ok && confirmed.customer.vulnerabilities[0]).toMatchObject({
      status: 'confirmed',
      source: 'report',
      caseNumber: filed.case.number,
    });
  });
});

describe('lcp customers import: many records from a CSV', () => {
  const header =
    'account_ref,name,vulnerabilities,adjustments,format_needs,advocate_name,postal_address,email,email_ok';
  test('good rows are saved as the operator, bad rows are reported by line and field', async () => {
    const csv = [
      header,
      'ACC-1,Ann One,Sight loss,needs_telephone: calls because of sight loss,large_print,,1 Road|Town|AB1 2CD,,no',
      'ACC-2,Ben Two,,,easy_read,,2 Road|Town,ben@,yes',
      'ACC-3,Cat Three,,cannot_write: reads no letters,,"Jo Bloggs",3 Road|Town,cat@example.org,yes',
      'ACC-4,Dan Four,,,,,,,maybe',
    ].join('\n');
    const outcome = await importCustomerRecords(fx.services, csv, 'cora.cxm@example.org');
    expect(outcome.saved).toBe(2);
    expect(outcome.problems).toEqual([
      expect.stringMatching(/^line 3: email: .*e-mail address/),
      'line 5: email_ok: expected yes or no',
    ]);
    expect(await fx.services.customers.findByAccountRef('ACC-1')).toMatchObject({
      name: 'Ann One',
      postalAddress: ['1 Road', 'Town', 'AB1 2CD'],
      formatNeeds: ['large_print'],
    });
    expect(await fx.services.customers.findByAccountRef('ACC-2')).toBeNull();
    expect((await fx.services.customers.changes('ACC-3'))[0]).toMatchObject({
      source: 'csv',
      by: { name: 'Cora Experience' },
    });
    await expect(importCustomerRecords(fx.services, csv, 'rita.reporter@example.org')).rejects.toThrow(
      /Only the customer experience manager/,
    );
    expect((await importCustomerRecords(fx.services, 'account,name\nx,y', 'cora.cxm@example.org')).problems[0]).toMatch(
      /^line 1: the header lacks account_ref, email_ok/,
    );
  });
});

describe('the contact check (issue 12 §4)', () => {
  const toRestricted = async (): Promise<Case> => {
    let kase = await fx.advance(await fx.openCase(), 'warning_issued');
    const dates = { startDate: '2026-11-30', reviewDate: '2027-02-28', endDate: '2027-05-31' };
    kase = await act(kase, 'chc', {
      action: 'propose_restrictions',
      ...continuedSinceWarning(kase),
      rationale: 'Calls continued after the warning.',
      proportionality: 'Needed.',
      restrictions: [
        {
          type: 'named_colleagues_only',
          details: { colleagueIds: [fx.ids.lineManager], coverColleagueIds: [fx.ids.otherManager] },
          ...dates,
        },
        {
          type: 'telephone_schedule',
          details: { days: ['monday', 'thursday'], from: '10:00', until: '12:00', maxMinutes: 20 },
          ...dates,
        },
      ],
    });
    return act(kase, 'edc', { action: 'approve_restrictions', rationale: 'Approved.' });
  };

  test('any colleague learns the restrictions in force, the allowed routes, the named colleagues and until when, with no case details; the check is a view', async () => {
    const kase = await toRestricted();
    const colleague = (await resolveActor(fx.services.people, fx.ids.deputy, new Date()))!;
    const result = await checkContact(fx.services, colleague, 'acc-10001', 'slack: /lcp check');
    if (!result.ok) throw new Error(result.message);
    expect(result.check).toMatchObject({
      status: 'restricted',
      until: '2027-05-31',
      namedColleagues: ['Lena Manager', 'Omar Manager'],
    });
    expect(result.check.allowedRoutes).toEqual(
      expect.arrayContaining(['Telephone', 'Letter', 'Emergency repairs', 'Health and safety concerns']),
    );
    const text = contactCheckLines(result.accountRef, result.check).lines.join('\n');
    expect(text).toContain('Telephone only on Monday, Thursday, 10:00–12:00, at most 20 minutes a call');
    for (const secret of [kase.number, 'Calls continued after the warning', 'Needed.', 'useless', 'Alex Example'])
      expect(text).not.toContain(secret);
    expect(await fx.services.views!.forCase(kase.id)).toContainEqual(
      expect.objectContaining({ personId: fx.ids.deputy, via: 'slack: /lcp check' }),
    );

    // By case number (as a named colleague's message gives it): the same answer.
    const byNumber = await checkContact(fx.services, colleague, kase.number, 'teams: check');
    expect(byNumber.ok && byNumber.check.status).toBe('restricted');
  });

  test('a customer with no case: no restrictions; a bad reference is refused with how to ask', async () => {
    const colleague = (await resolveActor(fx.services.people, fx.ids.reporter, new Date()))!;
    const none = await checkContact(fx.services, colleague, 'ACC-99999', 'slack: /lcp check');
    expect(none.ok && none.check).toMatchObject({ status: 'no_restrictions', restrictions: [], flagMarker: null });
    const bad = await checkContact(fx.services, colleague, '$where', 'slack: /lcp check');
    expect(bad.ok ? 'answered' : bad.message).toMatch(/account reference/);
  });
});
