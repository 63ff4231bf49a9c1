import { CardFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { Person } from '../../directory/person.js';
import type { MessageRef } from '../../app/ports.js';
import type { ChatDelivery } from '../../app/notifications/delivering-notifier.js';
import type { CaseView } from '../../app/views/case-view.js';
import { caseCard, noLongerAvailableCard } from '../../../adaptive-cards/case.card.js';
import type { ConversationReferenceStore, StoredConversationReference } from './conversation-references.js';
import type { ServiceUrlAllowList } from './service-url-allow-list.js';

/**
 * Proactive Teams messages through the stored conversation reference of each person's personal
 * chat with the bot. A person without one has not installed the app: canReach is false and the
 * DeliveringNotifier logs it.
 */
export class TeamsDelivery implements ChatDelivery {
  readonly channel = 'teams' as const;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly references: ConversationReferenceStore,
    private readonly serviceUrls: ServiceUrlAllowList,
  ) {}

  async canReach(person: Person): Promise<boolean> {
    return (await this.referenceFor(person)) !== null;
  }

  async sendCard(
    person: Person,
    view: CaseView,
    reason: string,
  ): Promise<{ conversationId: string; messageId: string }> {
    const stored = await this.required(person);
    let messageId = '';
    await this.continue(stored, async (context) => {
      // The summary is what Teams shows in the notification and the chat list's preview.
      const sent = await context.sendActivity({
        type: 'message',
        text: reason,
        summary: view.notificationText,
        attachments: [CardFactory.adaptiveCard(caseCard(view))],
      });
      messageId = sent?.id ?? '';
    });
    if (!messageId) throw new Error('Teams did not return the id of the posted card');
    return { conversationId: stored.conversationId, messageId };
  }

  async updateCard(ref: MessageRef, view: CaseView | null, caseNumber: string): Promise<void> {
    const stored = await this.references.findByConversationId(ref.conversationId);
    if (!stored) throw new Error(`no conversation reference for Teams conversation ${ref.conversationId}`);
    const card = view ? caseCard(view) : noLongerAvailableCard(caseNumber);
    await this.continue(stored, async (context) => {
      await context.updateActivity({
        id: ref.messageId,
        type: 'message',
        summary: view ? view.notificationText : `Case ${caseNumber}`,
        attachments: [CardFactory.adaptiveCard(card)],
      });
    });
  }

  /**
   * Posts plain text to a Teams channel (the weekly digest), through a reference made from the
   * channel's conversation id and the tenant's service URL: a channel has no personal chat whose
   * reference was stored, and the bot only needs to be installed in the team.
   */
  async postToConversation(conversationId: string, serviceUrl: string, text: string): Promise<void> {
    if (!this.serviceUrls.allows(serviceUrl))
      throw new Error(`the Teams service URL's host is not on the allow-list (${this.serviceUrls.describe()})`);
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl,
      conversation: { id: conversationId, isGroup: true, conversationType: 'channel', name: '' },
    };
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      // sendActivity would make it a reply to the continuation event's made-up id; a digest is a
      // new post in the channel.
      const connector = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
      await connector.conversations.sendToConversation(conversationId, { type: 'message', text });
    });
  }

  async sendMessage(person: Person, text: string): Promise<void> {
    const stored = await this.required(person);
    await this.continue(stored, async (context) => {
      await context.sendActivity({ type: 'message', text });
    });
  }

  /** The person's stored reference; one pointing at a host not on the allow-list is never used. */
  private async referenceFor(person: Person): Promise<StoredConversationReference | null> {
    if (person.teamsAadObjectId) {
      const byAad = await this.references.findByAadObjectId(person.teamsAadObjectId);
      if (byAad && this.usable(byAad)) return byAad;
    }
    const byPerson = await this.references.findByPersonId(person.id);
    return byPerson && this.usable(byPerson) ? byPerson : null;
  }

  private usable(stored: StoredConversationReference): boolean {
    return this.serviceUrls.allows(stored.reference.serviceUrl);
  }

  private async required(person: Person): Promise<StoredConversationReference> {
    const stored = await this.referenceFor(person);
    if (!stored) throw new Error(`person ${person.id} has not installed the Teams app`);
    return stored;
  }

  private continue(
    stored: StoredConversationReference,
    logic: Parameters<CloudAdapter['continueConversationAsync']>[2],
  ): Promise<void> {
    if (!this.usable(stored))
      return Promise.reject(
        new Error(
          `the stored Teams conversation ${stored.conversationId} points at a service URL not on the allow-list`,
        ),
      );
    return this.adapter.continueConversationAsync(
      this.appId,
      stored.reference as Partial<ConversationReference>,
      logic,
    );
  }
}
