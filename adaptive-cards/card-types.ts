// The shapes shared by the card templates' renderers. Cards are plain JSON objects expanded from
// the *.template.json files here; tests validate every one against the official 1.5 schema.
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
  /** The customer record form's save button. Data: { accountRef } plus the inputs. */
  customer: 'lcp_customer',
} as const;

/**
 * Text typed by people is shown as text, never as markup: TextBlock and FactSet values render a
 * Markdown subset, so a description like "[click](https://…)" would otherwise become a link.
 * The characters that make links and emphasis are escaped with a backslash, and so are line starts
 * that would make lists. Longer prose typed by people goes in a TextRun instead, which Adaptive
 * Cards never read as Markdown. Every template-data builder passes TextBlock and FactSet text
 * through here; the templates themselves hold no user text.
 */
export function plain(text: string): string {
  return text
    .replace(/[\\`*_[\]~]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-=]|\d+\.)/gm, (_m, space: string, marker: string) => `${space}\\${marker}`);
}

/** A note at the top of a card: what just happened, or why the click did nothing. */
export interface Banner {
  kind: 'done' | 'problem';
  text: string;
}

/** A banner as template data: a list of none or one, which the template repeats with `$data`. */
export interface BannerData {
  style: 'good' | 'attention';
  color: 'Good' | 'Attention';
  text: string;
}

export function bannerData(b: Banner | undefined): BannerData[] {
  if (!b) return [];
  return [
    b.kind === 'done'
      ? { style: 'good', color: 'Good', text: plain(b.text) }
      : { style: 'attention', color: 'Attention', text: plain(b.text) },
  ];
}

/** A line of text as template data, for the optional parts of a card (a list of none or one). */
export interface TextData {
  text: string;
}

export const optionalText = (text: string | null | undefined): TextData[] => (text ? [{ text: plain(text) }] : []);
