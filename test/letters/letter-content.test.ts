import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { LETTERS, type LetterContentItem, type LetterKind } from '../../src/policy/index.js';
import type { Case } from '../../src/cases/index.js';
import { buildLetterModel, type LetterModel } from '../../src/letters/letter-model.js';
import { letterBlocks, loadLetterAssets, renderLetterPdf } from '../../src/letters/letter-pdf.js';
import { letterSettingsSchema, organisationFrom } from '../../src/letters/letter-settings.js';
import { HOUSING_OMBUDSMAN } from '../../src/letters/ombudsman.js';
import {
  actors,
  apply,
  AT,
  caseIn,
  plusDays,
  RESTRICTIONS_END,
  restrictionDates,
  validCommand,
  type CommandInput,
  continuedSinceWarning,
} from '../cases/fixtures.js';
import { pdfText } from '../support/documents/pdf-text.js';
import { PDFParse } from 'pdf-parse';

/** Each page's text, white space folded. */
async function pageTexts(bytes: Buffer): Promise<string[]> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const { text } = await parser.getText();
    return text.split(/-- \d+ of \d+ --/).map((p) => p.replace(/\s+/g, ' '));
  } finally {
    await parser.destroy();
  }
}

// Every letter the lifecycle issues, driven through the real workflow, rendered to a real PDF and
// read back as text: each content item its LetterRequirement lists must be there, in words.

const organisation = organisationFrom(letterSettingsSchema.parse({}));
const assets = loadLetterAssets(null);

const restricted = caseIn('restricted');
const withAppeal = (kase: Case) => apply(kase, validCommand('receive_appeal'), actors.cxm, AT);
const decideAppeal = (kase: Case, outcome: 'uphold' | 'vary' | 'quash') =>
  apply(
    withAppeal(kase),
    {
      action: 'decide_appeal',
      rationale: `The evidence supports the decision (${outcome}): the calls were recorded.`,
      outcome,
    },
    actors.edc2,
    plusDays(AT, 1),
  );
/** An appeal varied to a telephone schedule and one office closed (the restrictions that now apply). */
const variedOnAppeal = (() => {
  const dates = restrictionDates(AT);
  return apply(
    withAppeal(restricted),
    {
      action: 'decide_appeal',
      rationale: 'Fewer restrictions meet the same need.',
      outcome: 'vary',
      variedRestrictions: [
        {
          type: 'telephone_schedule',
          details: { days: ['tuesday', 'thursday'], from: '10:00', until: '11:30', maxMinutes: 30 },
          ...dates,
        },
        { type: 'no_office_access', details: { offices: ['Head office'] }, ...dates },
      ],
      proportionality: 'A weekly call keeps the complaint moving.',
      adjustmentsConsidered: 'The customer prefers the telephone; calls stay open at set times.',
    } as CommandInput,
    actors.appealReviewer,
    plusDays(AT, 1),
  );
})();
const variedAt = plusDays(AT, 2);
const varied = apply(
  apply(restricted, validCommand('review_vary', restricted, AT), actors.chc, AT),
  { action: 'approve_restrictions', rationale: 'Agreed.' },
  actors.edc,
  variedAt,
);
const stopped = apply(
  caseIn('edc_refusal_approval'),
  { action: 'refuse_all_contact', rationale: 'Approved.', stopComplaintInvestigation: true },
  actors.edc,
  plusDays(AT, -20),
);

