import {
  ActivityHandler,
  CardFactory,
  TeamsInfo,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
} from 'botbuilder';
import type { CaseServices } from '../../app/services.js';
import type { MessageRefRepository } from '../../app/ports.js';
import type { Person } from '../../directory/person.js';
import type { AdaptiveCard } from '../../../adaptive-cards/card-types.js';
import { noticeCard } from '../../../adaptive-cards/case.card.js';
import { cardAction } from './card-actions.js';
import { runCommand } from './commands.js';
import type { ConversationReferenceStore } from './conversation-references.js';
import type { ServiceUrlAllowList } from './service-url-allow-list.js';
import { TEXT } from './teams-text.js';
import { errorMessage, type Log } from '../../logging/log.js';

export interface TeamsBotDeps {
  services: CaseServices;
  conversationReferences: ConversationReferenceStore;
  messageRefs: MessageRefRepository;
  log: Log;
  /** References are stored only for these service URLs. */
  serviceUrls: ServiceUrlAllowList;
  /** Whether a Teams user unknown by AAD object id may be matched by e-mail (a verified tenant only). */
  emailMatching: boolean;
}

/**
 * The Teams turn handler: remembers where each person can be reached, answers commands in the
 * personal chat, and routes Universal Action clicks (adaptiveCard/action) to card-actions.ts.
 */
export class TeamsBot extends ActivityHandler {
  constructor(private readonly deps: TeamsBotDeps) {
    super();
    this.onMessage(async (context, next) => {
      // In a team channel (where the app is installed for the weekly digest) commands would show
      // case details to everyone there: answer with where to ask instead.
      if (!isPersonal(context)) {
        await context.sendActivity(TEXT.personalOnly);
        await next();
        return;
      }
      const person = await this.remember(context);
      await runCommand(
        { ...deps, conversationId: context.activity.conversation.id, reply: (reply) => this.reply(context, reply) },
        person,
        commandText(context),
      );
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      // In a personal chat the bot itself is among the members added when the app is installed.
      if (context.activity.membersAdded?.some((m) => m.id === context.activity.recipient.id))
        await this.welcome(context);
      await next();
    });
    // Installing the app sends installationUpdate and conversationUpdate both: keep the reference
    // from either, greet once (from membersAdded, which every Bot Framework channel sends).
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.remember(context);
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invoke: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const person = await this.identify(context);
    const card: AdaptiveCard = !person
      ? noticeCard('Limited Contact', {
          kind: 'problem',
          text: context.activity.from.aadObjectId ? TEXT.notInDirectory : TEXT.noTeamsIdentity,
        })
      : await cardAction(this.deps, {
          person,
          verb: invoke.action.verb ?? '',
          data: isRecord(invoke.action.data) ? invoke.action.data : {},
          activityId:
            context.activity.id ??
            `${context.activity.conversation.id}:${context.activity.replyToId ?? ''}:${invoke.action.verb}`,
          ...(context.activity.replyToId
            ? { message: { conversationId: context.activity.conversation.id, messageId: context.activity.replyToId } }
            : {}),
        });
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { ...card } };
  }

  private async welcome(context: TurnContext): Promise<void> {
    await this.remember(context);
    if (isPersonal(context)) await context.sendActivity(TEXT.welcome);
  }

  private async reply(
    context: TurnContext,
    reply: { text: string } | { card: AdaptiveCard; summary?: string },
  ): Promise<string | undefined> {
    const sent = await context.sendActivity(
      'text' in reply
        ? { type: 'message', text: reply.text }
        : {
            type: 'message',
            ...(reply.summary ? { summary: reply.summary } : {}),
            attachments: [CardFactory.adaptiveCard(reply.card)],
          },
    );
    return sent?.id;
  }

  /** Who is writing, by AAD object id, else the person their stored reference was linked to. */
  private async identify(context: TurnContext): Promise<Person | null> {
    const aad = context.activity.from.aadObjectId;
    if (!aad) return null;
    const people = this.deps.services.people;
    const direct = await people.findByTeamsAadObjectId(aad);
    if (direct) return direct;
    const stored = await this.deps.conversationReferences.findByAadObjectId(aad);
    return stored?.personId ? people.findById(stored.personId) : null;
  }

  /**
   * Saves the personal chat's conversation reference, linked to the directory person by AAD object
   * id, else (with a verified tenant only) by the e-mail Teams gives for the member. Returns the
   * person (null if not found). A reference whose service URL is not on the allow-list is never
   * stored (the endpoint refuses such activities already; this holds for any other caller).
   */
  private async remember(context: TurnContext): Promise<Person | null> {
    const aad = context.activity.from.aadObjectId;
    let person = await this.identify(context);
    if (!aad || !isPersonal(context) || !this.deps.serviceUrls.allows(context.activity.serviceUrl)) return person;
    let matchedBy: 'aad_object_id' | 'email' | null = person ? 'aad_object_id' : null;
    if (!person && this.deps.emailMatching) {
      person = await this.personByEmail(context);
      if (person) {
        matchedBy = 'email';
        // Recorded: the link rests on the tenant's word for the e-mail, not on the directory's id.
        this.deps.log('teams: linked a Teams user to a directory person by e-mail', {
          aadObjectId: aad,
          personId: person.id,
          tenantId: context.activity.conversation.tenantId ?? null,
        });
      }
    }
    await this.deps.conversationReferences.save({
      aadObjectId: aad,
      personId: person?.id ?? null,
      matchedBy,
      conversationId: context.activity.conversation.id,
      reference: JSON.parse(JSON.stringify(TurnContext.getConversationReference(context.activity))) as Record<
        string,
        unknown
      >,
      updatedAt: this.deps.services.clock(),
    });
    return person;
  }

  private async personByEmail(context: TurnContext): Promise<Person | null> {
    try {
      const member = await TeamsInfo.getMember(context, context.activity.from.id);
      const email = member.email ?? member.userPrincipalName;
      return email ? this.deps.services.people.findByEmail(email) : null;
    } catch (error) {
      this.deps.log('teams: could not look up the member to match them by e-mail', { error: errorMessage(error) });
      return null;
    }
  }
}

function commandText(context: TurnContext): string {
  return (TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '').trim();
}

/** Personal chats only: a reference to a group chat or channel is not a way to reach one person. */
function isPersonal(context: TurnContext): boolean {
  const type = context.activity.conversation.conversationType;
  return type === undefined || type === 'personal';
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
