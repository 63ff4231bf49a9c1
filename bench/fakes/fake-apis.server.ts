import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerParent, onTerminate } from '../support/child-process.js';

// Local stand-ins, in their own process, for the two APIs the bot calls: Slack's Web API (reached
// through SLACK_API_URL, at /api/<method>) and the Bot Framework connector (the serviceUrl of the
// activities, at /v3/conversations/...). They answer at once, as the real services do when
// healthy, so the figures measure the bot, not the internet. They count what they were asked:
// GET /_stats returns the counts, POST /_reset clears them.
//
// It also stands in for Slack's response_url, and relays slash commands that the product answers
// after an empty acknowledgement: POST /_command forwards the request to x-bench-target and
// answers only when the product's answer has reached /respond/<id>. The load generator's clients
// then wait for the answer the person sees, as they wait for an acknowledgement elsewhere.

const counts = new Map<string, number>();
const awaitingAnswer = new Map<string, (body: string) => void>();
const RELAY_TIMEOUT_MS = 10_000;

async function relayCommand(target: string, headers: Record<string, string>, body: string): Promise<string> {
  const responseUrl = new URLSearchParams(body).get('response_url') ?? '';
  const id = responseUrl.slice(responseUrl.lastIndexOf('/respond/') + '/respond/'.length);
  const answer = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      awaitingAnswer.delete(id);
      reject(new Error('no answer through response_url in time'));
    }, RELAY_TIMEOUT_MS);
    awaitingAnswer.set(id, (text) => {
      clearTimeout(timer);
      awaitingAnswer.delete(id);
      resolve(text);
    });
  });
  const ack = await fetch(`${target}/slack/events`, { method: 'POST', headers, body });
  const ackBody = await ack.text();
  if (ack.status !== 200 || ackBody !== '') {
    awaitingAnswer.get(id)?.('');
    await answer.catch(() => {});
    return ackBody;
  }
  return answer;
}
let ts = 1_700_000_000;
let messageId = 0;

function slackAnswer(method: string, body: string): Record<string, unknown> {
  switch (method) {
    case 'chat.postMessage':
      return { ok: true, channel: `D${channelOf(body)}`, ts: `${ts++}.000100` };
    case 'chat.update':
      return { ok: true, channel: channelOf(body), ts: `${ts}.000100` };
    case 'chat.postEphemeral':
      return { ok: true, message_ts: `${ts++}.000200` };
    case 'views.open':
    case 'views.update':
    case 'views.push':
    case 'views.publish':
      return { ok: true, view: { id: `V${ts++}` } };
    case 'auth.test':
      return { ok: true, user_id: 'UBOT', team_id: 'T1', bot_id: 'B1' };
    default:
      return { ok: true };
  }
}

function channelOf(body: string): string {
  const match = /channel=([^&]+)/.exec(body) ?? /"channel":"([^"]+)"/.exec(body);
  return match ? decodeURIComponent(match[1]!) : 'C1';
}

function connectorAnswer(method: string, path: string): { key: string; body: Record<string, unknown> } {
  if (method === 'GET' && /\/members\/[^/]+$/.test(path)) {
    const id = decodeURIComponent(path.split('/').at(-1)!);
    return { key: 'connector.getMember', body: { id, name: 'Member', aadObjectId: id } };
  }
  if (method === 'PUT') return { key: 'connector.updateActivity', body: { id: path.split('/').at(-1) } };
  if (/\/v3\/conversations\/?$/.test(path))
    return { key: 'connector.createConversation', body: { id: `a:conv-${++messageId}`, activityId: `m-${messageId}` } };
  return { key: 'connector.sendActivity', body: { id: `m-${++messageId}` } };
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/_stats') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(Object.fromEntries(counts)));
      return;
    }
    if (path === '/_reset') {
      counts.clear();
      res.writeHead(204).end();
      return;
    }
    if (path === '/_command') {
      const forwarded: Record<string, string> = {};
      for (const name of ['content-type', 'x-slack-signature', 'x-slack-request-timestamp'])
        if (typeof req.headers[name] === 'string') forwarded[name] = req.headers[name];
      relayCommand(String(req.headers['x-bench-target']), forwarded, Buffer.concat(chunks).toString('utf8')).then(
        (text) => res.writeHead(200, { 'content-type': 'application/json' }).end(text),
        () => res.writeHead(504).end(),
      );
      return;
    }
    let key: string;
    let body: Record<string, unknown>;
    if (path.startsWith('/respond/')) {
      awaitingAnswer.get(path.slice('/respond/'.length))?.(Buffer.concat(chunks).toString('utf8'));
      key = 'response_url';
      body = { ok: true };
    } else if (path.startsWith('/api/')) {
      key = path.slice('/api/'.length);
      body = slackAnswer(key, Buffer.concat(chunks).toString('utf8'));
    } else if (path.startsWith('/v3/')) {
      ({ key, body } = connectorAnswer(req.method ?? 'POST', path));
    } else {
      res.writeHead(404).end();
      return;
    }
    counts.set(key, (counts.get(key) ?? 0) + 1);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
});

server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  answerParent({
    ready: true,
    port,
    slackApiUrl: `http://127.0.0.1:${port}/api/`,
    serviceUrl: `http://127.0.0.1:${port}/`,
  });
});
onTerminate(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
