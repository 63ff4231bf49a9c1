// Inbound payloads (Slack, Teams) are JSON from outside. A key beginning with "$" is a MongoDB
// operator ({"$gt": ""}, {"$where": ...}) wherever such an object ends up in a query filter, and
// no payload the chat platforms send us has one, so such a payload is refused at the door. (The
// repositories also sanitise their filters; this keeps the payload from getting that far.)

/** Adaptive Cards name their schema this way; it is data, never a filter. */
const ALLOWED_DOLLAR_KEYS = new Set(['$schema']);
/** Deeper than any real payload; also keeps a hostile nesting from exhausting the stack. */
export const MAX_PAYLOAD_DEPTH = 64;

/** The path of the first operator-like key in `value`, "(too deep)", or null when there is none. */
export function operatorKeyIn(value: unknown): string | null {
  const stack: { node: unknown; path: string; depth: number }[] = [{ node: value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > MAX_PAYLOAD_DEPTH) return `${path || '(root)'} (too deep)`;
    if (Array.isArray(node)) {
      node.forEach((item, i) => stack.push({ node: item, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      const here = path ? `${path}.${key}` : key;
      if (key.startsWith('$') && !ALLOWED_DOLLAR_KEYS.has(key)) return here;
      stack.push({ node: child, path: here, depth: depth + 1 });
    }
  }
  return null;
}
