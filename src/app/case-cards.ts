import type { MessageRef, MessageRefRepository } from './ports.js';

// A case card shown to one person, wherever it was posted (a notification, "case LCP-…", App
// Home's "Open", the card a Teams click replaced): recorded, so that every later change of the
// case redraws it (DeliveringNotifier) and it never keeps buttons that no longer apply.

export interface PostedCard {
  conversationId: string;
  messageId: string;
}

/**
 * Posts a case card with `post` and records where it went; a post that returns no message id
 * (nothing to redraw) records nothing.
 */
export async function postCaseCard(
  deps: { messageRefs: MessageRefRepository; clock: () => Date },
  card: { caseId: string; channel: MessageRef['channel']; recipientPersonId: string },
  post: () => Promise<PostedCard | null>,
): Promise<PostedCard | null> {
  const posted = await post();
  if (posted)
    await deps.messageRefs.add({ ...card, ...posted, purpose: 'case_card', postedAt: deps.clock().toISOString() });
  return posted;
}
