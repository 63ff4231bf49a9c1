import type { CaseView } from '../src/app/views/case-view.js';
import {
  bannerData,
  optionalText,
  plain,
  VERBS,
  type AdaptiveCard,
  type Banner,
  type BannerData,
  type TextData,
} from './card-types.js';
import caseListTemplate from './case-list.template.json' with { type: 'json' };
import caseTemplate from './case.template.json' with { type: 'json' };
import noticeTemplate from './notice.template.json' with { type: 'json' };
import { cardTemplate, expandCard } from './render-template.js';

// The case card (case.template.json) is drawn from the CaseView for its recipient, the view the
// Slack case message is drawn from. Its buttons are exactly the view's allowed actions, each an
// Action.Execute carrying ids only: { action, caseId, version }. The data builders below decide
// what is shown and escape it; the templates decide how it is laid out.

const HISTORY_SHOWN = 5;

const CASE = cardTemplate(caseTemplate);
const NOTICE = cardTemplate(noticeTemplate);
const CASE_LIST = cardTemplate(caseListTemplate);

/** The data case.template.json binds to. Optional parts are lists of none or one. */
export interface CaseCardData {
  fallbackText: string;
  title: string;
  titleColor: 'Attention' | 'Default';
  banner: BannerData[];
  facts: { title: string; value: string }[];
  /** The letter links as buttons (Action.OpenUrl), in a list of none or one action set. */
  linkSet: { links: { title: string; url: string }[] }[];
  lastDecision: TextData[];
  /** `facts`: when, how, and the behaviours only when the report names any. */
  latestReport: { facts: { title: string; value: string }[]; description: string }[];
  history: { heading: string; entries: { line: string; rationale: TextData[] }[] }[];
  actions: {
    title: string;
    verb: string;
    action: string;
    caseId: string;
    version: number;
    style: 'positive' | 'destructive' | 'default';
  }[];
}

export function caseCardData(view: CaseView, options: { banner?: Banner } = {}): CaseCardData {
  const shown = view.history.slice(-HISTORY_SHOWN);
  return {
    fallbackText: plain(view.title),
    title: plain(view.title),
    titleColor: view.urgent ? 'Attention' : 'Default',
    banner: bannerData(options.banner),
    facts: view.facts.map((f) => ({ title: f.label, value: plain(f.value) })),
    linkSet: view.links.length > 0 ? [{ links: view.links.map((l) => ({ title: l.label, url: l.url })) }] : [],
    lastDecision: optionalText(view.lastDecision),
    // A TextRun is never read as Markdown, so the description goes in as typed.
    latestReport: view.latestReport
      ? [
          {
            facts: [
              { title: 'When', value: plain(view.latestReport.occurredAt) },
              { title: 'Contact', value: plain(view.latestReport.channel) },
              ...(view.latestReport.behaviours.length > 0
                ? [{ title: 'Behaviour', value: plain(view.latestReport.behaviours.join('; ')) }]
                : []),
            ],
            description: view.latestReport.description,
          },
        ]
      : [],
    history:
      shown.length > 0
        ? [
            {
              heading:
                view.history.length > shown.length
                  ? `History (latest ${shown.length} of ${view.history.length})`
                  : 'History',
              entries: shown.map((h) => ({
                line: plain(`${h.what} by ${h.by} at ${h.at}`),
                rationale: h.rationale ? [{ text: h.rationale }] : [],
              })),
            },
          ]
        : [],
    actions: view.actions.map((a) => ({
      title: a.label,
      verb: VERBS.action,
      action: a.action,
      caseId: view.caseId,
      version: view.version,
      style: a.style === 'primary' ? 'positive' : a.style === 'danger' ? 'destructive' : 'default',
    })),
  };
}

export function caseCard(view: CaseView, options: { banner?: Banner } = {}): AdaptiveCard {
  return expandCard(CASE, caseCardData(view, options));
}

/** The data notice.template.json binds to. */
export interface NoticeCardData {
  fallbackText: string;
  title: string;
  banner: BannerData[];
  notes: TextData[];
  /** Document links as buttons (Action.OpenUrl): the board report's PDF and CSV. */
  links: { title: string; url: string }[];
}

/** What a stored card becomes when its recipient may no longer see the case. */
export function noLongerAvailableCard(caseNumber: string): AdaptiveCard {
  const title = plain(`Case ${caseNumber}`);
  return expandCard<NoticeCardData>(NOTICE, {
    fallbackText: title,
    title,
    banner: [],
    notes: optionalText('This case is no longer shown to you.'),
    links: [],
  });
}

/** A short card that says why something did not happen, or what did. */
export function noticeCard(title: string, b: Banner): AdaptiveCard {
  return expandCard<NoticeCardData>(NOTICE, {
    fallbackText: plain(`${title}: ${b.text}`),
    title: plain(title),
    banner: bannerData(b),
    notes: [],
    links: [],
  });
}

/**
 * A titled list of plain lines (the restriction register): the lines are only in the card body,
 * so what Teams shows in a notification (the activity's summary) can leave them out.
 */
export function linesCard(title: string, lines: readonly string[], footer?: string): AdaptiveCard {
  return expandCard<NoticeCardData>(NOTICE, {
    fallbackText: plain(title),
    title: plain(title),
    banner: [],
    notes: [...lines.map((l) => ({ text: plain(l) })), ...optionalText(footer)],
    links: [],
  });
}

/** A short note with document links as buttons (Action.OpenUrl), e.g. the board report's PDF and CSV. */
export function linksCard(title: string, note: string, links: readonly { label: string; url: string }[]): AdaptiveCard {
  return expandCard<NoticeCardData>(NOTICE, {
    fallbackText: plain(title),
    title: plain(title),
    banner: [],
    notes: optionalText(note),
    links: links.map((l) => ({ title: l.label, url: l.url })),
  });
}

/** The data case-list.template.json binds to. */
export interface CaseListCardData {
  fallbackText: string;
  title: string;
  noCases: TextData[];
  rows: { verb: string; caseId: string; number: string; status: string }[];
  /** "…and N more": the list is cut (src/app/views/list-page.ts). */
  more: TextData[];
}

/** A list of cases (the `cases` and `approvals` commands): number, status and a button to open each. */
export function caseListCard(
  title: string,
  rows: { caseId: string; number: string; status: string; due?: string }[],
  empty: string,
  moreNote?: string,
): AdaptiveCard {
  return expandCard<CaseListCardData>(CASE_LIST, {
    fallbackText: plain(title),
    title: plain(title),
    noCases: rows.length === 0 ? optionalText(empty) : [],
    more: optionalText(moreNote),
    rows: rows.map((r) => ({
      verb: VERBS.show,
      caseId: r.caseId,
      number: plain(r.number),
      status: plain(r.due ? `${r.status} (due ${r.due})` : r.status),
    })),
  });
}