/** One driven case per letter kind (and variant), with the index of the letter under test. */
const CASES: { name: string; kind: LetterKind; kase: Case }[] = [
  { name: 'warning', kind: 'warning', kase: caseIn('warning_issued') },
  { name: 'restriction', kind: 'restriction', kase: restricted },
  {
    name: 'review outcome: continue',
    kind: 'review_outcome',
    kase: apply(restricted, validCommand('review_continue'), actors.chc, AT),
  },
  { name: 'review outcome: vary', kind: 'review_outcome', kase: varied },
  { name: 'lift', kind: 'lift', kase: apply(restricted, validCommand('review_lift'), actors.chc, AT) },
  {
    name: 'expiry',
    kind: 'expiry',
    kase: apply(restricted, validCommand('expire'), actors.system, new Date(`${RESTRICTIONS_END}T10:00:00Z`)),
  },
  {
    name: 'refusal of all contact: investigation continues',
    kind: 'refusal_of_all_contact',
    kase: caseIn('contact_refused'),
  },
  { name: 'refusal of all contact: investigation stopped', kind: 'refusal_of_all_contact', kase: stopped },
  { name: 'appeal outcome: uphold', kind: 'appeal_outcome', kase: decideAppeal(restricted, 'uphold') },
  { name: 'appeal outcome: quash', kind: 'appeal_outcome', kase: decideAppeal(caseIn('warning_issued'), 'quash') },
  { name: 'appeal outcome: vary', kind: 'appeal_outcome', kase: variedOnAppeal },
];

const folded = (s: string) => s.replace(/-\s+/g, '-');

/** The words that show a content item is in the letter, given the model it was drawn from. */
const EXPECTED: Record<LetterContentItem, (m: LetterModel, k: Case) => string[]> = {
  behaviours_with_examples: (m) => m.warning!.behaviours.flatMap((b) => [b.criterion, b.behaviour, b.example]),
  request_to_modify: () => ['We ask you to change your behaviour in any future contact with us'],
  consequences: () => [
    'If the behaviour continues, we may restrict the way you can contact us',
    'we may refuse all contact with you',
  ],
  imposed_under_policy: (m) => [
    m.kind === 'restriction'
      ? 'This decision is made under our Limited Contact Policy'
      : 'under paragraph 31 of our Limited Contact Policy',
  ],
  // A refusal letter gives the reason the EDC approved (§28, issue 12), not the proposal's.
  reason: (m, k) => [m.kind === 'restriction' ? k.restrictions!.proportionality : k.refusal!.approvedReason!],
  restrictions: (m) =>
    m.kind === 'refusal_of_all_contact'
      ? ['we will not respond to any contact from you, by any channel']
      : m
          .restrictions!.items.flatMap((r) => [r.label, `Starts: ${r.startDate}`, `Ends: ${r.endDate}`])
          .concat([
            'Please contact us only by letter, or through Citizens Advice acting for you',
            'Any meeting with you in person will take place with a team leader present as a witness',
          ]),
  duration: (m) =>
    m.kind === 'expiry'
      ? [`applied from ${m.expiry!.startDate} to ${m.expiry!.endDate} (${m.expiry!.period})`]
      : m.kind === 'refusal_of_all_contact'
        ? [`This decision applies from ${m.refusal!.startDate} to ${m.refusal!.endDate} (${m.refusal!.period})`]
        : [
            `The restrictions apply from ${m.restrictions!.startDate} to ${m.restrictions!.endDate} (${m.restrictions!.period})`,
          ],
  review_process_and_policy_copy: () => [
    'We will review this decision every three months from the date of this letter',
    'A copy of our Limited Contact Policy',
    // The policy's own words, appended as pages (§28, §29).
    '29. Restrictions will be reviewed quarterly from the date of the second letter',
    '36. This policy will be reviewed biannually in line with the Complaint Policy.',
  ],
  ombudsman_right: () => [
    'You have the right to contact the Housing Ombudsman',
    HOUSING_OMBUDSMAN.name,
    'PO Box 1484, Unit D, Preston, PR2 0ET',
    '0300 111 3000',
    'info@housing-ombudsman.org.uk',
    'www.housing-ombudsman.org.uk',
  ],
  how_to_appeal: () => [
    'How to appeal',
    'A senior manager who has taken no part in any decision about you will consider your appeal',
  ],
  review_date: (m) => {
    const date = m.restrictions?.nextReviewDate ?? m.refusal?.nextReviewDate;
    expect(date).toMatch(/^\d{1,2} \w+ \d{4}$/);
    return [
      `review ${m.kind === 'refusal_of_all_contact' ? 'this decision' : m.kind === 'review_outcome' ? 'the restrictions again' : 'these restrictions'} by ${date}`,
    ];
  },
  open_routes: (m) => [
    'Emergency repairs',
    'Health and safety concerns',
    ...(m.restrictions?.openRoutes.length
      ? [`You can still contact us by ${m.restrictions.openRoutes.join(' and ')}`]
      : []),
  ],
  new_complaint_route: () => [
    'How to make a new complaint',
    'The Executive Director of Customers looks at every new complaint',
  ],
  review_outcome: (m) =>
    m.review!.outcome === 'lift'
      ? [
          `We reviewed the restrictions on how you contact us on ${m.review!.heldOn}`,
          'We have decided to lift the restrictions',
        ]
      : m.review!.outcome === 'vary'
        ? ['We have decided to change the restrictions', m.restrictions!.reason]
        : ['We have decided that the restrictions will continue unchanged'],
  complaint_investigation_status: (m) =>
    m.refusal!.complaintInvestigationStopped
      ? [
          'We have also decided to stop the investigation of your complaint CMP-2025-0412',
          'The complaint investigation does not continue',
        ]
      : ['The investigation of your complaint CMP-2025-0412 continues under our Complaints Policy'],
  appeal_outcome: (m) => [
    m.appeal!.outcome === 'quash'
      ? 'We have upheld your appeal and overturned the decision'
      : m.appeal!.outcome === 'vary'
        ? 'We have upheld your appeal in part and changed the decision'
        : 'We have not upheld your appeal. The decision stays as it is',
    m.appeal!.reasons,
  ],
  signatory: (m) => ['Yours sincerely', m.signatory.name, m.signatory.title],
};

