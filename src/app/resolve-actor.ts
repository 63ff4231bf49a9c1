import type { Actor } from '../cases/index.js';
import type { Person, PersonRepository } from '../directory/person.js';

/** Builds the workflow's actor from the directory, including whom they deputise for right now. */
export async function resolveActor(people: PersonRepository, who: string | Person, now: Date): Promise<Actor | null> {
  const person = typeof who === 'string' ? await people.findById(who) : who;
  // A leaver (deactivated) decides and sees nothing, like someone not in the directory.
  if (!person || person.deactivatedAt) return null;
  return actorOf(person, await people.principalsDeputisedBy(person.id, now));
}

/** The actor for a directory person and the principals they deputise for now. */
export function actorOf(person: Person, principals: readonly Person[]): Actor {
  return {
    personId: person.id,
    name: person.name,
    roles: person.roles,
    deputisingFor: principals.map((p) => ({ personId: p.id, name: p.name, roles: p.roles })),
  };
}
