import type { WebClient } from '@slack/web-api';
import type { ChatDelivery } from '../../app/notifications/delivering-notifier.js';
import type { MessageRef } from '../../app/ports.js';
import type { CaseView } from '../../app/views/case-view.js';
import type { Person } from '../../directory/person.js';
import { caseMessage, caseMessageGone } from './views/case-message.view.js';

/** Slack's half of the notifier: direct messages from the bot, redrawn with chat.update. */
export class SlackDelivery implements ChatDelivery {
  readonly channel = 'slack' as const;

  constructor(private readonly client: WebClient) {}

  async canReach(person: Person): Promise<boolean> {
    return person.slackUserId !== null;
  }

  async sendCard(
    person: Person,
    view: CaseView,
    reason: string,
  ): Promise<{ conversationId: string; messageId: string }> {
    const message = caseMessage(view, { reason });
    // Posting to a user id delivers to the bot's direct message with them.
    const posted = await this.client.chat.postMessage({
      channel: person.slackUserId!,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
    });
    if (!posted.channel || !posted.ts) throw new Error('chat.postMessage answered without a channel and ts');
    return { conversationId: posted.channel, messageId: posted.ts };
  }

  async updateCard(ref: MessageRef, view: CaseView | null, caseNumber: string): Promise<void> {
    const message = view ? caseMessage(view) : caseMessageGone(caseNumber);
    await this.client.chat.update({
      channel: ref.conversationId,
      ts: ref.messageId,
      text: message.text,
      blocks: message.blocks,
    });
  }

  /** The weekly digest's shared channel: case numbers and assignees only, never customers. */
  async postToChannel(channel: string, text: string): Promise<void> {
    await this.client.chat.postMessage({ channel, text, unfurl_links: false, unfurl_media: false });
  }

  /** A direct message whose details are in blocks; `text` is what notifications show, so it names no customer. */
  async sendBlocks(person: Person, text: string, blocks: object[]): Promise<void> {
    await this.client.chat.postMessage({
      channel: person.slackUserId!,
      text,
      blocks: blocks as never,
      unfurl_links: false,
      unfurl_media: false,
    });
  }

  async sendMessage(person: Person, text: string): Promise<void> {
    await this.client.chat.postMessage({
      channel: person.slackUserId!,
      text,
      unfurl_links: false,
      unfurl_media: false,
    });
  }
}
