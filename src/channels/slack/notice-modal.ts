import type { types } from '@slack/bolt';
import { escapeAndTruncate } from './views/escape.js';

/** A modal that only says something: what replaces a form when a decision cannot go ahead. */
export function noticeModal(title: string, message: string): types.ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: title.slice(0, 24) },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeAndTruncate(message, 2900) } }],
  };
}
