import type { types } from '@slack/bolt';
import type { CaseView } from '../../../app/views/case-view.js';
import { clip, escapeAndTruncate, escapeMrkdwn } from './escape.js';
import { SLACK_LIMITS as L } from './limits.js';

// A case as a direct message: pure function of the CaseView, so after every change each stored
// message reference is redrawn from stored state. Everything people typed is escaped and truncated.

export const CASE_ACTION_PREFIX = 'lcp_action:';

/** What a decision button carries back (ARCHITECTURE: button values carry {action, caseId, version}). */
export interface CaseButtonValue {
  action: string;
  caseId: string;
  version: number;
}

export interface SlackMessage {
  /** Fallback and notification text: case number and status only, never a customer's name. */
  text: string;
  blocks: types.KnownBlock[];
}

/** How many history entries the message shows; the rest are counted. */
export const HISTORY_SHOWN = 5;

const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text });
const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

export function caseMessage(view: CaseView, options: { reason?: string } = {}): SlackMessage {
  const blocks: types.KnownBlock[] = [{ type: 'header', text: plain(clip(view.title, L.headerText)) }];
  if (options.reason) blocks.push({ type: 'section', text: mrkdwn(escapeAndTruncate(options.reason, L.sectionText)) });

  for (let i = 0; i < view.facts.length; i += L.sectionFields) {
    blocks.push({
      type: 'section',
      fields: view.facts
        .slice(i, i + L.sectionFields)
        .map((f) =>
          mrkdwn(`*${escapeMrkdwn(f.label)}*\n${escapeAndTruncate(f.value, L.sectionFieldText - f.label.length - 10)}`),
        ),
    });
  }

  // Letter links: Slack shows a link, Teams a button (Action.OpenUrl). Signed URLs are hex and dots.
  if (view.links.length > 0)
    blocks.push({
      type: 'section',
      text: mrkdwn(clip(view.links.map((l) => `<${l.url}|${escapeMrkdwn(l.label)}>`).join('\n'), L.sectionText)),
    });

  if (view.latestReport) blocks.push(...reportBlocks(view.latestReport));
  if (view.history.length > 0) blocks.push(...historyBlocks(view.history));

  if (view.actions.length > 0) {
    for (let i = 0; i < view.actions.length; i += L.actionsElements) {
      blocks.push({
        type: 'actions',
        // New per version: Slack asks for a fresh block_id on each iteration of an updated message.
        block_id: clip(`lcp_actions:${view.caseId}:${view.version}:${i / L.actionsElements}`, L.blockId),
        elements: view.actions.slice(i, i + L.actionsElements).map((a) => ({
          type: 'button' as const,
          action_id: `${CASE_ACTION_PREFIX}${a.action}`,
          text: plain(clip(a.label, L.buttonText)),
          value: JSON.stringify({
            action: a.action,
            caseId: view.caseId,
            version: view.version,
          } satisfies CaseButtonValue),
          ...(a.style ? { style: a.style } : {}),
        })),
      });
    }
  } else if (view.lastDecision) {
    blocks.push({ type: 'context', elements: [mrkdwn(escapeAndTruncate(view.lastDecision, L.sectionText))] });
  }

  return { text: escapeMrkdwn(view.notificationText), blocks };
}

function reportBlocks(report: NonNullable<CaseView['latestReport']>): types.KnownBlock[] {
  const head = `*Latest report*: ${escapeMrkdwn(report.occurredAt)}, ${escapeMrkdwn(report.channel)}`;
  const behaviours =
    report.behaviours.length > 0 ? `\n*Behaviour*: ${escapeAndTruncate(report.behaviours.join('; '), 1000)}` : '';
  const intro = `${head}${behaviours}`;
  return [
    { type: 'section', text: mrkdwn(intro) },
    // The description gets a section of its own so that its full 3000 characters are available.
    { type: 'section', text: mrkdwn(escapeAndTruncate(report.description, L.sectionText)) },
  ];
}

function historyBlocks(history: CaseView['history']): types.KnownBlock[] {
  const shown = history.slice(-HISTORY_SHOWN);
  const blocks: types.KnownBlock[] = [{ type: 'divider' }, { type: 'section', text: mrkdwn('*History*') }];
  const earlier = history.length - shown.length;
  if (earlier > 0)
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`${earlier} earlier ${earlier === 1 ? 'entry' : 'entries'} not shown`)],
    });
  for (const h of shown) {
    const line = `*${escapeMrkdwn(h.what)}* by ${escapeMrkdwn(h.by)}, ${escapeMrkdwn(h.at)}`;
    const rationale = h.rationale ? `\n${escapeAndTruncate(h.rationale, L.sectionText - line.length - 1)}` : '';
    blocks.push({ type: 'section', text: mrkdwn(`${line}${rationale}`) });
  }
  return blocks;
}

/** For someone who may no longer see the case (moved on, or access ended): the number only. */
export function caseMessageGone(number: string): SlackMessage {
  const text = `Case ${escapeMrkdwn(number)}: no action needed from you`;
  return {
    text,
    blocks: [{ type: 'section', text: mrkdwn(`Case *${escapeMrkdwn(number)}*: no action needed from you.`) }],
  };
}
