// Reading what the app sent to chat platforms, for checks over every outbound message.

/** Every piece of text in a Slack Web API call's arguments: `text`, blocks, views, at any depth. */
export function slackTexts(calls: readonly { method: string; args: Record<string, unknown> }[]): string[] {
  const out: string[] = [];
  for (const call of calls) collectTexts(call.args, out);
  return out;
}

function collectTexts(node: unknown, out: string[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collectTexts(item, out);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (
      typeof value === 'string' &&
      (key === 'text' || key === 'value' || key === 'title' || key === 'initial_value')
    ) {
      // Button values are our own JSON ids, not displayed text.
      if (key === 'value' && value.startsWith('{')) continue;
      out.push(value);
    } else collectTexts(value, out);
  }
}

/** Slack conversations that are direct messages: a user id (the bot opens the DM) or a D… channel. */
export function isSlackDirectMessage(channel: unknown): boolean {
  return typeof channel === 'string' && /^(U|W|D)[A-Z0-9-]+$/.test(channel.replace(/^D-/, 'D'));
}

/** Which of a customer's details (name, account reference, reported words) appear anywhere in `payload`. */
export function customerDetailsIn(
  payload: unknown,
  customer: { name: string; accountRef: string; words?: string },
  options: { nameParts?: boolean } = { nameParts: true },
): string[] {
  const text = (typeof payload === 'string' ? payload : JSON.stringify(payload)).toLowerCase();
  // Parts of a distinctive name count too (a surname alone is a detail); not of common words.
  const parts = options.nameParts ? customer.name.split(/\s+/).filter((part) => part.length > 3) : [];
  const details = [customer.name, ...parts, customer.accountRef, ...(customer.words ? [customer.words] : [])];
  return [...new Set(details.filter((d) => text.includes(d.toLowerCase())))];
}

/** The customers the test fixtures report on (test/app, test/cases, test/channels, test/security). */
export const TEST_CUSTOMERS: readonly { name: string; accountRef: string }[] = [
  { name: 'Alex Example', accountRef: 'ACC-10001' },
  { name: 'Pat Customer', accountRef: 'ACC-100234' },
  { name: 'Sam Sample', accountRef: 'ACC-20002' },
  { name: 'Blair Other', accountRef: 'ACC-20003' },
  { name: 'Theodora Quillfeather', accountRef: 'ACC-70001' },
];

/**
 * Slack calls that put a customer detail where more than the case's own people can read it: in a
 * message to a channel that is not a direct message, or in notification text (`text`, which lock
 * screens and notification centres show). Any account reference shaped like the fixtures' counts.
 */
export function sharedChannelLeaks(
  calls: readonly { method: string; args: Record<string, unknown> }[],
  customers: readonly { name: string; accountRef: string }[] = TEST_CUSTOMERS,
): string[] {
  const leaks: string[] = [];
  const anyAccountRef = /\bACC-\d{3,}\b/i;
  for (const call of calls) {
    // An ephemeral answer at a command's response_url is seen by the person who asked only, and
    // makes no notification; an answer "in_channel" is a shared message like any other.
    const answer = call.method.startsWith('response_url');
    if (answer && call.args.response_type === 'ephemeral') continue;
    const shared = answer || (call.args.channel !== undefined && !isSlackDirectMessage(call.args.channel));
    const inspected = shared ? JSON.stringify(call.args) : typeof call.args.text === 'string' ? call.args.text : '';
    const found = customers.flatMap((c) =>
      customerDetailsIn(inspected, { name: c.name, accountRef: c.accountRef }, { nameParts: false }),
    );
    if (anyAccountRef.test(inspected)) found.push(anyAccountRef.exec(inspected)![0]);
    if (found.length)
      leaks.push(
        `${call.method} to ${String(call.args.channel)}${shared ? '' : ' (notification text)'}: ${[...new Set(found)].join(', ')}`,
      );
  }
  return leaks;
}
