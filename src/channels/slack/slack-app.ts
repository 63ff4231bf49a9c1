import bolt from '@slack/bolt';
import type { RequestListener } from 'node:http';
import type { MessageRefRepository } from '../../app/ports.js';
import type { CaseServices } from '../../app/services.js';
import { registerDecisionButton } from './listeners/decision-button.listener.js';
import { registerFormSubmissions } from './listeners/form-submit.listeners.js';
import { registerHome } from './listeners/home.listeners.js';
import { registerLcpCommand } from './listeners/lcp-command.listener.js';
import { SlackDelivery } from './slack-delivery.js';
import { guardSlackRequests } from './slack-request-guard.js';
import { operatorKeyIn } from '../../app/untrusted-input.js';
import type { Log } from '../../logging/log.js';

const { App, HTTPReceiver, LogLevel, webApi } = bolt;

export interface SlackSettings {
  signingSecret: string;
  botToken: string;
  /** Web API base URL (GovSlack, or a local test API). */
  apiUrl?: string;
  /** Socket Mode for development; then no HTTP endpoint is needed. */
  appToken?: string;
  /** Web API retries; the client's default retries for about 30 minutes. */
  retries?: number;
}

export interface SlackChannel {
  /** Mounted at POST /slack/events on the app's one HTTP server (absent in Socket Mode). */
  requestListener: RequestListener | null;
  delivery: SlackDelivery;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * Bolt on the project's own server: the HTTP receiver verifies every request's signature and
 * timestamp (a bad or stale one gets 401 before any listener runs) and hands it to the listeners.
 */
export function createSlackChannel(
  settings: SlackSettings,
  deps: { services: CaseServices; messageRefs: MessageRefRepository; log: Log },
): SlackChannel {
  const clientOptions = {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    retryConfig: { retries: settings.retries ?? 3, factor: 2, minTimeout: 200, maxTimeout: 2000 },
  };
  const receiver = settings.appToken
    ? null
    : new HTTPReceiver({
        signingSecret: settings.signingSecret,
        endpoints: SLACK_EVENTS_PATH,
        logLevel: LogLevel.ERROR,
      });
  // One client with the bot token for everything the app sends on its own (notifications, card
  // updates); listeners get Bolt's per-request client with the same token from authorize().
  const client = new webApi.WebClient(settings.botToken, { ...clientOptions, logLevel: LogLevel.ERROR });
  const app = new App({
    authorize: cachedBotAuthorization(client, settings.botToken),
    ...(receiver
      ? { receiver }
      : { socketMode: true, appToken: settings.appToken, signingSecret: settings.signingSecret }),
    clientOptions,
    logLevel: LogLevel.ERROR,
  });
  const delivery = new SlackDelivery(client);
  const ctx = { ...deps, delivery };
  // Before any listener: a payload carrying a MongoDB operator key is acknowledged and dropped.
  app.use(async (args) => {
    const found = operatorKeyIn(args.body);
    if (!found) return args.next();
    deps.log('slack: refused a payload with an operator key', { key: found.slice(0, 100) });
    if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
  });
  registerLcpCommand(app, ctx);
  registerDecisionButton(app, ctx);
  registerFormSubmissions(app, ctx);
  registerHome(app, ctx);
  app.error(async (error) => deps.log('slack listener failed', { error: error.message }));

  return {
    requestListener: receiver ? guardSlackRequests(receiver.requestListener, deps.log) : null,
    delivery,
    // The HTTP receiver is served by our server; only Socket Mode has something to start.
    start: async () => {
      if (!receiver) await app.start();
    },
    stop: async () => {
      if (!receiver) await app.stop();
    },
  };
}

/**
 * The bot's identity from one auth.test, kept for the life of the process. Bolt's own token
 * authorization either calls auth.test at start-up (and the app must start, and say so, even when
 * Slack is unreachable) or, with that check off, calls it again before every request, which put a
 * Web API round trip in front of every acknowledgement. A failed call is not kept: the next
 * request tries again.
 */
function cachedBotAuthorization(
  client: InstanceType<typeof webApi.WebClient>,
  botToken: string,
): () => Promise<bolt.AuthorizeResult> {
  let identity: Promise<bolt.AuthorizeResult> | null = null;
  return () => {
    identity ??= client.auth
      .test({ token: botToken })
      .then((r) => ({
        botToken,
        botId: r.bot_id,
        botUserId: r.user_id,
        teamId: r.team_id,
        enterpriseId: r.enterprise_id,
      }))
      .catch((error: unknown) => {
        identity = null;
        throw error;
      });
    return identity;
  };
}
