import type { IncomingMessage, ServerResponse } from 'node:http';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { MessageRefRepository } from '../../app/ports.js';
import type { CaseServices } from '../../app/services.js';
import type { CaseLists } from './case-lists.js';
import type { ConversationReferenceStore } from './conversation-references.js';
import { BodyError, DEFAULT_MAX_BODY_BYTES, readJsonBody, shimResponse } from './node-http-shim.js';
import { TeamsBot, type Log } from './teams-bot.js';
import { TeamsDelivery } from './teams-delivery.js';
import type { TeamsSettings } from './teams-settings.js';

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
  /** Behind the `cases` and `approvals` commands; without it they say they are not available. */
  caseLists?: CaseLists;
  log?: Log;
  /** Largest accepted request body; default 512 KiB. */
  maxBodyBytes?: number;
}

export interface TeamsEndpoint {
  /** POST /api/messages, for a plain node:http server. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  delivery: TeamsDelivery;
}

/**
 * The Bot Framework endpoint. With MICROSOFT_APP_ID set, every request's token is validated by
 * botbuilder (missing or bad: 401, the turn never runs, nothing is stored); without it
 * authentication is off, as the Agents Playground needs (checkTeamsSettings warns, and refuses
 * it in production).
 */
export function createTeamsEndpoint(deps: TeamsEndpointDeps): TeamsEndpoint {
  const log: Log = deps.log ?? ((message, detail) => console.warn(message, detail ?? ''));
  const { settings } = deps;
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
  const adapter = new CloudAdapter(authentication);
  adapter.onTurnError = async (context, error) => {
    log('teams: a turn failed', { activityType: context.activity.type, error: error instanceof Error ? error.message : String(error) });
    if (context.activity.type === 'message') await context.sendActivity('Sorry, something went wrong; nothing was changed. Please try again.').catch(() => undefined);
  };
  const bot = new TeamsBot({ services: deps.services, conversationReferences: deps.conversationReferences, messageRefs: deps.messageRefs, log, ...(deps.caseLists ? { caseLists: deps.caseLists } : {}) });
  const delivery = new TeamsDelivery(adapter, settings.MICROSOFT_APP_ID ?? '', deps.conversationReferences);
  const limit = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  return {
    delivery,
    async handle(req, res) {
      if (req.method !== 'POST') {
        res.writeHead(405, { allow: 'POST' }).end();
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = await readJsonBody(req, limit);
      } catch (error) {
        const status = error instanceof BodyError ? error.status : 400;
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error instanceof Error ? error.message : 'bad request' }));
        if (status === 413) req.resume();
        return;
      }
      await adapter.process({ method: req.method, headers: req.headers, body }, shimResponse(res), (context) => bot.run(context));
    },
  };
}
