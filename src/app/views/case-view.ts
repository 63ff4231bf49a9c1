import {
  actedByText,
  caseAccess,
  displayDay,
  displayTime,
  type Actor,
  type Case,
  type CaseEvent,
} from '../../cases/index.js';
import type { CustomerDetails } from '../../customers/customer-record.js';
import {
  ACTION_PRESENTATION,
  ADJUSTMENT_KINDS,
  CONTACT_CHANNELS,
  CRITERIA,
  RESTRICTION_TYPES,
  DISPATCH_METHODS,
  letterLabel,
  STATE_LABELS,
  TASK_DEADLINES_WORKING_DAYS,
  type ActionId,
} from '../../policy/index.js';
import { dateInLondon } from '../../cases/dates.js';
import { allowedActions } from './allowed-actions.js';
import { notificationText } from './decision-needed.js';

// One view model of a case for one viewer, drawn from stored state. Slack's Block Kit and Teams'
// Adaptive Cards both render from it, so the two channels show the same facts and actions.

export interface CaseFact {
  label: string;
  value: string;
}

/** A link to a document (a letter's PDF): Teams shows it as a button (Action.OpenUrl), Slack as a link. */
export interface CaseLink {
  label: string;
  url: string;
}

export interface CaseAction {
  action: ActionId;
  label: string;
  style?: 'primary' | 'danger';
}

export interface CaseHistoryEntry {
  what: string;
  by: string;
  at: string;
  rationale: string | null;
}

export interface CaseView {
  caseId: string;
  number: string;
  version: number;
  title: string;
  status: string;
  urgent: boolean;
  facts: CaseFact[];
  /** Typed by people: channels escape it before showing it. */
  latestReport: { occurredAt: string; channel: string; behaviours: string[]; description: string } | null;
  history: CaseHistoryEntry[];
  /** Signed links to the case's letters, for people who see the whole case. */
  links: CaseLink[];
  actions: CaseAction[];
  /** "Escalated by X at T": set once the case has a decision. */
  lastDecision: string | null;
  /**
   * What a notification of this card says (Slack `text`, Teams summary): "your decision is
   * needed" only when the case waits on this viewer, a neutral line otherwise. Names no customer.
   */
  notificationText: string;
}

const channelLabel = (id: string) => CONTACT_CHANNELS.find((c) => c.id === id)?.label ?? id;
const behaviourLabel = (criterionId: string, behaviourId: string) =>
  CRITERIA.find((c) => c.id === criterionId)?.behaviours.find((b) => b.id === behaviourId)?.label ?? behaviourId;

/**
 * Links to the case's letters for one viewer (src/letters: a preview before approval, the letter
 * sent after). Views drawn without it have none.
 */
export interface LetterLinkSource {
  linksFor(kase: Case, viewer: Actor): CaseLink[];
}

/** What the customer record says they need (issue 12 §1), for the people with a part in the case. */
export type CustomerNeeds = Pick<CustomerDetails, 'vulnerabilities' | 'adjustments' | 'formatNeeds' | 'advocate'>;

const adjustmentLabel = (kind: string) => ADJUSTMENT_KINDS.find((k) => k.id === kind)?.label ?? kind;

/** The customer's needs as facts: never in a channel or a notification, only on the card itself. */
export function customerNeedFacts(needs: CustomerNeeds): CaseFact[] {
  const facts: CaseFact[] = [];
  facts.push({
    label: 'Vulnerabilities and support needs',
    value: needs.vulnerabilities.length
      ? needs.vulnerabilities
          .map((v) => `${v.description}${v.status === 'reported_unconfirmed' ? ' (reported, not yet confirmed)' : ''}`)
          .join('; ')
      : 'none recorded',
  });
  facts.push({
    label: 'Agreed adjustments',
    value: needs.adjustments.length
      ? needs.adjustments
          .map(
            (a) =>
              `${adjustmentLabel(a.kind)}: ${a.description}${'agreedBy' in a && a.agreedBy ? ` (agreed by ${a.agreedBy.name}${a.agreedAt ? `, ${a.agreedAt.slice(0, 10)}` : ''})` : ''}`,
          )
          .join('; ')
      : 'none recorded',
  });
  const format = [
    ...needs.formatNeeds.map((n) => n.replaceAll('_', ' ')),
    ...(needs.advocate
      ? [`letters also to ${needs.advocate.name} (${needs.advocate.kind === 'advocate' ? 'advocate' : 'third party'})`]
      : []),
  ];
  facts.push({ label: 'Format needs', value: format.length ? format.join('; ') : 'none recorded' });
  return facts;
}

