// Values that arrive from outside (chat user ids, AAD object ids, e-mails, case numbers) end up as
// filter values. Typed as strings, they are only strings once checked: an object such as
// {"$gt": ""} would be read by MongoDB as an operator and match someone else's document. Lookups
// take such values through stringKey (anything else matches nothing) and run with mongoose's
// sanitizeFilter, which wraps any "$" object that still gets through in $eq.

export const SANITIZE = { sanitizeFilter: true } as const;

/** The value as a lookup key, or null (no match) when it is not a string. */
export function stringKey(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
