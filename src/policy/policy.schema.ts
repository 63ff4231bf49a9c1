import { z } from 'zod';
import { CONTACT_CHANNEL_IDS } from './channels.js';
import { GATE_IDS } from './gates.js';
import { LETTER_CONTENT_ITEMS, LETTER_KINDS } from './letters.js';
import { RESTRICTION_DETAILS } from './restrictions.js';
import { ROLE_IDS } from './roles.js';
import { CASE_STATES, STATE_APPROVER } from './states.js';
import { ACTION_IDS } from './transitions.js';

// The policy data is checked as a whole at start-up: a typo in a table (an unknown state,
// a gate without a label, a waiting state without a deadline) stops the process early.
const id = z.string().regex(/^[a-z][a-z0-9_]*$/);
const state = z.enum(CASE_STATES);
const role = z.enum(ROLE_IDS);
const paragraph = z.number().int().min(1).max(36);

const criterion = z.object({
  id,
  label: z.string().min(1),
  paragraphs: z.array(paragraph).min(1),
  behaviours: z.array(z.object({ id, label: z.string().min(1) })).min(1),
});

const authority = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('any_colleague') }),
  z.object({ kind: z.literal('reporter') }),
  z.object({ kind: z.literal('state_approver') }),
  z.object({ kind: z.literal('line_manager_or_roles'), roles: z.array(role).min(1) }),
  z.object({ kind: z.literal('roles'), roles: z.array(role).min(1) }),
  z.object({ kind: z.literal('system') }),
  z.object({ kind: z.literal('senior_without_prior_decision'), roles: z.array(role).min(1) }),
  z.object({ kind: z.literal('letter_approver_or_roles'), roles: z.array(role).min(1) }),
]);

const transition = z.object({
  action: z.enum(ACTION_IDS),
  from: z.union([z.literal('none'), z.array(state).min(1)]),
  by: authority,
  to: z.union([state, z.enum(['same', 'previous', 'by_outcome'])]),
  gates: z.array(z.enum(GATE_IDS as [string, ...string[]])),
  rationale: z.enum(['required', 'not_needed']),
  decision: z.boolean(),
  paragraphs: z.array(paragraph),
  summary: z.string().min(1),
});

export const policySchema = z
  .object({
    criteria: z.array(criterion).length(7, 'the §13 table has seven criteria'),
    contactChannels: z.array(z.object({ id: z.enum(CONTACT_CHANNEL_IDS), label: z.string().min(1) })).min(1),
    roles: z.array(
      z.object({
        id: role,
        label: z.string().min(1),
        tier: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.null()]),
        short: z.string().min(1),
      }),
    ),
    transitions: z.array(transition).min(1),
    restrictionTypes: z
      .array(
        z.object({
          id: z.enum(Object.keys(RESTRICTION_DETAILS) as [string, ...string[]]),
          label: z.string().min(1),
          policyText: z.string().min(1),
          closes: z.array(z.enum(CONTACT_CHANNEL_IDS)),
        }),
      )
      .length(6, '§30 lists six restriction types'),
    adjustmentKinds: z.array(
      z.object({
        id,
        label: z.string().min(1),
        conflictsWith: z.array(z.enum(Object.keys(RESTRICTION_DETAILS) as [string, ...string[]])),
      }),
    ),
    letters: z.array(
      z.object({
        kind: z.enum(LETTER_KINDS),
        label: z.string().min(1),
        signedBy: role,
        contents: z.array(z.enum(Object.keys(LETTER_CONTENT_ITEMS) as [string, ...string[]])).min(1),
      }),
    ),
    reviewCadence: z.object({
      everyMonths: z.number().int().positive(),
      from: z.literal('restriction_letter_date'),
      appliesTo: z.array(state).min(1),
      overdueEscalatesTo: role,
    }),
    deadlinesWorkingDays: z.partialRecord(state, z.number().int().positive()),
    reminderRules: z.object({
      secondReminderAfterWorkingDays: z.number().int().positive(),
      maxRemindersPerDeadline: z.number().int().min(1).max(5),
      workingHours: z.object({
        start: z.string().regex(/^\d\d:\d\d$/),
        end: z.string().regex(/^\d\d:\d\d$/),
        timeZone: z.string().min(1),
      }),
      holidays: z.object({ country: z.string().length(2), region: z.string().min(1) }),
    }),
  })
  .superRefine((policy, ctx) => {
    const unique = (values: string[], what: string) => {
      const seen = new Set<string>();
      for (const v of values) {
        if (seen.has(v)) ctx.addIssue({ code: 'custom', message: `duplicate ${what} id "${v}"` });
        seen.add(v);
      }
    };
    unique(
      policy.criteria.map((c) => c.id),
      'criterion',
    );
    unique(
      policy.criteria.flatMap((c) => c.behaviours.map((b) => b.id)),
      'behaviour',
    );
    // A (state, action) pair must be unambiguous, or the workflow could not tell which row applies.
    const pairs = policy.transitions.flatMap((t) =>
      t.from === 'none' ? [`none:${t.action}`] : t.from.map((f) => `${f}:${t.action}`),
    );
    unique(pairs, 'transition (state:action)');
    for (const [waiting, approver] of Object.entries(STATE_APPROVER)) {
      if (approver && policy.deadlinesWorkingDays[waiting as keyof typeof policy.deadlinesWorkingDays] === undefined) {
        ctx.addIssue({ code: 'custom', message: `waiting state "${waiting}" has no deadline` });
      }
    }
    const reachable = new Set(
      policy.transitions.flatMap((t) =>
        t.to === 'same' || t.to === 'previous' || t.to === 'by_outcome' ? [] : [t.to],
      ),
    );
    for (const s of CASE_STATES) {
      if (!reachable.has(s))
        ctx.addIssue({ code: 'custom', message: `state "${s}" cannot be reached by any transition` });
    }
  });

export type PolicyData = z.infer<typeof policySchema>;