async function letterFor(kase: Case, kind: LetterKind, formatNeeds: string[] = []) {
  const index = kase.letters.length - 1;
  expect(kase.letters[index]!.kind).toBe(kind);
  const model = buildLetterModel({ kase, index, organisation, formatNeeds, names: new Map() });
  const bytes = await renderLetterPdf(model, assets);
  return { model, bytes, ...(await pdfText(bytes)) };
}

describe('every letter contains every content item of its requirement (§26–§31)', () => {
  test('the driven cases cover every letter kind', () => {
    expect(new Set(CASES.map((c) => c.kind))).toEqual(new Set(LETTERS.map((l) => l.kind)));
  });

  test.each(CASES)('$name', async ({ kind, kase }) => {
    const { model, text, bytes } = await letterFor(kase, kind);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const requirement = LETTERS.find((l) => l.kind === kind)!;
    const missing: string[] = [];
    for (const item of requirement.contents) {
      for (const expected of EXPECTED[item](model, kase)) {
        if (!folded(text).includes(folded(expected))) missing.push(`${item}: "${expected}"`);
      }
    }
    expect(missing).toEqual([]);
    // Every letter: the organisation, the customer, the date and the case reference.
    for (const common of [
      organisation.name,
      ...organisation.addressLines,
      kase.customer.name,
      `Account reference: ${kase.customer.accountRef}`,
      `Our reference: ${kase.number}`,
      `Date: ${model.date}`,
    ]) {
      expect(text).toContain(common);
    }
  });

  test('a review of a refused customer says the refusal continues, names no restriction and lists only the routes a refusal keeps (§31)', async () => {
    const { text } = await letterFor(
      apply(caseIn('contact_refused'), validCommand('review_continue'), actors.chc, AT),
      'review_outcome',
    );
    expect(text).toContain('We have decided that the refusal of all contact continues');
    expect(text).toContain('The refusal ends on 4 August 2026');
    expect(text).not.toMatch(/restrictions will continue|The restrictions that now apply|You can still contact us by/);
    expect(text).toContain('Emergency repairs');
    expect(text).toContain('Health and safety concerns');
  });

  test('a renewed refusal: a new letter with the EDC reason and the new end; an expired one says it ended', async () => {
    const renewed = apply(
      caseIn('contact_refused'),
      {
        ...validCommand('renew_refusal'),
        rationale: 'The threats have not stopped.',
        durationMonths: 3,
      } as CommandInput,
      actors.edc,
      AT,
    );
    const renewal = await letterFor(renewed, 'refusal_of_all_contact');
    expect(renewal.text).toContain('has decided to renew it');
    expect(renewal.text).toContain('Our reasons: The threats have not stopped.');
    expect(renewal.text).toContain('to 2 June 2026');
    const end = caseIn('contact_refused').refusal!.endDate!;
    const expired = await letterFor(
      apply(caseIn('contact_refused'), validCommand('expire'), actors.system, new Date(`${end}T10:00:00Z`)),
      'expiry',
    );
    expect(expired.text).toContain('Our refusal of all contact has ended');
    expect(expired.text).toContain('applied from 4 February 2026 to 4 August 2026 (6 months)');
  });

  test('the restriction letter appends the policy as pages of its own', async () => {
    const { text, pages } = await letterFor(restricted, 'restriction');
    const warning = await letterFor(caseIn('warning_issued'), 'warning');
    expect(pages).toBeGreaterThan(warning.pages + 3);
    expect(warning.text).not.toContain('A copy of our Limited Contact Policy');
    // The whole policy, through its last paragraph and the impact assessment.
    for (const words of [
      'LIMITED CONTACT POLICY',
      '13. We consider actions that result in unreasonable demands',
      'Unacceptable and abusive behaviour: Using abusive or foul language',
      '31. Should the restrictions applied to the customer not be adhered to',
      'Equality Impact Assessment',
    ]) {
      expect(text).toContain(words);
    }
  });

  test('text people typed is printed as typed, and cannot add structure to the letter', () => {
    const kase = apply(
      caseIn('chc_review'),
      {
        ...validCommand('propose_warning'),
        behaviours: [
          {
            criterionId: 'unacceptable_language',
            behaviourId: 'insulting',
            example: 'Said "you & your lot are <useless>"\n# not a heading\n- not a bullet',
          },
        ],
      } as CommandInput,
      actors.chc,
      AT,
    );
    const approved = apply(kase, validCommand('approve_warning'), actors.edc, AT);
    const model = buildLetterModel({ kase: approved, index: 0, organisation, formatNeeds: [], names: new Map() });
    const blocks = letterBlocks(model);
    const bullet = blocks.flatMap((b) => (b.kind === 'bullets' ? b.items : [])).find((i) => i.includes('For example'));
    expect(bullet).toContain('Said "you & your lot are <useless>" # not a heading - not a bullet');
    expect(blocks.some((b) => b.kind === 'heading' && b.text.includes('not a heading'))).toBe(false);
  });

  test('no template line starts with a value, so typed text never lands where a mark would be read', () => {
    const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../src/letters/templates');
    const offending = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.hbs'))
      .flatMap((f) =>
        readFileSync(path.join(dir, f), 'utf8')
          .split('\n')
          .map((line, i) => ({ at: `${f}:${i + 1}`, line })),
      )
      // Block helpers, partials and comments are not output; `{{value}}` at a line start is.
      .filter(({ line }) => /^\s*\{\{(?![#/>!]|else\b)/.test(line))
      .map(({ at }) => at);
    expect(offending).toEqual([]);
    const kase = apply(
      apply(
        caseIn('warning_issued'),
        { ...validCommand('propose_restrictions'), proportionality: '# Calls went on\n- every day' } as CommandInput,
        actors.chc,
        AT,
      ),
      validCommand('approve_restrictions'),
      actors.edc,
      AT,
    );
    const blocks = letterBlocks(buildLetterModel({ kase, index: 1, organisation, formatNeeds: [], names: new Map() }));
    expect(blocks).toContainEqual({ kind: 'paragraph', text: 'Our reasons: # Calls went on - every day', bold: false });
  });
});

describe("the customer's recorded format needs", () => {
  test('large print: the same letter in larger type takes more pages, and says the same', async () => {
    const normal = await letterFor(restricted, 'restriction');
    const large = await letterFor(restricted, 'restriction', ['Large print']);
    expect(large.model.largePrint).toBe(true);
    expect(large.pages).toBeGreaterThan(normal.pages);
    for (const item of LETTERS.find((l) => l.kind === 'restriction')!.contents) {
      for (const expected of EXPECTED[item](large.model, restricted))
        expect(folded(large.text)).toContain(folded(expected));
    }
  });

  test('via an advocate: the address block goes care of the advocate and the letter says so', async () => {
    const { text, model } = await letterFor(caseIn('warning_issued'), 'warning', [
      'via advocate: Jo Bloggs (Mind)',
      'braille',
    ]);
    expect(text).toContain('Pat Customer c/o Jo Bloggs (Mind) (advocate) Account reference: ACC-100234');
    expect(text).toContain('we are sending this letter through your advocate, Jo Bloggs (Mind)');
    // A need the PDF cannot meet is kept for staff, not dropped.
    expect(model.otherFormatNeeds).toEqual(['braille']);
  });

  test('the customer record: the postal address sits in the window-envelope position, large print, and a marked copy for the advocate (issue 12)', async () => {
    const kase = caseIn('warning_issued');
    const index = kase.letters.length - 1;
    const model = buildLetterModel({
      kase,
      index,
      organisation,
      formatNeeds: ['large_print'],
      postalAddress: ['12 Acacia Avenue', 'Exampletown', 'EX2 2BB'],
      advocate: {
        name: 'Jo Bloggs (Mind)',
        kind: 'advocate',
        postalAddress: ['Mind Exampletown', '1 High Street', 'EX1 1AA'],
      },
      names: new Map(),
    });
    expect(model.largePrint).toBe(true);
    const blocks = letterBlocks(model);
    expect(blocks.find((b) => b.kind === 'window')).toEqual({
      kind: 'window',
      lines: ['Pat Customer', '12 Acacia Avenue', 'Exampletown', 'EX2 2BB'],
    });
    const bytes = await renderLetterPdf(model, assets);
    const { text, pages } = await pdfText(bytes);
    expect(text).toContain('we are also sending a copy of this letter to Jo Bloggs (Mind) (advocate)');
    expect(text).toContain("COPY for Jo Bloggs (Mind) (advocate), sent at Pat Customer's request");
    expect(text).toContain('Mind Exampletown');
    expect(pages).toBeGreaterThanOrEqual(2);
    // Kept for a look at the layout: LCP_LETTER_SAMPLE=path.pdf writes the rendered letter there.
    if (process.env.LCP_LETTER_SAMPLE) writeFileSync(process.env.LCP_LETTER_SAMPLE, bytes);
  });

  test('named colleagues and topics are worded with the names from the directory', async () => {
    const dates = { startDate: '2026-03-09', reviewDate: '2026-06-09', endDate: '2026-09-09' };
    const proposed = apply(
      caseIn('warning_issued'),
      {
        action: 'propose_restrictions',
        ...continuedSinceWarning(caseIn('warning_issued')),
        rationale: 'Calls continued.',
        proportionality: 'Named colleagues give consistency.',
        adjustmentJustifications: {},
        restrictions: [
          { type: 'named_colleagues_only', details: { colleagueIds: ['p-a'], coverColleagueIds: ['p-b'] }, ...dates },
          {
            type: 'telephone_schedule',
            details: { days: ['monday', 'wednesday'], from: '10:00', until: '12:00', maxMinutes: 20 },
            ...dates,
          },
          {
            type: 'no_reply_on_topics',
            details: { topics: ['the 2024 boiler claim'], designatedColleagueId: 'p-c' },
            ...dates,
          },
          { type: 'no_office_access', details: { offices: ['Exampletown office'] }, ...dates },
        ],
      },
      actors.chc,
      AT,
    );
    const kase = apply(proposed, validCommand('approve_restrictions'), actors.edc, AT);
    const model = buildLetterModel({
      kase,
      index: kase.letters.length - 1,
      organisation,
      formatNeeds: [],
      names: new Map([
        ['p-a', 'Ann Adviser'],
        ['p-b', 'Ben Cover'],
        ['p-c', 'Cat Reader'],
      ]),
    });
    const { text } = await pdfText(await renderLetterPdf(model, assets));
    for (const words of [
      'Only Ann Adviser will deal with your contact. When they are away, Ben Cover will deal with it instead.',
      'You may telephone us only on Monday and Wednesday, between 10:00 and 12:00. Each call may last at most 20 minutes.',
      'We will no longer acknowledge or reply to contact from you about:',
      'the 2024 boiler claim',
      'Cat Reader will still read everything you send us about these topics',
      'Please do not visit these offices: Exampletown office.',
      'Starts: 9 March 2026',
      'Ends: 9 September 2026',
      '(6 months)',
    ]) {
      expect(text).toContain(words);
    }
  });
});

describe('the organisation from settings', () => {
  /** A real PNG (solid colour), built here so the test needs no binary fixture. */
  function png(width: number, height: number): Buffer {
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(zlib.crc32(body));
      return Buffer.concat([length, body, crc]);
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(width, 0);
    header.writeUInt32BE(height, 4);
    header.set([8, 2, 0, 0, 0], 8);
    const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x2f)]);
    const pixels = zlib.deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', pixels),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  }

  test('name, address, telephone, e-mail, signatories and the logo come from the settings', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lcp-logo-'));
    const logoPath = path.join(dir, 'logo.png');
    writeFileSync(logoPath, png(40, 20));
    const settings = letterSettingsSchema.parse({
      LCP_ORG_NAME: 'Riverside Homes',
      LCP_ORG_ADDRESS: 'Tenancy Team; 5 Quay Road; Rivertown; RT1 2AB',
      LCP_ORG_PHONE: '0161 000 1111',
      LCP_ORG_EMAIL: 'tenancy@riverside.example',
      LCP_ORG_LOGO: logoPath,
      LCP_SIGNATORY_EDC_NAME: 'Dana Okafor',
      LCP_SIGNATORY_EDC_TITLE: 'Director of Customer Services',
    });
    const org = organisationFrom(settings);
    const model = buildLetterModel({
      kase: restricted,
      index: 1,
      organisation: org,
      formatNeeds: [],
      names: new Map(),
    });
    const withLogo = await renderLetterPdf(model, loadLetterAssets(org.logoPath));
    const { text } = await pdfText(withLogo);
    for (const words of [
      'Riverside Homes',
      'Tenancy Team',
      '5 Quay Road',
      'RT1 2AB',
      'Telephone: 0161 000 1111',
      'tenancy@riverside.example',
      'Dana Okafor',
      'Director of Customer Services',
      'Write to the Customer Experience Manager at Tenancy Team, 5 Quay Road, Rivertown, RT1 2AB',
    ]) {
      expect(text).toContain(words);
    }
    expect(withLogo.includes(Buffer.from('/Subtype /Image'))).toBe(true);
    expect((await renderLetterPdf(model, loadLetterAssets(null))).includes(Buffer.from('/Subtype /Image'))).toBe(false);

    writeFileSync(path.join(dir, 'not.png'), 'GIF89a');
    expect(() => loadLetterAssets(path.join(dir, 'not.png'))).toThrow(/LCP_ORG_LOGO: .* is not a PNG image/);
    expect(() => loadLetterAssets(path.join(dir, 'missing.png'))).toThrow(/LCP_ORG_LOGO: cannot read/);
    expect(letterSettingsSchema.safeParse({ LCP_ORG_LOGO: 'logo.jpg' }).success).toBe(false);
  });
});

describe('issue 11 §3: the appeal outcome letter names who decided, in what role, and claims no more independence than the record shows', () => {
  const flat = (text: string) => folded(text).replace(/\s+/g, ' ');

  test('an appeal reviewer who took no part: named with their role, and said to have taken no part', async () => {
    const decided = apply(
      withAppeal(restricted),
      { action: 'decide_appeal', rationale: 'The calls were recorded.', outcome: 'uphold' },
      actors.appealReviewer,
      plusDays(AT, 1),
    );
    const { model, text } = await letterFor(decided, 'appeal_outcome');
    expect(model.appeal).toMatchObject({ decidedBy: 'Rae Reviewer (appeal reviewer)', independent: true });
    expect(flat(text)).toContain(
      'Rae Reviewer (appeal reviewer) considered it, having taken no part in the earlier decisions on your case.',
    );
    expect(flat(text)).not.toContain('A senior manager who took no part');
  });

  test('a decision the record does not show as independent is not said to be', async () => {
    const decided = decideAppeal(restricted, 'uphold');
    const notIndependent: Case = {
      ...decided,
      appeals: decided.appeals.map((a) => (a.decision ? { ...a, decision: { ...a.decision, independent: false } } : a)),
    };
    const { text } = await letterFor(notIndependent, 'appeal_outcome');
    expect(flat(text)).toContain('Ed Edc (executive director of customers) considered it.');
    expect(flat(text)).not.toMatch(/took no part|taken no part/);
  });

  test('a letter stored before the decider was recorded keeps its wording (same template, same bytes)', async () => {
    const { model } = await letterFor(decideAppeal(restricted, 'uphold'), 'appeal_outcome');
    const { decidedBy: _decidedBy, independent: _independent, ...appeal } = model.appeal!;
    const { text } = await pdfText(await renderLetterPdf({ ...model, appeal }, assets));
    expect(flat(text)).toContain('A senior manager who took no part in the earlier decisions has considered it.');
  });
});

describe('template v3: the letters as a customer reads them (looked at as page images)', () => {
  const flat = (text: string) => folded(text).replace(/\s+/g, ' ');
  const headings = (model: LetterModel) => letterBlocks(model).flatMap((b) => (b.kind === 'heading' ? [b.text] : []));

  test('the appeal outcome letter has its title once, then "Our decision"', async () => {
    const { model } = await letterFor(decideAppeal(restricted, 'uphold'), 'appeal_outcome');
    expect(model.templateVersion).toBe('v3');
    const titles = headings(model);
    expect(titles.filter((h) => h === 'The outcome of your appeal')).toHaveLength(1);
    expect(titles).toContain('Our decision');
  });

  test('a varied appeal names the restrictions that now apply, how long they last, the next review and the routes still open', async () => {
    const { model, text } = await letterFor(variedOnAppeal, 'appeal_outcome');
    const r = model.restrictions!;
    for (const words of [
      'The restrictions that now apply',
      'Telephone calls at set times only',
      'You may telephone us only on Tuesday and Thursday, between 10:00 and 11:30.',
      'No visits to our offices',
      `The restrictions apply from ${r.startDate} to ${r.endDate} (${r.period}).`,
      `We will review the restrictions by ${r.nextReviewDate} and write to you with the outcome.`,
      'The ways you can still contact us',
      'Emergency repairs',
      'Health and safety concerns',
    ]) {
      expect(flat(text)).toContain(words);
    }
  });

  test('an upheld appeal against restrictions says which still apply; against a warning it names none', async () => {
    const upheld = await letterFor(decideAppeal(restricted, 'uphold'), 'appeal_outcome');
    expect(flat(upheld.text)).toContain(
      'We have not upheld your appeal. The decision stays as it is. The restrictions on how you contact us continue, as set out below.',
    );
    expect(flat(upheld.text)).toContain('The restrictions that still apply');
    expect(flat(upheld.text)).toContain(
      `We will review the restrictions by ${upheld.model.restrictions!.nextReviewDate}`,
    );
    expect(flat(upheld.text)).toContain('Emergency repairs');

    const warning = await letterFor(decideAppeal(caseIn('warning_issued'), 'uphold'), 'appeal_outcome');
    expect(warning.model.restrictions).toBeUndefined();
    expect(flat(warning.text)).toContain('We have not upheld your appeal. The decision stays as it is.');
    expect(flat(warning.text)).not.toMatch(
      /restrictions (still|now) apply|restrictions on how you contact us continue/,
    );
  });

  test('the restrictions carry no review date of their own: the letter gives one, the one the case is reviewed by (§29)', async () => {
    for (const kase of [restricted, variedOnAppeal]) {
      const kind = kase === restricted ? 'restriction' : 'appeal_outcome';
      const { model, text } = await letterFor(kase, kind);
      // The proposal's per-restriction date can differ from the case's review date (§29 counts
      // from the letter): a customer would read two review dates.
      expect(model.restrictions!.items[0]!.reviewDate).not.toBe(model.restrictions!.nextReviewDate);
      expect(text).not.toContain('Review date:');
      expect(flat(text)).toContain(
        `review ${kind === 'restriction' ? 'these' : 'the'} restrictions by ${model.restrictions!.nextReviewDate}`,
      );
    }
  });

  test('restriction and refusal letters give the next review date once, under its own heading', async () => {
    for (const [kase, kind, date] of [
      [restricted, 'restriction', (m: LetterModel) => m.restrictions!.nextReviewDate],
      [caseIn('contact_refused'), 'refusal_of_all_contact', (m: LetterModel) => m.refusal!.nextReviewDate],
    ] as const) {
      const { model, text } = await letterFor(kase, kind);
      expect(headings(model)).toContain('The date of the next review');
      expect(flat(text).split(`by ${date(model)}`)).toHaveLength(2);
    }
  });

  test('a list never starts a page without its lead-in line and heading ("…contact us about:" stays with "Emergency repairs")', async () => {
    const { model } = await letterFor(decideAppeal(restricted, 'uphold'), 'appeal_outcome');
    const split: number[] = [];
    // Longer and longer reasons (two sentences, under a line, at a time) move the list down the
    // page and across its end.
    for (let sentences = 0; sentences <= 150; sentences += 2) {
      const reasons = `${model.appeal!.reasons} ${'The recordings were checked again. '.repeat(sentences)}`.trim();
      const pages = await pageTexts(await renderLetterPdf({ ...model, appeal: { ...model.appeal!, reasons } }, assets));
      const heading = pages.findIndex((p) => p.includes('The ways you can still contact us'));
      const lead = pages.findIndex((p) => p.includes('you can always contact us about:'));
      const list = pages.findIndex((p) => p.includes('Emergency repairs'));
      if (lead === -1 || lead !== list || heading !== list) split.push(sentences);
    }
    expect(split).toEqual([]);
  });

  test('the appended policy reads with one colon after a label and its contents without the old page numbers; a v2 letter keeps its drawing', async () => {
    const { model, text } = await letterFor(restricted, 'restriction');
    expect(text).toContain('Review Period: 2 Years');
    expect(text).toContain('Unacceptable Language which is: Insulting or degrading');
    expect(text).toContain('Completed By: Customer Experience Manager Date: November 2024');
    expect(text).not.toContain('::');
    expect(text).not.toMatch(/Purpose\.{2,}|Purpose: 4|Scope: 4/);
    expect(text).toContain('Contents Purpose Objectives Scope Actions that LHP considers unacceptable Reasonable');

    // A letter stored with v2 is drawn again as it was sent: the v2 words and the policy as v2 drew it.
    const v2 = (await pdfText(await renderLetterPdf({ ...model, templateVersion: 'v2' }, assets))).text;
    expect(v2).toContain('Review Period:: 2 Years');
    expect(flat(v2)).toContain(`The next review will be held by ${model.restrictions!.nextReviewDate}.`);
  });
});
