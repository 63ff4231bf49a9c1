import { noData, type ScheduledJob } from '../src/scheduling/job.js';
import { purgeExpiredCases } from '../src/reports/retention.js';
import { retentionSettingsSchema } from '../src/reports/retention-settings.js';

/**
 * Purges closed cases past the retention period (LCP_RETENTION_DAYS) every night, except those under
 * legal hold; each purge leaves a purge record and a log line with the case number and counts. Safe
 * when two workers run it at once: the purge record's unique id lets one purge a case.
 */
export const retentionPurgeJob: ScheduledJob = {
  name: 'maintenance.retention-purge',
  every: () => '0 2 * * *',
  timezone: 'Europe/London',
  data: noData,
  run: async ({ deps, retention, clock }) => {
    if (!retention) return { skipped: 'no retention store' };
    const { LCP_RETENTION_DAYS } = retentionSettingsSchema.parse(deps.settings);
    const outcome = await purgeExpiredCases(retention, clock(), { retentionDays: LCP_RETENTION_DAYS, trigger: 'job' });
    for (const p of outcome.purged) deps.log?.('retention: purged a closed case', { caseNumber: p.caseNumber, closedAt: p.closedAt, ...('counts' in p ? { counts: p.counts } : {}) });
    for (const h of outcome.held) deps.log?.('retention: kept a case under legal hold', { caseNumber: h.caseNumber, closedAt: h.closedAt });
    return { purged: outcome.purged.map((p) => p.caseNumber), held: outcome.held.map((h) => h.caseNumber) };
  },
};
