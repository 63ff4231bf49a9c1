import { authorise } from '../cases/authority.js';
import type { Case } from '../cases/index.js';
import { isDeputyActive, type PersonRepository } from '../directory/person.js';
import { APPEAL_DECIDER_ROLES, findTransition } from '../policy/index.js';
import { resolveActorFor } from './stand-ins.js';

// Issue 11 §3: an appeal goes to every independent holder of the corporate head, executive director
// or appeal reviewer role (and their active deputies). Independence is the workflow's own rule
// (`authorise` for decide_appeal: no reporter, affected colleague or earlier decider, and no
// deputy acting for one), asked person by person, so the notice and the button never disagree.

/** The people who may decide the pending appeal on this case now; empty when nobody independent exists. */
export async function appealDecidersFor(kase: Case, people: PersonRepository, now: Date): Promise<string[]> {
  const row = findTransition('decide_appeal', kase.state);
  if (!row || !kase.appeals.some((a) => a.decision === null)) return [];
  const candidates: string[] = [];
  for (const role of APPEAL_DECIDER_ROLES) {
    for (const holder of await people.findByRole(role)) {
      candidates.push(holder.id);
      for (const d of holder.deputies) if (isDeputyActive(d, now)) candidates.push(d.deputyPersonId);
    }
  }
  const deciders: string[] = [];
  for (const id of new Set(candidates)) {
    const actor = await resolveActorFor(people, id, now, kase);
    if (actor && authorise(row, kase, actor).ok) deciders.push(id);
  }
  return deciders;
}

/** What the admins are told when nobody independent may decide an appeal: names the case number only. */
export function noAppealDeciderText(caseNumber: string, workingDays: number): string {
  return (
    `Case ${caseNumber}: an appeal has been received and nobody in the directory may decide it: every ` +
    'corporate head, executive director and appeal reviewer took part in the case. Please add a senior colleague ' +
    'from outside the customer tiers (another director, the chief executive) with the role appeal_reviewer: put ' +
    'appeal_reviewer in their roles in the directory file and run `lcp directory import FILE`. They then find ' +
    `the appeal in /lcp approvals (Teams: approvals) and are reminded of it. It is due within ${workingDays} working days.`
  );
}
