import { needsCustomerAdjustments } from '../../src/app/customer-adjustments.js';
import { TRANSITIONS } from '../../src/policy/index.js';

// Issue 14 §3: a click or a decision reads the customer record only when the action's form or
// gates use the adjustments agreed with the customer (§20–23); every other action saves that read.

test('the restriction proposals and variations read the adjustments; escalations, warnings and unknown actions do not', () => {
  expect(needsCustomerAdjustments('propose_restrictions')).toBe(true);
  expect(needsCustomerAdjustments('review_vary')).toBe(true);
  expect(needsCustomerAdjustments('escalate')).toBe(false);
  expect(needsCustomerAdjustments('propose_warning')).toBe(false);
  expect(needsCustomerAdjustments('not-an-action')).toBe(false);
  expect(needsCustomerAdjustments(undefined)).toBe(false);
});

test('every action with a gate that weighs restrictions against the adjustments reads them', () => {
  const gated = TRANSITIONS.filter((row) => row.gates.includes('adjustment_conflicts_justified')).map((r) => r.action);
  expect(gated.length).toBeGreaterThan(0);
  for (const action of gated) expect([action, needsCustomerAdjustments(action)]).toEqual([action, true]);
});