export function caseView(
  kase: Case,
  viewer: Actor,
  events: readonly CaseEvent[] = [],
  letterLinks?: LetterLinkSource | null,
  needs?: CustomerNeeds | null,
): CaseView | null {
  const access = caseAccess(kase, viewer);
  if (access === 'none') return null;
  const full = access === 'full';
  const latest = full ? kase.reports.at(-1) : kase.reports.filter((r) => r.reporterId === viewer.personId).at(-1);
  const facts: CaseFact[] = [{ label: 'Status', value: STATE_LABELS[kase.state] }];
  if (full) {
    facts.push({ label: 'Customer', value: `${kase.customer.name} (${kase.customer.accountRef})` });
    facts.push({ label: 'Reports', value: String(kase.reports.length) });
    if (needs) facts.push(...customerNeedFacts(needs));
    if (kase.flagMarker) facts.push({ label: 'Flag marker', value: kase.flagMarker.status });
    if (kase.restrictions) {
      facts.push({
        label: 'Restrictions',
        value: kase.restrictions.items
          .map((i) => RESTRICTION_TYPES.find((t) => t.id === i.type)?.label ?? i.type)
          .join('; '),
      });
      facts.push({
        label: 'Restriction period',
        value: `${displayDay(kase.restrictions.startDate)} to ${displayDay(kase.restrictions.endDate)}`,
      });
    }
    if (kase.nextReviewDue) facts.push({ label: 'Next review', value: displayDay(kase.nextReviewDue) });
    const open = kase.informationRequests.find((q) => q.answer === null);
    if (open) facts.push({ label: 'Waiting on the reporter', value: open.question });
    // A pending appeal waits visibly, with its deadline (issue 11 §3, §5), and its grounds: the
    // person deciding it reads them here (the history shows who recorded it, not what it says).
    const appeal = kase.appeals.find((a) => a.decision === null);
    if (appeal) {
      facts.push({
        label: 'Appeal',
        value: `received ${displayTime(appeal.receivedAt)}; decided by a senior colleague independent of the case within ${TASK_DEADLINES_WORKING_DAYS.appeal} working days`,
      });
      facts.push({ label: 'Grounds of appeal', value: appeal.grounds });
    }
  }
  if (kase.closure) facts.push({ label: 'Outcome', value: kase.closure.reason.replaceAll('_', ' ') });
  if (full) facts.push(...dispatchFacts(kase));
  const last = kase.lastDecision;
  const title = `${kase.urgent ? 'URGENT: ' : ''}Case ${kase.number}`;
  return {
    caseId: kase.id,
    number: kase.number,
    version: kase.version,
    title,
    status: STATE_LABELS[kase.state],
    urgent: kase.urgent,
    facts,
    latestReport: latest
      ? {
          occurredAt: displayTime(latest.occurredAt),
          channel: channelLabel(latest.channel),
          behaviours: latest.behaviours.map((b) => behaviourLabel(b.criterionId, b.behaviourId)),
          description: latest.description,
        }
      : null,
    links: full && letterLinks ? letterLinks.linksFor(kase, viewer) : [],
    history: full
      ? events
          .filter((e) => e.action !== 'report')
          .map((e) => ({
            what: ACTION_PRESENTATION[e.action].done,
            by: actedByText(e.actor),
            at: displayTime(e.at),
            rationale: e.rationale,
          }))
      : [],
    actions: allowedActions(kase, viewer).map((action) => ({ action, ...pick(ACTION_PRESENTATION[action]) })),
    lastDecision: last
      ? `${ACTION_PRESENTATION[last.action].done} by ${actedByText(last.by)} at ${displayTime(last.at)}`
      : null,
    notificationText: notificationText(kase, viewer, title, STATE_LABELS[kase.state]),
  };
}

/** Each letter and whether it has reached the customer (issue 12 §5): how, when, recorded by whom. */
function dispatchFacts(kase: Case): CaseFact[] {
  if (kase.letters.length === 0) return [];
  const lines = kase.letters.map((l) => {
    const what = `${letterLabel(l.kind)} of ${displayDay(dateInLondon(new Date(l.approvedAt)))}`;
    if (!l.dispatch) return `${what}: dispatch not recorded`;
    const how = DISPATCH_METHODS.find((m) => m.id === l.dispatch!.method)?.label.toLowerCase() ?? l.dispatch.method;
    return `${what}: ${how} ${displayDay(l.dispatch.on)} (recorded by ${actedByText(l.dispatch.recordedBy)})`;
  });
  return [{ label: 'Letters', value: lines.join('; ') }];
}

function pick(p: { label: string; style?: 'primary' | 'danger' }): { label: string; style?: 'primary' | 'danger' } {
  return p.style ? { label: p.label, style: p.style } : { label: p.label };
}
