// The small part of the Adaptive Cards 1.5 object model these cards use. Cards are plain JSON
// objects; tests validate every one against the official 1.5 schema.
export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: '1.5';
  fallbackText?: string;
  body: CardElement[];
  actions?: CardElement[];
}

/** Action.Execute verbs (Universal Actions); each one's data is parsed with zod by the Teams handler. */
export const VERBS = {
  /** A case action button: answers with the decision form. Data: { action, caseId, version }. */
  action: 'lcp_action',
  /** The decision form's confirm button. Data: { action, caseId, version } plus the inputs. */
  decide: 'lcp_decide',
  /** The report form's submit button. Data: the inputs. */
  report: 'lcp_report',
  /** Back from a decision form to the case card. Data: { caseId }. */
  show: 'lcp_show',
} as const;

export function card(fallbackText: string, body: CardElement[], actions: CardElement[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    fallbackText: plain(fallbackText),
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

/**
 * Text typed by people is shown as text, never as markup: TextBlock and FactSet values render a
 * Markdown subset, so a description like "[click](https://…)" would otherwise become a link.
 * The characters that make links and emphasis are escaped with a backslash, and so are line starts
 * that would make lists. Longer prose typed by people goes in a TextRun instead (userParagraph).
 */
export function plain(text: string): string {
  return text
    .replace(/[\\`*_[\]~]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-=]|\d+\.)/gm, (_m, space: string, marker: string) => `${space}\\${marker}`);
}

/** A paragraph of text typed by a person: a TextRun, which Adaptive Cards never read as Markdown. */
export function userParagraph(text: string, options: { subtle?: boolean } = {}): CardElement {
  return { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text, ...(options.subtle ? { isSubtle: true } : {}) }] };
}

export function heading(text: string, options: { urgent?: boolean } = {}): CardElement {
  return { type: 'TextBlock', text: plain(text), size: 'Medium', weight: 'Bolder', wrap: true, ...(options.urgent ? { color: 'Attention' } : {}) };
}

export function paragraph(text: string, options: { subtle?: boolean; attention?: boolean; good?: boolean; spacing?: 'None' | 'Small' } = {}): CardElement {
  return {
    type: 'TextBlock',
    text: plain(text),
    wrap: true,
    ...(options.subtle ? { isSubtle: true } : {}),
    ...(options.attention ? { color: 'Attention' } : {}),
    ...(options.good ? { color: 'Good' } : {}),
    ...(options.spacing ? { spacing: options.spacing } : {}),
  };
}

/** A note at the top of a card: what just happened, or why the click did nothing. */
export interface Banner {
  kind: 'done' | 'problem';
  text: string;
}

export function banner(b: Banner | undefined): CardElement[] {
  if (!b) return [];
  return [{ type: 'Container', style: b.kind === 'done' ? 'good' : 'attention', items: [paragraph(b.text, { attention: b.kind === 'problem', good: b.kind === 'done' })] }];
}
