import type { CaseView } from '../src/app/views/case-view.js';
import { banner, card, heading, paragraph, plain, userParagraph, VERBS, type AdaptiveCard, type Banner, type CardElement } from './card-types.js';

// The case card, a pure function of the CaseView for its recipient. Its buttons are exactly the
// view's allowed actions, each an Action.Execute carrying ids only: { action, caseId, version }.

const HISTORY_SHOWN = 5;

export function caseCard(view: CaseView, options: { banner?: Banner } = {}): AdaptiveCard {
  const body: CardElement[] = [heading(view.title, { urgent: view.urgent }), ...banner(options.banner)];
  body.push({ type: 'FactSet', facts: view.facts.map((f) => ({ title: f.label, value: plain(f.value) })) });
  if (view.lastDecision) body.push(paragraph(view.lastDecision, { subtle: true }));
  if (view.latestReport) {
    const r = view.latestReport;
    body.push({
      type: 'Container',
      separator: true,
      items: [
        paragraph('Latest report'),
        { type: 'FactSet', facts: [{ title: 'When', value: plain(r.occurredAt) }, { title: 'Contact', value: plain(r.channel) }, { title: 'Behaviour', value: plain(r.behaviours.join('; ')) }] },
        userParagraph(r.description),
      ],
    });
  }
  if (view.history.length > 0) {
    const shown = view.history.slice(-HISTORY_SHOWN);
    body.push({
      type: 'Container',
      separator: true,
      items: [
        paragraph(view.history.length > shown.length ? `History (latest ${shown.length} of ${view.history.length})` : 'History'),
        ...shown.flatMap((h) => [paragraph(`${h.what} by ${h.by} at ${h.at}`, { subtle: true }), ...(h.rationale ? [userParagraph(h.rationale)] : [])]),
      ],
    });
  }
  const actions = view.actions.map((a) => ({
    type: 'Action.Execute',
    title: a.label,
    verb: VERBS.action,
    data: { action: a.action, caseId: view.caseId, version: view.version },
    ...(a.style === 'primary' ? { style: 'positive' } : a.style === 'danger' ? { style: 'destructive' } : {}),
  }));
  return card(view.title, body, actions);
}

/** What a stored card becomes when its recipient may no longer see the case. */
export function noLongerAvailableCard(caseNumber: string): AdaptiveCard {
  return card(`Case ${caseNumber}`, [heading(`Case ${caseNumber}`), paragraph('This case is no longer shown to you.', { subtle: true })]);
}

/** A short card that says why something did not happen, or what did. */
export function noticeCard(title: string, b: Banner, extra: CardElement[] = []): AdaptiveCard {
  return card(`${title}: ${b.text}`, [heading(title), ...banner(b), ...extra]);
}

/** A list of cases (the `cases` and `approvals` commands): number, status and a button to open each. */
export function caseListCard(title: string, rows: { caseId: string; number: string; status: string; due?: string }[], empty: string): AdaptiveCard {
  if (rows.length === 0) return card(title, [heading(title), paragraph(empty, { subtle: true })]);
  return card(title, [
    heading(title),
    ...rows.map((r): CardElement => ({
      type: 'ColumnSet',
      selectAction: { type: 'Action.Execute', verb: VERBS.show, data: { caseId: r.caseId } },
      columns: [
        { type: 'Column', width: 'auto', items: [paragraph(r.number)] },
        { type: 'Column', width: 'stretch', items: [paragraph(r.due ? `${r.status} (due ${r.due})` : r.status, { subtle: true })] },
      ],
    })),
  ]);
}
