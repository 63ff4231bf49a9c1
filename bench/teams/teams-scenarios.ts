import type { LoadRequest } from '../support/load.js';
import { BENCH_PEOPLE } from '../targets/bench-people.js';

// Bot Framework activities as Teams posts them to /api/messages (authentication off, as the
// product runs locally and the bare bot runs here). Replies go to `serviceUrl`: the fake connector.

export type TeamsScenarioId = 'message' | 'action_execute';

export interface TeamsScenario {
  id: TeamsScenarioId;
  label: string;
  build: () => LoadRequest;
  expect: (status: number, body: string) => boolean;
  bareExpect: (status: number, body: string) => boolean;
}

const BOT = { id: '28:lcp-bot', name: 'Limited Contact' };
let counter = 0;

function activity(serviceUrl: string, extra: Record<string, unknown>): LoadRequest {
  const who = BENCH_PEOPLE.lineManager;
  const body = {
    id: `act-${process.pid}-${++counter}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: `29:${who.aad}`, aadObjectId: who.aad, name: who.name },
    recipient: BOT,
    conversation: { id: `a:chat-${who.aad}`, conversationType: 'personal', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' } },
    ...extra,
  };
  return { path: '/api/messages', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export function teamsScenarios(serviceUrl: string, cases: { id: string; version: number }[]): TeamsScenario[] {
  let next = 0;
  const ok = (status: number) => status === 200;
  const cardAnswer = (status: number, body: string) =>
    status === 200 && body.includes('application/vnd.microsoft.card.adaptive');
  return [
    {
      id: 'message',
      label: 'message "approvals" (reply sent before the 200)',
      build: () => activity(serviceUrl, { type: 'message', text: 'approvals' }),
      expect: ok,
      bareExpect: ok,
    },
    {
      id: 'action_execute',
      label: 'Action.Execute: Escalate button (answers with the form card)',
      build: () => {
        const kase = cases[next++ % cases.length]!;
        return activity(serviceUrl, {
          type: 'invoke',
          name: 'adaptiveCard/action',
          replyToId: 'card-msg',
          value: {
            action: {
              type: 'Action.Execute',
              verb: 'lcp_action',
              data: { action: 'escalate', caseId: kase.id, version: kase.version },
            },
            trigger: 'manual',
          },
        });
      },
      expect: (status, body) => cardAnswer(status, body) && body.includes('lcp_decide'),
      bareExpect: cardAnswer,
    },
  ];
}
