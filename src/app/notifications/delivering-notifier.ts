import { needsFor } from '../customer-records.js';
import type { Person, PersonRepository } from '../../directory/person.js';
import type { Case, CaseEvent } from '../../cases/index.js';
import type { CaseChange, CustomerRepository, MessageRef, MessageRefRepository, Notifier } from '../ports.js';
import { resolveActorsFor } from '../stand-ins.js';
import { caseView, type CaseView, type LetterLinkSource } from '../views/case-view.js';
import { planNotifications } from './plan-notifications.js';
import { postCaseCard } from '../case-cards.js';
import type { CaseViewLog } from '../ports.js';
import { errorMessage, type Log } from '../../logging/log.js';

/** What a chat channel must be able to do; Slack and Teams each implement it and nothing more. */
export interface ChatDelivery {
  readonly channel: MessageRef['channel'];
  /** Whether this person can be reached on this channel at all (has an id, installed the app). */
  canReach(person: Person): Promise<boolean>;
  /** Posts a case card; returns where it went, so later decisions can redraw it. */
  sendCard(person: Person, view: CaseView, reason: string): Promise<{ conversationId: string; messageId: string }>;
  /** Redraws a posted card for its recipient (without buttons once they have nothing to do). */
  updateCard(ref: MessageRef, view: CaseView | null, caseNumber: string): Promise<void>;
  sendMessage(person: Person, text: string): Promise<void>;
}

export interface DeliveringNotifierDeps {
  people: PersonRepository;
  messageRefs: MessageRefRepository;
  clock: () => Date;
  events: (caseId: string) => Promise<CaseEvent[]>;
  /** The case as stored now: cards are drawn from it, so a late notification never draws an older state. */
  loadCase: (caseId: string) => Promise<Case | null>;
  log: Log;
  /** Records that a recipient was shown the case's details in a direct message (evidence packs). */
  views?: CaseViewLog;
  /** Letter links drawn into each recipient's card (src/letters). */
  letterLinks?: LetterLinkSource;
  /** The customer record, whose needs the card shows to people with a part in the case (issue 12). */
  customers?: Pick<CustomerRepository, 'findByAccountRef'>;
}

/**
 * After every saved change: redraw every stored card of the case from stored state, then deliver
 * the planned notices (a case card notice is always a new message). A person this channel cannot reach is logged, not silently dropped.
 */
export class DeliveringNotifier implements Notifier {
  constructor(
    private readonly delivery: ChatDelivery,
    private readonly deps: DeliveringNotifierDeps,
  ) {}

  async caseChanged(change: CaseChange): Promise<void> {
    const now = this.deps.clock();
    const latest = (await this.deps.loadCase(change.after.id)) ?? change.after;
    const events = await this.deps.events(change.after.id);
    const needs = this.deps.customers ? await needsFor(this.deps.customers, latest) : null;
    const refs = (await this.deps.messageRefs.forCase(change.after.id)).filter(
      (r) => r.channel === this.delivery.channel,
    );
    const notices = await planNotifications(change, this.deps.people, now);
    // Everyone whose card is redrawn or who is told, with whom they deputise for: one query.
    const recipients = await resolveActorsFor(
      this.deps.people,
      [...refs.flatMap((r) => (r.recipientPersonId ? [r.recipientPersonId] : [])), ...notices.map((n) => n.personId)],
      now,
      latest,
    );
    const viewFor = (personId: string | null): CaseView | null => {
      const actor = personId ? recipients.get(personId)?.actor : null;
      return actor ? caseView(latest, actor, events, this.deps.letterLinks, needs) : null;
    };

    for (const ref of refs) {
      await this.attempt('update card', change.after.id, () =>
        this.delivery.updateCard(ref, viewFor(ref.recipientPersonId), change.after.number),
      );
    }

    for (const notice of notices) {
      const person = recipients.get(notice.personId)?.person ?? null;
      if (!person || !(await this.delivery.canReach(person))) {
        this.deps.log(`cannot reach a recipient on ${this.delivery.channel}`, {
          caseId: change.after.id,
          personId: notice.personId,
          kind: notice.kind,
        });
        continue;
      }
      if (notice.kind === 'message') {
        await this.attempt('send message', change.after.id, () => this.delivery.sendMessage(person, notice.text));
        continue;
      }
      // A redraw never tells anyone (neither Slack nor Teams notifies an edit): whoever's decision
      // becomes needed gets a new message, even when an older card of theirs was redrawn above.
      const view = viewFor(person.id);
      if (!view) continue;
      await this.attempt('send card', change.after.id, async () => {
        await postCaseCard(
          { messageRefs: this.deps.messageRefs, clock: () => now },
          { caseId: change.after.id, channel: this.delivery.channel, recipientPersonId: person.id },
          () => this.delivery.sendCard(person, view, notice.reason),
        );
        await this.deps.views?.record({
          caseId: latest.id,
          caseNumber: latest.number,
          personId: person.id,
          name: person.name,
          via: `${this.delivery.channel}: direct message`,
          at: now.toISOString(),
        });
      });
    }
  }

  private async attempt(what: string, caseId: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.deps.log(`${this.delivery.channel}: could not ${what}`, { caseId, error: errorMessage(error) });
    }
  }
}

/** Several channels at once: each one's failure stays its own. Channels join as they start. */
export class CompositeNotifier implements Notifier {
  constructor(private readonly notifiers: Notifier[] = []) {}
  add(notifier: Notifier): void {
    this.notifiers.push(notifier);
  }
  async caseChanged(change: CaseChange): Promise<void> {
    await Promise.allSettled(this.notifiers.map((n) => n.caseChanged(change)));
  }
}
