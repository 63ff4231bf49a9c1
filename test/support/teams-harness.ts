import nock from 'nock';
import { cardErrors } from '../channels/teams/card-schema.js';

// Teams beside Slack's harness (slack-app-harness.ts): the Bot Framework connector a bot calls
// (replies, proactive cards, card updates, member look-ups) played by nock at one service URL,
// and a client that posts Bot Framework activities to the real endpoint over HTTP, the way
// Teams does. Authentication is off unless the runtime has a MICROSOFT_APP_ID
// (test/channels/teams/teams-auth.test.ts covers it on).

export const TEAMS_BOT = { id: '28:lcp-bot', name: 'Limited Contact' };

export interface ConnectorCall {
  method: 'POST' | 'PUT' | 'GET';
  /** The URL path, still encoded as the connector client sent it. */
  path: string;
  body: Record<string, unknown>;
}

export interface TeamsUser {
  /** Also names the user's personal chat with the bot: `a:chat-<key>`. */
  key: string;
  aadObjectId: string;
  name?: string;
}

export const chatOf = (user: TeamsUser): string => `a:chat-${user.key}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in assertions
type Loose = any;

export class FakeTeamsConnector {
  readonly calls: ConnectorCall[] = [];
  private messageNo = 0;

  /**
   * @param member answers the connector's member look-up (GET .../members/<id>), which the bot
   * makes to match a person by e-mail when their AAD object id is not in the directory.
   */
  constructor(
    readonly serviceUrl: string,
    private readonly member?: (memberId: string) => Record<string, unknown>,
  ) {}

  /** Intercepts the connector (and refuses any other network use but the local servers). */
  start(): void {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    // nock 14 hands a reply function the request's path and parsed body.
    const recordAs =
      (method: ConnectorCall['method'], answer: (path: string) => unknown) => (uri: string, body: unknown) => {
        const path = new URL(uri, this.serviceUrl).pathname;
        const parsed =
          typeof body === 'string'
            ? body
              ? (JSON.parse(body) as Record<string, unknown>)
              : {}
            : ((body ?? {}) as Record<string, unknown>);
        this.calls.push({ method, path, body: parsed });
        return answer(path) as nock.ReplyBody;
      };
    const scope = nock(this.serviceUrl)
      .persist()
      .post(/\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/)
      .reply(
        200,
        recordAs('POST', () => ({ id: `msg-${++this.messageNo}` })),
      )
      .put(/\/v3\/conversations\/[^/]+\/activities\/[^/]+$/)
      .reply(
        200,
        recordAs('PUT', (path) => ({ id: path.split('/').at(-1) })),
      );
    const member = this.member;
    if (member)
      scope.get(/\/v3\/conversations\/[^/]+\/members\/[^/]+$/).reply(
        200,
        recordAs('GET', (path) => member(decodeURIComponent(path.split('/').at(-1)!))),
      );
  }

  stop(): void {
    nock.cleanAll();
    nock.enableNetConnect();
  }

  clear(): void {
    this.calls.length = 0;
  }

  /** Cards posted into a user's chat (proactive cards and replies with a card), oldest first. */
  cardsTo(user: TeamsUser): Record<string, unknown>[] {
    return this.calls
      .filter(
        (c) =>
          c.method === 'POST' && c.path.includes(encodeURIComponent(chatOf(user))) && Array.isArray(c.body.attachments),
      )
      .map((c) => (c.body.attachments as { content: Record<string, unknown> }[])[0]!.content);
  }

  /** Texts posted into a user's chat, oldest first. */
  textsTo(user: TeamsUser): string[] {
    return this.calls
      .filter(
        (c) =>
          c.method === 'POST' && c.path.includes(encodeURIComponent(chatOf(user))) && typeof c.body.text === 'string',
      )
      .map((c) => String(c.body.text));
  }
}

/** Posts activities from Teams users to a bot endpoint (e.g. `${harness.base}${TEAMS_MESSAGES_PATH}`). */
export class TeamsClient {
  private activityNo = 0;

  constructor(
    private readonly endpoint: string,
    private readonly serviceUrl: string,
    private readonly tenantId = 'tenant-1',
  ) {}

  /** An activity from `user` in their personal chat with the bot, as Teams sends it. */
  activity(user: TeamsUser, extra: Record<string, unknown>): Record<string, unknown> {
    return {
      id: `act-${++this.activityNo}`,
      channelId: 'msteams',
      serviceUrl: this.serviceUrl,
      timestamp: new Date().toISOString(),
      from: { id: `29:${user.key}`, aadObjectId: user.aadObjectId, name: user.name ?? user.key },
      recipient: TEAMS_BOT,
      conversation: { id: chatOf(user), conversationType: 'personal', tenantId: this.tenantId },
      channelData: { tenant: { id: this.tenantId } },
      ...extra,
    };
  }

  async post(
    body: unknown,
    headers: Record<string, string> = {},
    endpoint = this.endpoint,
  ): Promise<{ status: number; body: Loose }> {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* plain text */
    }
    return { status: response.status, body: parsed };
  }

  message(user: TeamsUser, text: string, endpoint?: string) {
    return this.post(this.activity(user, { type: 'message', text }), {}, endpoint);
  }

  /** The user adds the app: the bot stores how to reach them and says hello. */
  install(user: TeamsUser, endpoint?: string) {
    return this.post(
      this.activity(user, {
        type: 'conversationUpdate',
        membersAdded: [TEAMS_BOT, { id: `29:${user.key}`, aadObjectId: user.aadObjectId }],
      }),
      {},
      endpoint,
    );
  }

  /** A card button (Universal Actions, Action.Execute) as Teams sends it, answered as it came. */
  invoke(
    user: TeamsUser,
    verb: string,
    data: Record<string, unknown>,
    options: { id?: string; replyToId?: string; endpoint?: string } = {},
  ) {
    const activity = this.activity(user, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: options.replyToId ?? 'card-msg',
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    });
    if (options.id) activity.id = options.id;
    return this.post(activity, {}, options.endpoint);
  }

  /** A card button click that must be answered with a valid Adaptive Card 1.5: returns that card. */
  async click(
    user: TeamsUser,
    verb: string,
    data: Record<string, unknown>,
    options: { id?: string; replyToId?: string; endpoint?: string } = {},
  ): Promise<Record<string, unknown>> {
    const response = await this.invoke(user, verb, data, options);
    expect(response.status).toBe(200);
    expect(response.body.statusCode).toBe(200);
    expect(response.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const card = response.body.value as Record<string, unknown>;
    expect(cardErrors(card)).toEqual([]);
    return card;
  }
}
