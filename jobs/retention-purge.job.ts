import { verifyAuditTrail, type EventSnapshotSource } from '../src/app/verify-audit-trail.js';
import { noData, type ScheduledJob } from '../src/scheduling/job.js';
import { purgeExpiredCases } from '../src/reports/retention.js';
import { retentionSettingsSchema } from '../src/reports/retention-settings.js';

/**
 * Purges closed cases past the retention period (LCP_RETENTION_DAYS) every night, except those under
 * legal hold; each purge leaves a purge record and a log line with the case number and counts. Safe
 * when two workers run it at once: the purge record's unique id lets one purge a case. A case whose
 * audit trail does not verify is not purged: it is logged and every admin is told (issue 13 §3).
 */
export const retentionPurgeJob: ScheduledJob = {
  name: 'maintenance.retention-purge',
  every: () => '0 2 * * *',
  timezone: 'Europe/London',
  data: noData,
  run: async ({ deps, retention, clock }) => {
    if (!retention) return { skipped: 'no retention store' };
    const { LCP_RETENTION_DAYS } = retentionSettingsSchema.parse(deps.settings);
    const cases = deps.services.cases;
    const snapshots = 'eventSnapshots' in cases ? (cases as unknown as EventSnapshotSource) : undefined;
    const outcome = await purgeExpiredCases(retention, clock(), {
      retentionDays: LCP_RETENTION_DAYS,
      trigger: 'job',
      verify: (caseId) => verifyAuditTrail(cases, caseId, snapshots ? { snapshots } : {}),
    });
    if (outcome.refused.length > 0) {
      for (const r of outcome.refused)
        deps.log?.('retention: refused to purge a case whose audit trail is broken', {
          caseNumber: r.caseNumber,
          seq: r.seq,
          why: r.reason,
        });
      const admins = (await deps.services.people.findByRole('admin')).map((p) => p.id);
      const text = [
        `Retention purge: ${outcome.refused.length} closed case(s) were NOT purged because their audit trail does not verify (possible tampering):`,
        ...outcome.refused.map((r) => `• ${r.caseNumber}: event ${r.seq}: ${r.reason}`),
        'Run `lcp audit verify --case <number>` and investigate before anything is deleted.',
      ].join('\n');
      if (admins.length > 0)
        await deps.sender.send(admins, text, null).catch((error: unknown) =>
          deps.log?.('retention: could not tell the admins', {
            error: error instanceof Error ? error.message : String(error),
          }),
        );
    }
    for (const p of outcome.purged)
      deps.log?.('retention: purged a closed case', {
        caseNumber: p.caseNumber,
        closedAt: p.closedAt,
        ...('counts' in p ? { counts: p.counts } : {}),
      });
    for (const h of outcome.held)
      deps.log?.('retention: kept a case under legal hold', { caseNumber: h.caseNumber, closedAt: h.closedAt });
    return {
      purged: outcome.purged.map((p) => p.caseNumber),
      held: outcome.held.map((h) => h.caseNumber),
      refused: outcome.refused.map((r) => r.caseNumber),
    };
  },
};
