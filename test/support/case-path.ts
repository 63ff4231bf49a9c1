import type { Case } from '../../src/cases/index.js';
import type { ActionId, CaseState } from '../../src/policy/index.js';
import { validCommand, type CommandInput } from '../cases/fixtures.js';

// The usual path a case takes through the tiers (report → LM escalates → CXM escalates → CHC
// proposes a warning → EDC approves → CHC proposes restrictions → EDC approves), for tests that
// drive a stored case through the real use cases. The payloads are validCommand's, the same the
// workflow tests use; each harness says who holds each role and how a decision is taken.

/** Who takes the path's decisions, by role. */
export type PathRole = 'lineManager' | 'cxm' | 'chc' | 'edc';

const NEXT_STEP: Partial<Record<CaseState, { by: PathRole; action: ActionId }>> = {
  line_manager_review: { by: 'lineManager', action: 'escalate' },
  cxm_review: { by: 'cxm', action: 'escalate' },
  chc_review: { by: 'chc', action: 'propose_warning' },
  edc_warning_approval: { by: 'edc', action: 'approve_warning' },
  warning_issued: { by: 'chc', action: 'propose_restrictions' },
  edc_restriction_approval: { by: 'edc', action: 'approve_restrictions' },
};

/** Decides `command` on `kase` as the holder of `role`; returns the case after it. */
export type DecideAs = (kase: Case, role: PathRole, command: CommandInput) => Promise<Case>;

/**
 * Takes `kase` along the usual path until it is in `target` (a state on the path after its own);
 * `now` dates what the payloads date (restriction periods, continued behaviour).
 */
export async function advanceTo(
  kase: Case,
  target: CaseState,
  decideAs: DecideAs,
  now: () => Date = () => new Date(),
): Promise<Case> {
  while (kase.state !== target) {
    const step = NEXT_STEP[kase.state];
    if (!step) throw new Error(`${target} is not on the usual path after ${kase.state}`);
    kase = await decideAs(kase, step.by, validCommand(step.action, kase, now()));
  }
  return kase;
}
