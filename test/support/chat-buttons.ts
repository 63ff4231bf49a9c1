// What a person may press in a chat message: the button actions of a Slack message and of the
// Adaptive Card in a Teams activity, read from the payloads the fake Slack API and connector saw.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- payloads are read loosely in assertions
type Loose = any;

/** The button actions of a Slack message's blocks. */
export const slackButtons = (blocks: Loose): string[] =>
  ((blocks ?? []) as Loose[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements as Loose[]).map((e) => JSON.parse(e.value).action as string));

/** The button actions of the Adaptive Card in a Teams activity. */
export const teamsButtons = (activity: Loose): string[] =>
  ((activity.attachments?.[0]?.content?.actions ?? []) as Loose[]).map((a) => a.data?.action as string);
