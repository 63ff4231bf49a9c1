import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { z } from 'zod';
import type { MessageRefRepository } from '../../app/ports.js';
import { operatorKeyIn } from '../../app/untrusted-input.js';
import type { CaseServices } from '../../app/services.js';
import type { ConversationReferenceStore } from './conversation-references.js';
import { BodyError, DEFAULT_MAX_BODY_BYTES, readJsonBody } from './node-http-shim.js';
import { TeamsBot } from './teams-bot.js';
import { TeamsDelivery } from './teams-delivery.js';
import { ServiceUrlAllowList } from './service-url-allow-list.js';
import { allowedTenants, teamsMode, type TeamsMode, type TeamsSettings } from './teams-settings.js';
import { errorMessage, type Log } from '../../logging/log.js';

export interface TeamsEndpointDeps {
  settings: TeamsSettings;
  /**
   * The use cases. Their notifier should include a DeliveringNotifier over the returned `delivery`;
   * wire it through a CompositeNotifier whose list is filled after this call (the delivery exists
   * only once the endpoint does).
   */
  services: CaseServices;
  conversationReferences: ConversationReferenceStore;
  messageRefs: MessageRefRepository;
  log?: Log;
  /** Largest accepted request body; default 512 KiB. */
  maxBodyBytes?: number;
}

export interface TeamsEndpoint {
  /** POST /api/messages, for a plain node:http server. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  delivery: TeamsDelivery;
  /** How Teams runs here (teams-settings.ts); "off" answers every request 404. */
  mode: TeamsMode;
  serviceUrls: ServiceUrlAllowList;
}

/**
 * The Bot Framework endpoint. With MICROSOFT_APP_ID set, every request's token is validated by
 * botbuilder (missing or bad: 401, the turn never runs, nothing is stored). Without it Teams is
 * off (404) unless LCP_TEAMS_UNAUTHENTICATED is "local-only" (the local demo and the Agents
 * Playground; runtime.ts sets it for the demo, main.ts then listens on 127.0.0.1 only).
 *
 * Then, before the turn and so before any look-up: the activity must come over Teams
 * (channelId "msteams"), from an allowed tenant (when one is configured) and name a service URL
 * on the allow-list (403 otherwise).
 *
 * Authentication runs here, before the turn, rather than inside CloudAdapter.process: process()
 * answers 401 only for botframework-connector's AuthenticationError, and a token signed by a key
 * outside the JWKS fails with jsonwebtoken's plain "invalid signature" error, which it turns into
 * a 500. Here every failure to authenticate is a 401.
 */
export function createTeamsEndpoint(deps: TeamsEndpointDeps): TeamsEndpoint {
  const log: Log = deps.log ?? ((message, detail) => console.warn(message, detail ?? ''));
  const { settings } = deps;
  const mode = teamsMode(settings);
  const serviceUrls = ServiceUrlAllowList.from(settings, mode);
  const tenants = allowedTenants(settings);
  // botbuilder refuses a SingleTenant configuration without an app id, so "authentication off"
  // is an empty configuration rather than a SingleTenant one with an empty id.
  const authentication = new ConfigurationBotFrameworkAuthentication(
    settings.MICROSOFT_APP_ID
      ? {
          MicrosoftAppId: settings.MICROSOFT_APP_ID,
          MicrosoftAppPassword: settings.MICROSOFT_APP_PASSWORD ?? '',
          MicrosoftAppTenantId: settings.MICROSOFT_APP_TENANT_ID ?? '',
          MicrosoftAppType: settings.MICROSOFT_APP_TYPE,
        }
      : {},
  );
  const adapter = new AuthenticatedCloudAdapter(authentication);
  adapter.onTurnError = async (context, error) => {
    log('teams: a turn failed', { activityType: context.activity.type, error: errorMessage(error) });
    if (context.activity.type === 'message')
      await context
        .sendActivity('Sorry, something went wrong; nothing was changed. Please try again.')
        .catch(() => undefined);
  };
  const bot = new TeamsBot({
    services: deps.services,
    conversationReferences: deps.conversationReferences,
    messageRefs: deps.messageRefs,
    log,
    serviceUrls,
    // Matching by e-mail trusts the member list the activity's tenant returns: only for a tenant
    // that a checked token and the tenant allow-list vouch for.
    emailMatching: mode === 'authenticated' && tenants.length > 0,
  });
  const delivery = new TeamsDelivery(
    adapter,
    settings.MICROSOFT_APP_ID ?? '',
    deps.conversationReferences,
    serviceUrls,
  );
  const limit = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  return {
    delivery,
    mode,
    serviceUrls,
    async handle(req, res) {
      if (mode === 'off') {
        req.resume();
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      if (req.method !== 'POST') {
        res.writeHead(405, { allow: 'POST' }).end();
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = await readJsonBody(req, limit);
      } catch (error) {
        const status = error instanceof BodyError ? error.status : 400;
        res
          .writeHead(status, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: error instanceof Error ? error.message : 'bad request' }));
        if (status === 413) req.resume();
        return;
      }
      const activity = ActivityShape.safeParse(body);
      if (!activity.success) {
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: 'not a Bot Framework activity' }));
        return;
      }
      const turnActivity = withDates(activity.data);
      let authenticated: AuthenticateRequestResult;
      try {
        authenticated = await authentication.authenticateRequest(turnActivity, req.headers.authorization ?? '');
      } catch (error) {
        log('teams: refused a request that did not authenticate', { error: errorMessage(error) });
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'unauthorized' }));
        return;
      }
      const refusal = refusalOf(activity.data, tenants, serviceUrls);
      if (refusal) {
        log('teams: refused an activity', { reason: refusal });
        res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ error: refusal }));
        return;
      }
      // No Bot Framework activity has a "$" key: one that does is refused before it can reach a filter.
      const operatorKey = operatorKeyIn(body);
      if (operatorKey) {
        log('teams: refused an activity with an operator key', { key: operatorKey.slice(0, 100) });
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: 'unexpected "$" key in the activity' }));
        return;
      }
      let answer: InvokeResponse | undefined;
      try {
        answer = await adapter.processAuthenticated(authenticated, turnActivity, (context) => bot.run(context));
      } catch (error) {
        log('teams: an activity could not be processed', { error: errorMessage(error) });
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'internal error' }));
        return;
      }
      writeAnswer(res, answer);
    },
  };
}

type AuthenticateRequestResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/** CloudAdapter with its protected processActivity reachable for an already authenticated request. */
class AuthenticatedCloudAdapter extends CloudAdapter {
  processAuthenticated(
    authenticated: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authenticated, activity, logic);
  }
}

// What botbuilder and the bot read of every activity, with the types they assume (found by the
// fuzz test in test/security: a null `from`, a numeric id or a non-array `membersAdded` made the
// turn throw, a 500). Anything else about the activity is botbuilder's to read, and card data is
// parsed again where it is used.
const ChannelAccount = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
});
const ActivityShape = z.looseObject({
  type: z.string().min(1),
  channelId: z.string().optional(),
  id: z.string().optional(),
  serviceUrl: z.string().optional(),
  // Every Bot Framework activity names its sender, its recipient and its conversation.
  from: ChannelAccount,
  recipient: ChannelAccount,
  conversation: z.looseObject({
    id: z.string(),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
  }),
  channelData: z.looseObject({ tenant: z.looseObject({ id: z.string().optional() }).optional() }).optional(),
  text: z.string().optional(),
  name: z.string().optional(),
  replyToId: z.string().optional(),
  membersAdded: z.array(ChannelAccount).optional(),
  membersRemoved: z.array(ChannelAccount).optional(),
});

/**
 * Why an authenticated activity is still refused, or null: not over Teams (the Bot Service's Web
 * Chat and other channels), from a tenant not allowed (or naming two tenants), or with a service
 * URL the bot must not call.
 */
function refusalOf(
  activity: z.infer<typeof ActivityShape>,
  tenants: string[],
  serviceUrls: ServiceUrlAllowList,
): string | null {
  if (activity.channelId !== 'msteams') return 'only activities from Microsoft Teams are accepted';
  if (tenants.length > 0) {
    const named = [activity.conversation.tenantId, activity.channelData?.tenant?.id]
      .filter((t): t is string => typeof t === 'string')
      .map((t) => t.toLowerCase());
    if (named.length === 0 || named.some((t) => !tenants.includes(t)))
      return 'activity from a tenant this bot does not serve';
  }
  if (!serviceUrls.allows(activity.serviceUrl)) return 'service URL not on the allow-list';
  return null;
}

/**
 * The timestamps as Dates, keeping the strings as sent (what botbuilder's own validateAndFixActivity
 * does inside process()).
 */
function withDates(body: Record<string, unknown>): Activity {
  const activity = structuredClone(body) as Record<string, unknown>;
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return activity as unknown as Activity;
}

/** The turn's answer: an invoke's status and body (the updated card), else 200 with no body. */
function writeAnswer(res: ServerResponse, answer: InvokeResponse | undefined): void {
  if (answer?.body === undefined || answer.body === null) {
    res.writeHead(answer?.status ?? 200).end();
    return;
  }
  res
    .writeHead(answer.status ?? 200, { 'content-type': 'application/json; charset=utf-8' })
    .end(JSON.stringify(answer.body));
}
