// The reply to `/lcp help` (and to anything `/lcp` does not understand), in mrkdwn.
export const HELP_TEXT = [
  '*Limited Contact: commands*',
  '`/lcp` or `/lcp report`: report an incident with a customer',
  '`/lcp case <number>`: open a case, e.g. `/lcp case LCP-2026-0001`',
  '`/lcp cases`: the cases you reported or have a role on',
  '`/lcp approvals`: the cases waiting for your decision',
  '`/lcp delegate @person until YYYY-MM-DD`: let someone decide for you while you are away',
  '`/lcp check ACC-100234`: before you answer a customer, whether their contact is restricted, how they may contact us and who deals with them (anyone; or a case number)',
  '`/lcp customer ACC-100234`: edit the customer record: needs, agreed adjustments, letter format, address (customer experience manager and above)',
  '`/lcp register`: restrictions in force now (customer experience manager, corporate head, executive director; sent to your direct message)',
  '`/lcp report board 2026`: links to the annual board report, PDF and CSV (same people)',
  '`/lcp help`: this list',
  'The *Home* tab of this app shows the same lists, with a button to report an incident.',
].join('\n');

export function helpText(): string {
  return HELP_TEXT;
}
