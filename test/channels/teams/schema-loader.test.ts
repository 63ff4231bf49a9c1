import { cardErrors } from './card-schema.js';

describe('the Adaptive Cards 1.5 schema as loaded', () => {
  const minimal = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [{ type: 'TextBlock', text: 'Hi' }],
  };

  test('accepts a minimal card', () => {
    expect(cardErrors(minimal)).toEqual([]);
  });

  test('rejects a misspelt element type', () => {
    expect(cardErrors({ ...minimal, body: [{ type: 'TextBlok', text: 'Hi' }] })).not.toEqual([]);
  });

  test('rejects an unknown action property', () => {
    expect(
      cardErrors({ ...minimal, actions: [{ type: 'Action.Execute', title: 'Go', verb: 'x', colour: 'red' }] }),
    ).not.toEqual([]);
  });
});
