// Lists in chat (`approvals`, `cases`) show a bounded page, longest-waiting first (the listing
// queries sort by last change, oldest first). A Teams card must stay under the service's ~28 KB
// message limit and a Slack message under its text limit, and the cost of drawing a list must not
// grow with the organisation's open cases: the rest is counted, not drawn.

/** How many cases a chat list draws. */
export const LIST_SHOWN = 50;

export interface ListPage<T> {
  shown: T[];
  /** How many more there are beyond `shown`. */
  more: number;
}

export function firstPage<T>(items: readonly T[], size = LIST_SHOWN): ListPage<T> {
  return { shown: items.slice(0, size), more: Math.max(0, items.length - size) };
}

/** The line under a cut list, the same on both platforms. */
export function moreLine(more: number): string {
  return `…and ${more} more not shown (a list shows ${LIST_SHOWN}; open any case with its number).`;
}
