import type { Actor } from '../cases/index.js';
import type { PersonRepository } from '../directory/person.js';

/** Builds the workflow's actor from the directory, including whom they deputise for right now. */
export async function resolveActor(people: PersonRepository, personId: string, now: Date): Promise<Actor | null> {
  const person = await people.findById(personId);
  // A leaver (deactivated) decides and sees nothing, like someone not in the directory.
  if (!person || person.deactivatedAt) return null;
  const principals = await people.principalsDeputisedBy(person.id, now);
  return {
    personId: person.id,
    name: person.name,
    roles: person.roles,
    deputisingFor: principals.map((p) => ({ personId: p.id, name: p.name, roles: p.roles })),
  };
}
