import type { CaseServices } from '../../app/services.js';
import type { MessageRefRepository } from '../../app/ports.js';
import type { AdaptiveCard } from '../../../adaptive-cards/card-types.js';

/** What a personal chat command needs (commands.ts, report-commands.ts). */
export interface CommandDeps {
  services: CaseServices;
  messageRefs: MessageRefRepository;
  /** Sends the answer; returns the posted message's id. */
  /** `summary`: what Teams shows in the notification and chat preview instead of the card. */
  reply(reply: { text: string } | { card: AdaptiveCard; summary?: string }): Promise<string | undefined>;
  conversationId?: string;
}
