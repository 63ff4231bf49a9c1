import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import bolt from '@slack/bolt';
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type AdaptiveCardInvokeResponse,
} from 'botbuilder';
import type { ServerResponse } from 'node:http';
import { readJsonBody } from '../../src/channels/teams/node-http-shim.js';
import { answerParent, childArgs, onTerminate } from '../support/child-process.js';
import { BOT_TOKEN, SIGNING_SECRET } from './bench-people.js';

// The baselines: the same frameworks, receivers and transport the product uses, with nothing
// behind them. Bolt's HTTPReceiver checks the same signatures and only acknowledges; botbuilder's
// CloudAdapter (authentication off, as in the product's local mode) replies "ok" to a message
// through the same fake connector and answers an Action.Execute with a one-line card. No database.

const { App, HTTPReceiver, LogLevel } = bolt;
// Bolt asks auth.test (once) who the bot is, as it does in the product: the same fake Slack API answers.
const args = childArgs<{ slackApiUrl: string }>();

const receiver = new HTTPReceiver({
  signingSecret: SIGNING_SECRET,
  endpoints: '/slack/events',
  logLevel: LogLevel.ERROR,
});
const app = new App({
  token: BOT_TOKEN,
  receiver,
  clientOptions: { slackApiUrl: args.slackApiUrl },
  tokenVerificationEnabled: false,
  logLevel: LogLevel.ERROR,
});
app.command(/.*/, async ({ ack }) => ack());
app.view(/.*/, async ({ ack }) => ack());
app.action(/.*/, async ({ ack }) => ack());

class BareBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity('ok');
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(): Promise<AdaptiveCardInvokeResponse> {
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'ok' }] } as never,
    };
  }
}
/** The express-like response CloudAdapter.process writes to, over plain node:http. */
function expressLike(res: ServerResponse) {
  let status = 200;
  let body: string | undefined;
  const shim = {
    socket: res.socket,
    status(code: number) {
      status = code;
      return shim;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
      return shim;
    },
    send(value?: unknown) {
      if (value !== undefined && value !== null) {
        body = typeof value === 'string' ? value : JSON.stringify(value);
        if (typeof value !== 'string') res.setHeader('content-type', 'application/json; charset=utf-8');
      }
      return shim;
    },
    end() {
      if (!res.headersSent) res.writeHead(status);
      res.end(body);
      return shim;
    },
  };
  return shim;
}

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new BareBot();

const server = createServer((req, res) => {
  if (req.url === '/slack/events') return receiver.requestListener(req, res);
  if (req.url === '/api/messages') {
    void readJsonBody(req)
      .then((body) =>
        adapter.process({ method: req.method, headers: req.headers, body }, expressLike(res), (context) =>
          bot.run(context),
        ),
      )
      .catch((error: unknown) => res.writeHead(500).end(String(error)));
    return;
  }
  res.writeHead(404).end();
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1');
await once(server, 'listening');
onTerminate(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
answerParent({ ready: true, port: (server.address() as AddressInfo).port });
