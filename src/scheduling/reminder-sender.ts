import type { ChatDelivery } from '../app/notifications/delivering-notifier.js';
import type { PersonRepository } from '../directory/person.js';
import { errorMessage, type Log } from '../logging/log.js';

export interface SendOutcome {
  /** People reached on at least one channel. */
  delivered: string[];
  /** People no channel can reach (no chat identity, app not installed, not in the directory). */
  unreachable: string[];
}

/** Sends a reminder text to people. Texts name the case number and what is due, never the customer. */
export interface ReminderSender {
  /** `people`: where to look the recipients up (a sweep passes its once-per-sweep view). */
  send(
    personIds: string[],
    text: string,
    caseId: string | null,
    people?: Pick<PersonRepository, 'findById'>,
  ): Promise<SendOutcome>;
}

/**
 * Direct messages on every channel that can reach each person. Throws when a reachable person got
 * nothing because every channel failed, so the sweep releases its claim and tries again later.
 */
export class ChatReminderSender implements ReminderSender {
  constructor(
    private readonly channels: ChatDelivery[],
    private readonly people: PersonRepository,
    private readonly log: Log = () => {},
  ) {}

  async send(
    personIds: string[],
    text: string,
    caseId: string | null,
    people: Pick<PersonRepository, 'findById'> = this.people,
  ): Promise<SendOutcome> {
    const outcome: SendOutcome = { delivered: [], unreachable: [] };
    const failures: string[] = [];
    for (const personId of personIds) {
      const person = await people.findById(personId);
      let reached = false;
      let tried = false;
      for (const channel of person ? this.channels : []) {
        if (!(await channel.canReach(person!))) continue;
        tried = true;
        try {
          await channel.sendMessage(person!, text);
          reached = true;
        } catch (error) {
          failures.push(`${channel.channel}: ${errorMessage(error)}`);
          this.log(`${channel.channel}: could not send a reminder`, { caseId, personId });
        }
      }
      if (reached) outcome.delivered.push(personId);
      else if (!tried) outcome.unreachable.push(personId);
    }
    if (outcome.delivered.length === 0 && failures.length > 0)
      throw new Error(`reminder not delivered: ${failures.join('; ')}`);
    return outcome;
  }
}
