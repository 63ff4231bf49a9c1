import type { Actor, Case } from '../../cases/index.js';

/**
 * The lists behind the `cases` and `approvals` commands. Not in the core yet (CaseRepository finds
 * one case by id or number only); until it is supplied the commands say so.
 */
export interface CaseLists {
  /** Cases on which this person reported an incident, newest first. */
  reportedBy(personId: string): Promise<Case[]>;
  /** Open cases waiting for a decision this actor (or someone they deputise for) may take. */
  awaitingDecisionBy(actor: Actor): Promise<Case[]>;
}
