import type { CaseError } from '../../cases/index.js';

// Every word the Teams adapter says to people, and the mapping of workflow error codes to them,
// in one place (docs/architecture.md, convention 5).

export const COMMANDS = [
  { command: 'report', description: 'Report an incident with a customer; report board 2026: the annual board report' },
  { command: 'case', description: 'Show a case: case LCP-2026-0001' },
  { command: 'cases', description: 'The cases you reported' },
  { command: 'approvals', description: 'Cases waiting for your decision' },
  { command: 'delegate', description: 'Name a deputy while you are away: delegate jo@example.org until 2026-12-24' },
  {
    command: 'register',
    description: 'The live restrictions (customer experience manager, corporate head, executive director)',
  },
  { command: 'check', description: "Before contact: are a customer's contacts restricted? check ACC-100234" },
  {
    command: 'customer',
    description: 'Edit a customer record (customer experience manager and above): customer ACC-100234',
  },
  { command: 'help', description: 'What this bot can do' },
] as const;

export const HELP_TEXT = [
  'Limited Contact: incident reports and decisions under the Limited Contact Policy.',
  ...COMMANDS.map((c) => `- ${c.command}: ${c.description}`),
].join('\n');

export const TEXT = {
  personalOnly:
    'I answer only in a personal chat, so that nothing about a case is shown to a channel. Open a chat with Limited Contact to use it.',
  welcome: `Hello. ${HELP_TEXT}`,
  notInDirectory: 'You are not in the Limited Contact directory; ask an administrator to add you.',
  noTeamsIdentity: 'Teams did not say who you are, so nothing was done.',
  caseUsage: 'Which case? For example: case LCP-2026-0001',
  caseNotShown: 'There is no case with that number that you can see.',
  noReports: 'You have not reported any incidents.',
  noApprovals: 'Nothing is waiting for your decision.',
  delegateUsage: 'To name a deputy while you are away: delegate jo@example.org until YYYY-MM-DD',
  unknownButton: 'This button is not recognised; ask for the case again with: case <number>',
  checkUsage:
    'Whose contacts? For example: check ACC-100234 (an account reference) or check LCP-2026-0001 (a case number)',
  customerUsage: 'Which customer? For example: customer ACC-100234',
  badCardData: 'This card is missing information; ask for the case again with: case <number>',
} as const;

/** The words shown for a workflow error: its own message (written for people), by code. */
export function errorText(error: CaseError): string {
  switch (error.code) {
    case 'CASE.NOT_FOUND':
      return TEXT.caseNotShown;
    case 'CASE.UNKNOWN_PERSON':
      return TEXT.notInDirectory;
    default:
      return error.message;
  }
}
