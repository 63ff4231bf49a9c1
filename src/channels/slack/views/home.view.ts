import type { types } from '@slack/bolt';
import type { CaseView } from '../../../app/views/case-view.js';
import { clip, escapeMrkdwn } from './escape.js';
import { SLACK_LIMITS as L } from './limits.js';

// The App Home tab: what waits on this person, their own reports, and (for those who hold
// reviews) the reviews coming due. Lists are capped so the view stays within Slack's 100 blocks.

export const OPEN_CASE_ACTION = 'lcp_open_case';
export const OPEN_REPORT_ACTION = 'lcp_open_report';

/** Items shown per list: 3 lists x (25 items + header, divider, "and N more") + 2 = 86 <= 100 blocks. */
export const HOME_LIST_CAP = 25;

export interface ReviewDue {
  number: string;
  caseId: string;
  /** The due date, as people read it. */
  due: string;
}

export interface HomeViewInput {
  awaiting: CaseView[];
  myReports: CaseView[];
  /** null: this person holds no reviews, so the section is left out. */
  reviewsDue: ReviewDue[] | null;
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text });
const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

export function homeView(input: HomeViewInput): types.HomeView {
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: plain('Limited Contact') },
    {
      type: 'actions',
      block_id: 'lcp_home_actions',
      elements: [
        {
          type: 'button',
          action_id: OPEN_REPORT_ACTION,
          text: plain('Report an incident'),
          style: 'primary',
          value: 'report',
        },
      ],
    },
  ];
  blocks.push(
    ...list(
      'Awaiting your decision',
      'Nothing is waiting for your decision.',
      input.awaiting.map((v) => item(v.caseId, `*${escapeMrkdwn(v.title)}*\n${escapeMrkdwn(v.status)}`)),
    ),
  );
  blocks.push(
    ...list(
      'Your reports',
      'You have no open reports.',
      input.myReports.map((v) => item(v.caseId, `*${escapeMrkdwn(v.title)}*\n${escapeMrkdwn(v.status)}`)),
    ),
  );
  if (input.reviewsDue !== null) {
    blocks.push(
      ...list(
        'Reviews due',
        'No reviews are due.',
        input.reviewsDue.map((r) =>
          item(r.caseId, `*Case ${escapeMrkdwn(r.number)}*\nReview due ${escapeMrkdwn(r.due)}`),
        ),
      ),
    );
  }
  return { type: 'home', blocks };
}

function item(caseId: string, text: string): types.SectionBlock {
  return {
    type: 'section',
    text: mrkdwn(clip(text, L.sectionText)),
    accessory: { type: 'button', action_id: OPEN_CASE_ACTION, text: plain('Open'), value: caseId },
  };
}

function list(title: string, empty: string, items: types.SectionBlock[]): types.KnownBlock[] {
  const blocks: types.KnownBlock[] = [{ type: 'divider' }, { type: 'header', text: plain(title) }];
  if (items.length === 0) return [...blocks, { type: 'context', elements: [mrkdwn(empty)] }];
  blocks.push(...items.slice(0, HOME_LIST_CAP));
  const more = items.length - HOME_LIST_CAP;
  if (more > 0)
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`…and ${more} more. Use \`/lcp cases\` or \`/lcp approvals\` to see them all.`)],
    });
  return blocks;
}
