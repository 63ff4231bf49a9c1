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
    if (typeof value === 'string' && (key === 'text' || key === 'value' || key === 'title' || key === 'initial_value')) {
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
export function customerDetailsIn(payload: unknown, customer: { name: string; accountRef: string; words?: string }): string[] {
  const text = (typeof payload === 'string' ? payload : JSON.stringify(payload)).toLowerCase();
  const details = [customer.name, ...customer.name.split(/\s+/).filter((part) => part.length > 3), customer.accountRef, ...(customer.words ? [customer.words] : [])];
  return [...new Set(details.filter((d) => text.includes(d.toLowerCase())))];
}
