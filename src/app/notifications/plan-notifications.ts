import type { PersonRepository } from '../../directory/person.js';
import { eligibleActorsFor } from '../stand-ins.js';
import {
  ACTION_PRESENTATION,
  STATE_APPROVER,
  STATE_LABELS,
  TASK_DEADLINES_WORKING_DAYS,
  type CaseState,
  type RoleId,
} from '../../policy/index.js';
import { appealDecidersFor, noAppealDeciderText } from '../appeal-deciders.js';
import type { CaseChange } from '../ports.js';
import { namedColleagueIdsOf } from '../../customers/contact-check.js';

// Who hears what after a change, decided once for every channel: Slack and Teams only render and
// deliver these notices. Texts name the case number, never the customer: the card behind them,
// drawn for its recipient, shows what that person may see.
export type Notice =
  /** A case card with the buttons this person may use now. */
  | { kind: 'case_card'; personId: string; caseId: string; reason: string }
  /** A short direct message. */
  | { kind: 'message'; personId: string; caseId: string; text: string };

/** States in which a person (not the scheduler) is expected to act next, and by which role. */
const NEXT_ACTOR_ROLE: Partial<Record<CaseState, RoleId>> = {
  ...STATE_APPROVER,
  warning_issued: 'corporate_head_of_customers',
  restricted: 'corporate_head_of_customers',
  contact_refused: 'corporate_head_of_customers',
};

/** People who act for `role` on this case now (parties left out; an empty tier passes to the next): see eligibleActorsFor. */
export const actorsFor = eligibleActorsFor;

export async function planNotifications(change: CaseChange, people: PersonRepository, now: Date): Promise<Notice[]> {
  const { before, after, events } = change;
  const notices: Notice[] = [];
  const card = (personId: string, reason: string) =>
    notices.push({ kind: 'case_card', personId, caseId: after.id, reason });
  const message = (personId: string, text: string) =>
    notices.push({ kind: 'message', personId, caseId: after.id, text });
  const cardsTo = async (role: RoleId, reason: string, except: string[] = []) => {
    for (const id of await actorsFor(after, role, people, now)) if (!except.includes(id)) card(id, reason);
  };
  const messagesTo = async (role: RoleId, text: string) => {
    for (const id of await actorsFor(after, role, people, now)) message(id, text);
  };

  for (const event of events) {
    const actorId = event.actor.personId;
    const stateChanged = before?.state !== after.state;
    switch (event.action) {
      case 'report':
        message(
          actorId,
          `Thank you. Your report is case ${after.number}. Your line manager has been asked to review it; you will hear the outcome.`,
        );
        break;
      case 'attach_report':
        message(
          actorId,
          `Thank you. This customer already has an open case, ${after.number}; your report has been added to it.`,
        );
        break;
      case 'request_information': {
        const askedOf = String(event.data.askedOf ?? after.reporterId);
        card(askedOf, `More information is needed on case ${after.number}.`);
        break;
      }
      case 'provide_information': {
        const asked = after.informationRequests.find((q) => q.id === event.data.questionId);
        if (asked) message(asked.askedBy.personId, `The reporter has answered your question on case ${after.number}.`);
        break;
      }
      default:
        break;
    }

    // The next person to act gets a card whenever the case arrives in their hands.
    const role = NEXT_ACTOR_ROLE[after.state];
    if ((stateChanged || event.action === 'report') && role) {
      await cardsTo(role, `Case ${after.number}: ${STATE_LABELS[after.state]}.`, [actorId]);
    }

    // Urgent path (§14, §32): tiers 1–3 at once; the reporter is asked about the police.
    const becameUrgent = after.urgent && !before?.urgent;
    if (becameUrgent) {
      await messagesTo('customer_experience_manager', `URGENT: case ${after.number} reports threats or violence.`);
      await messagesTo('corporate_head_of_customers', `URGENT: case ${after.number} reports threats or violence.`);
      card(actorId, `Case ${after.number}: have the police been called?`);
    }
    // Continued behaviour makes the corporate head's decision needed again: a card, not only a line.
    if (event.action === 'attach_report' && event.data.behaviourContinued) {
      await cardsTo(
        'corporate_head_of_customers',
        `Case ${after.number}: a new incident was reported; the behaviour has continued (§27, §31).`,
      );
    }
    if (event.action === 'attach_report' && !stateChanged && role && !event.data.behaviourContinued) {
      await messagesTo(role, `Case ${after.number}: a further incident was reported.`);
    }
    // A proposed flag marker (§11) becomes live only when tier 3 or 4 approves it; the state may not
    // change, so without this the proposal would wait unseen.
    if (after.flagMarker?.status === 'provisional' && before?.flagMarker?.status !== 'provisional') {
      for (const r of ['corporate_head_of_customers', 'executive_director_of_customers'] as const)
        await cardsTo(
          r,
          `Case ${after.number}: a flag marker on the customer's account is proposed; approve or reject it (§11).`,
          [actorId],
        );
    }
    if (event.action === 'propose_protective_step')
      await cardsTo(
        'executive_director_of_customers',
        `Case ${after.number}: please ratify an immediate protective step.`,
      );
    if (event.action === 'receive_new_complaint')
      await cardsTo(
        'executive_director_of_customers',
        `Case ${after.number}: a new complaint needs your decision (§33).`,
      );
    if (event.action === 'receive_appeal') {
      const deciders = await appealDecidersFor(after, people, now);
      for (const id of deciders)
        if (id !== actorId)
          card(
            id,
            `Case ${after.number}: an appeal needs your decision, as a senior colleague independent of the case.`,
          );
      // Nobody independent exists (issue 11 §3): the admins are told at once what to do, and the
      // appeal waits visibly, with its deadline, rather than silently.
      if (deciders.length === 0) {
        for (const admin of await people.findByRole('admin'))
          message(admin.id, noAppealDeciderText(after.number, TASK_DEADLINES_WORKING_DAYS.appeal));
        message(
          actorId,
          `Case ${after.number}: nobody in the directory may decide this appeal yet (every senior colleague took part in the case). The admins have been asked to add an appeal reviewer; it is due within ${TASK_DEADLINES_WORKING_DAYS.appeal} working days.`,
        );
      }
    }

    // The reporters hear the outcome when the case closes or a letter goes out.
    const letter = typeof event.data.letter === 'string' ? event.data.letter.replaceAll('_', ' ') : null;
    if (after.state === 'closed' && stateChanged) {
      for (const id of after.reporterIds)
        message(
          id,
          `Case ${after.number} is closed: ${ACTION_PRESENTATION[event.action].done.toLowerCase()}. Thank you for reporting it.`,
        );
    } else if (letter) {
      for (const id of after.reporterIds)
        message(
          id,
          `Case ${after.number}: ${ACTION_PRESENTATION[event.action].done.toLowerCase()} (a ${letter} letter).`,
        );
    }
  }
  designatedColleagueNotices(change).forEach((n) => notices.push(n));
  return dedupe(notices);
}

