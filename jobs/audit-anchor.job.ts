import { auditKeyConfigured, canonicalJson } from '../src/audit/hash-chain.js';
import { createHash } from 'node:crypto';
import { noData, type ScheduledJob } from '../src/scheduling/job.js';

/**
 * The audit trail's anchor outside the database (issue 13 §3): every night, the chain head (latest
 * event number and hash) of each case changed in the last day goes to the log, with one digest over
 * them all. Someone who rewrites a trail in the database cannot rewrite the shipped logs, so a head
 * that no longer matches `lcp audit verify` shows the rewrite.
 */
export const auditAnchorJob: ScheduledJob = {
  name: 'maintenance.audit-anchor',
  every: () => '45 1 * * *',
  timezone: 'Europe/London',
  data: noData,
  run: async ({ deps, clock }) => {
    const cases = deps.services.cases as unknown as {
      chainHeadsSince?: (since: string) => Promise<{ caseNumber: string; seq: number; hash: string }[]>;
    };
    if (!cases.chainHeadsSince) return { skipped: 'no chain heads in this store' };
    // 25 hours: a run a little late still overlaps the one before.
    const since = new Date(clock().getTime() - 25 * 3600_000).toISOString();
    const heads = await cases.chainHeadsSince(since);
    const digest = createHash('sha256').update(canonicalJson(heads)).digest('hex');
    deps.log?.('audit: chain heads', { since, keyed: auditKeyConfigured(), count: heads.length, digest, heads });
    return { count: heads.length, digest };
  },
};
