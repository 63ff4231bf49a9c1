import type { Person, PersonRepository } from '../directory/person.js';
import { normaliseEmail } from '../directory/person.js';

// Leavers (issue 11 §4): someone who leaves loses their roles and their delegations, and can no
// longer decide or see cases (resolveActor refuses them); their past decisions stay on record.

export interface Leaver {
  email: string;
  name: string;
  /** The roles they lose (all but `colleague`). */
  roles: string[];
  /** Delegations of theirs that are still running and end. */
  delegations: number;
}

function leaverOf(person: Person, at: Date): Leaver {
  return {
    email: person.email,
    name: person.name,
    roles: person.roles.filter((r) => r !== 'colleague'),
    delegations: person.deputies.filter((d) => d.until.getTime() > at.getTime()).length,
  };
}

/** Who an import of a file with these e-mails would leave out: everyone active who is not in it. */
export async function missingFromFile(
  people: PersonRepository,
  fileEmails: Iterable<string>,
  at: Date,
): Promise<Leaver[]> {
  const keep = new Set([...fileEmails].map(normaliseEmail));
  return (await people.listAll()).filter((p) => !p.deactivatedAt && !keep.has(p.email)).map((p) => leaverOf(p, at));
}

/** Deactivates everyone active who is not in the file; returns what each lost. */
export async function pruneDirectory(
  people: PersonRepository,
  fileEmails: Iterable<string>,
  at: Date,
): Promise<Leaver[]> {
  const leavers = await missingFromFile(people, fileEmails, at);
  for (const leaver of leavers) {
    const person = await people.findByEmail(leaver.email);
    if (person) await people.deactivate(person.id, at);
  }
  return leavers;
}

/** `lcp person deactivate EMAIL`: one leaver; null when the e-mail is not in the directory. */
export async function deactivatePerson(people: PersonRepository, email: string, at: Date): Promise<Leaver | null> {
  const person = await people.findByEmail(normaliseEmail(email));
  if (!person) return null;
  const leaver = leaverOf(person, at);
  if (!person.deactivatedAt) await people.deactivate(person.id, at);
  return leaver;
}

export function leaverLine(leaver: Leaver): string {
  const roles = leaver.roles.length > 0 ? `loses ${leaver.roles.join(', ')}` : 'holds no role';
  const delegations = leaver.delegations > 0 ? `; ${leaver.delegations} delegation(s) end` : '';
  return `${leaver.email} (${leaver.name}): ${roles}${delegations}`;
}
