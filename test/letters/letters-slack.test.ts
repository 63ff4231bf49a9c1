import { decideCase } from '../../src/app/decide-case.js';
import { reportIncident } from '../../src/app/report-incident.js';
import type { Case } from '../../src/cases/index.js';
import { sha256 } from '../../src/letters/letter-service.js';
import { reportInput } from '../app/case-services.fixture.js';
import { pdfText } from '../support/documents/pdf-text.js';
import {
  advanceCase,
  SLACK_USERS,
  startSlackAppOnOwnDatabase,
  type SlackAppOnOwnDatabase,
} from '../support/slack-app-harness.js';

// The whole app as main.ts wires it, Slack's Web API played by a local fake: the executive
// director's direct message carries the preview link while the warning waits for approval, and
// after approval the redrawn message links the letter that was stored in GridFS.

const PUBLIC_URL = 'https://lcp.example.test';
let app: SlackAppOnOwnDatabase;

beforeEach(async () => {
  app = await startSlackAppOnOwnDatabase({
    env: { LCP_PUBLIC_URL: PUBLIC_URL, LCP_DOWNLOAD_SECRET: 'slack-letters-test-secret-0123456789abcdef' },
  });
});
afterEach(() => app.close());

const idOf = async (email: string) => (await app.runtime.services.people.findByEmail(email))!.id;

async function act(kase: Case, email: string, command: Record<string, unknown>): Promise<Case> {
  const result = await decideCase(app.runtime.services, {
    caseId: kase.id,
    actorPersonId: await idOf(email),
    command: { expectedVersion: kase.version, ...command },
  });
  if (!result.ok) throw new Error(`${String(command.action)}: ${result.error.code}`);
  await app.runtime.notifier.idle();
  return result.case;
}

/** The letter links in the last message sent or redrawn for this Slack user. */
function linksInLastMessageTo(user: string): string[] {
  const calls = app.api.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update');
  const dmChannel = `D-${user}`;
  const last = calls.filter((c) => c.args.channel === user || c.args.channel === dmChannel).at(-1);
  return [
    ...JSON.stringify(last?.args.blocks ?? []).matchAll(
      /https:\/\/lcp\.example\.test\/letters\/[0-9a-f]+\.[0-9a-f]{64}/g,
    ),
  ].map((m) => m[0]);
}

const open = (url: string) => fetch(url.replace(PUBLIC_URL, app.base));

test('Slack: preview link before approving, stored letter link after, both served as PDF', async () => {
  const reported = await reportIncident(app.runtime.services, {
    reporterPersonId: await idOf('rita@example.org'),
    report: reportInput({ complaintReference: 'CMP-9' }),
  });
  if (!reported.ok) throw new Error(reported.error.message);
  let kase = await advanceCase(app, reported.case, 'chc_review');
  kase = await act(kase, 'hugo@example.org', {
    action: 'propose_warning',
    rationale: 'Continued after informal words.',
    complaint: { reference: 'CMP-9', status: 'investigated' },
    adjustmentsConsidered: 'None recorded; the customer was asked.',
    behaviours: [
      {
        criterionId: 'unacceptable_language',
        behaviourId: 'insulting',
        example: 'Shouted "useless" at the adviser for ten minutes.',
      },
    ],
  });
  expect(kase.state).toBe('edc_warning_approval');

  const [preview] = linksInLastMessageTo(SLACK_USERS.edc);
  expect(preview).toBeDefined();
  const previewResponse = await open(preview!);
  expect(previewResponse.status).toBe(200);
  expect(previewResponse.headers.get('content-type')).toBe('application/pdf');
  const previewText = (await pdfText(Buffer.from(await previewResponse.arrayBuffer()))).text;
  expect(previewText).toContain('PREVIEW');
  expect(previewText).toContain('Shouted "useless" at the adviser for ten minutes.');

  kase = await act(kase, 'edith@example.org', { action: 'approve_warning', rationale: 'Proportionate.' });
  const stored = await app.runtime.letters.archive.forCase(kase.id);
  expect(stored.map((l) => [l.kind, l.index])).toEqual([['warning', 0]]);

  const after = linksInLastMessageTo(SLACK_USERS.edc);
  expect(after).toHaveLength(1);
  const letter = await open(after[0]!);
  expect(letter.status).toBe(200);
  expect(sha256(Buffer.from(await letter.arrayBuffer()))).toBe(stored[0]!.sha256);
  expect((await open(preview!)).status).toBe(410);
});
