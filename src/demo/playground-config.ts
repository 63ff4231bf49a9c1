import type { PersonData } from '../directory/person.js';

// The Agents Playground's mock Teams context (its ".m365agentsplayground.yml", schema 0.1.1),
// built from the directory so that every mock user is a directory person: the Playground sends
// the current user's aadObjectId, and the bot finds the person by it.

/** The Playground's schema wants exactly five users besides the current one. */
export const PLAYGROUND_OTHER_USERS = 5;
const TENANT_ID = '1c0ffee0-0000-4000-8000-00000000face';
const BOT_ID = '28:limited-contact-demo-bot';

export interface PlaygroundUser {
  id: string;
  name: string;
  userPrincipleName: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
}

export interface PlaygroundConfig {
  version: '0.1.1';
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  personalChat: { id: string };
  groupChat: { id: string; name: string };
  team: { id: string; name: string; aadGroupId: string; channels: { id: string; name: string }[] };
}

export class PlaygroundConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlaygroundConfigError';
  }
}

/** The people who can be mock users: those with a Teams AAD object id, in file order. */
export function playgroundPeople(people: readonly PersonData[]): (PersonData & { teamsAadObjectId: string })[] {
  return people.filter((p): p is PersonData & { teamsAadObjectId: string } => Boolean(p.teamsAadObjectId));
}

/**
 * Picks the person to play: by e-mail, by first name, or by role id (e.g. "line_manager"),
 * case-insensitive; undefined picks the first (the demo's colleague).
 */
export function pickPlaygroundUser(
  people: readonly PersonData[],
  who: string | undefined,
): PersonData & { teamsAadObjectId: string } {
  const candidates = playgroundPeople(people);
  if (candidates.length === 0)
    throw new PlaygroundConfigError('no person in the directory has a Teams AAD object id (teams_aad_object_id)');
  if (!who) return candidates[0]!;
  const wanted = who.trim().toLowerCase();
  const found =
    candidates.find((p) => p.email.toLowerCase() === wanted) ??
    candidates.find((p) => (p.name.split(/\s+/)[0] ?? '').toLowerCase() === wanted) ??
    candidates.find((p) => p.roles.some((r) => r === wanted));
  if (!found) {
    throw new PlaygroundConfigError(
      `nobody matches "${who}"; choose one of: ${candidates.map((p) => `${(p.name.split(/\s+/)[0] ?? p.name).toLowerCase()} (${p.roles.join(', ')})`).join(', ')}`,
    );
  }
  return found;
}

export function playgroundConfig(people: readonly PersonData[], who: string | undefined): PlaygroundConfig {
  const current = pickPlaygroundUser(people, who);
  const others = playgroundPeople(people).filter((p) => p.email !== current.email);
  if (others.length < PLAYGROUND_OTHER_USERS) {
    throw new PlaygroundConfigError(
      `the Agents Playground needs ${PLAYGROUND_OTHER_USERS + 1} people with a Teams AAD object id; the directory has ${others.length + 1}`,
    );
  }
  return {
    version: '0.1.1',
    tenantId: TENANT_ID,
    bot: { id: BOT_ID, name: 'Limited Contact' },
    currentUser: mockUser(current),
    // Only five fit; the rest of a larger directory are left out of the mock tenant.
    users: others.slice(0, PLAYGROUND_OTHER_USERS).map(mockUser),
    // One stable personal chat per person: the bot's stored conversation reference for that
    // person stays valid when the Playground is restarted as them.
    personalChat: { id: `personal-chat-${current.teamsAadObjectId}` },
    groupChat: { id: 'demo-group-chat', name: 'Limited Contact demo' },
    team: {
      id: 'demo-team',
      name: 'Customer Services',
      aadGroupId: '1c0ffee0-0000-4000-8000-0000000000a1',
      channels: [],
    },
  };
}

/** The file's text. JSON is YAML, so no YAML library is needed; the comment says where it came from. */
export function playgroundConfigText(config: PlaygroundConfig, source: string): string {
  return `# Written by \`npm run playground\` from ${source}; edits are overwritten.\n${JSON.stringify(config, null, 2)}\n`;
}

function mockUser(person: PersonData & { teamsAadObjectId: string }): PlaygroundUser {
  const [givenName = person.name, ...rest] = person.name.split(/\s+/);
  return {
    // The Teams user id ("29:…") the Playground puts in `from.id`; derived from the AAD id so it
    // is the same on every run.
    id: `29:${person.teamsAadObjectId}`,
    name: person.name,
    userPrincipleName: person.email,
    aadObjectId: person.teamsAadObjectId,
    givenName,
    surname: rest.join(' ') || givenName,
    email: person.email,
  };
}
