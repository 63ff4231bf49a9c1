import templating from 'adaptivecards-templating';
import type { AdaptiveCard } from './card-types.js';

// Expands an Adaptive Card template (adaptive-cards/*.template.json) with the Microsoft
// templating engine. Only the template's own strings are parsed as expressions: the data's
// strings are substituted as they are, so `${...}` typed by a person stays text.

// adaptivecards-templating is CommonJS: its named exports come through the default import.
const { Template, GlobalSettings } = templating;

export type CardTemplate = InstanceType<typeof Template>;

/** Parses a template once; `expand` binds it to data as often as needed. */
export function cardTemplate(payload: object): CardTemplate {
  return new Template(payload);
}

/**
 * The card for `data`. The engine would quietly print `${field}` for a field the data lacks (its
 * default, meant for designers); here a missing field is a programming error and throws, so a
 * typo in a template cannot reach a person as a card with `${...}` on it.
 */
export function expandCard<Data extends object>(template: CardTemplate, data: Data): AdaptiveCard {
  const previous = GlobalSettings.getUndefinedFieldValueSubstitutionString;
  GlobalSettings.getUndefinedFieldValueSubstitutionString = (path: string) => {
    throw new Error(`card template: the data has no "${path}"`);
  };
  try {
    return template.expand({ $root: data }) as AdaptiveCard;
  } finally {
    GlobalSettings.getUndefinedFieldValueSubstitutionString = previous;
  }
}