/** Restrictions in force: approved, and not replaced by a refusal of all contact. */
const inForce = (kase: CaseChange['after'] | null) =>
  kase &&
  kase.restrictions &&
  kase.restrictionLetterDate &&
  ['restricted', 'edc_restriction_approval', 'edc_refusal_approval'].includes(kase.state)
    ? kase.restrictions
    : null;

/**
 * Issue 12 §4: colleagues a restriction names (named contacts, cover, designated readers) are told
 * when it starts and when it ends. The text names the case number, never the customer; the
 * contact check answers them by that number.
 */
function designatedColleagueNotices({ before, after }: CaseChange): Notice[] {
  const was = inForce(before);
  const now = inForce(after);
  const beforeIds = new Set(was ? namedColleagueIdsOf(was.items) : []);
  const afterIds = now ? namedColleagueIdsOf(now.items) : [];
  const notices: Notice[] = [];
  for (const id of afterIds.filter((x) => !beforeIds.has(x))) {
    notices.push({
      kind: 'message',
      personId: id,
      caseId: after.id,
      text: `Case ${after.number}: you are named as a designated colleague in contact restrictions from ${now!.startDate} to ${now!.endDate}. Before any contact, ask /lcp check ${after.number} (Teams: check ${after.number}) what they allow.`,
    });
  }
  for (const id of [...beforeIds].filter((x) => !afterIds.includes(x))) {
    notices.push({
      kind: 'message',
      personId: id,
      caseId: after.id,
      text: `Case ${after.number}: the contact restrictions that named you as a designated colleague have ended.`,
    });
  }
  return notices;
}

function dedupe(notices: Notice[]): Notice[] {
  const seen = new Set<string>();
  return notices.filter((n) => {
    const key = n.kind === 'case_card' ? `card:${n.personId}` : `msg:${n.personId}:${n.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
