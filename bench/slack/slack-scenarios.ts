import { reportForm } from '../../src/app/forms/report-form.js';
import type { FormValues } from '../../src/app/forms/form-types.js';
// The payload builders the Slack tests use: the same bodies, signed the same way, as Slack sends them.
import {
  blockActionPayload,
  interactionBody,
  slackHeaders,
  slashCommandBody,
  stateFor,
  viewSubmissionPayload,
} from '../../test/channels/slack/slack-requests.js';
import type { LoadRequest } from '../support/load.js';
import { BENCH_PEOPLE, SIGNING_SECRET } from '../targets/bench-people.js';

export type SlackScenarioId = 'slash_report' | 'slash_approvals' | 'modal_submission' | 'approval_click';

export interface SlackScenario {
  id: SlackScenarioId;
  label: string;
  build: () => LoadRequest;
  /** What the product answers; the bare app always answers 200 with an empty body. */
  expect: (status: number, body: string) => boolean;
  /** For commands the product answers after the acknowledgement: text the response_url post must hold. */
  answerViaResponseUrl?: string;
}

let counter = 0;
const unique = () => `${process.pid}-${Date.now().toString(36)}-${++counter}`;

function signed(body: string): LoadRequest {
  return { path: '/slack/events', headers: slackHeaders(body, SIGNING_SECRET), body };
}

function reportValues(accountRef: string): FormValues {
  return {
    customer_account_ref: accountRef,
    customer_name: 'Alex Example',
    occurred_at: new Date(Date.now() - 3_600_000).toISOString(),
    channel: 'telephone',
    behaviours: ['unacceptable_language:insulting'],
    description: 'Called the colleague useless and shouted for ten minutes.',
    threatened_or_hurt: 'no',
    counter_allegation: 'no',
    resident_on_resident: 'no',
  };
}

/** The scenarios; approval clicks go round the seeded open cases, as the line manager. */
export function slackScenarios(cases: { id: string; version: number }[], fakeBase: string): SlackScenario[] {
  let next = 0;
  const empty200 = (status: number, body: string) => status === 200 && body === '';
  return [
    {
      id: 'slash_report',
      label: 'slash command /lcp (ack, then views.open)',
      build: () => signed(slashCommandBody(BENCH_PEOPLE.reporter.slack, '')),
      expect: empty200,
    },
    {
      id: 'slash_approvals',
      label: 'slash command /lcp approvals (the list, through response_url after an empty ack)',
      build: () =>
        signed(
          slashCommandBody(BENCH_PEOPLE.lineManager.slack, 'approvals', 'D-CHANNEL', `${fakeBase}/respond/${unique()}`),
        ),
      // The app's answer, relayed from response_url (see the fake APIs); the bare app answers in its ack.
      expect: (status, body) => status === 200 && body.includes('Waiting for you'),
      answerViaResponseUrl: 'Waiting for you',
    },
    {
      id: 'modal_submission',
      label: 'modal submission: report form (writes a new case)',
      build: () => {
        const id = unique();
        const payload = viewSubmissionPayload(
          BENCH_PEOPLE.reporter.slack,
          'lcp_report',
          `VB${id}`,
          stateFor(reportForm(), reportValues(`BENCH-${id}`)),
        );
        return signed(interactionBody(payload));
      },
      expect: (status, body) => status === 200 && body.includes('"response_action":"clear"'),
    },
    {
      id: 'approval_click',
      label: 'approval click: Escalate button (block_actions)',
      build: () => {
        const kase = cases[next++ % cases.length]!;
        const value = JSON.stringify({ action: 'escalate', caseId: kase.id, version: kase.version });
        return signed(
          interactionBody(blockActionPayload(BENCH_PEOPLE.lineManager.slack, 'lcp_action:escalate', value)),
        );
      },
      expect: empty200,
    },
  ];
}

export const bareExpect = (status: number, body: string) => status === 200 && (body === '' || body === '{}');
