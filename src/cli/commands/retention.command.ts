// `lcp retention purge [--dry-run]` and `lcp legal-hold set|clear LCP-… --reason "…"`.
import { verifyAuditTrail } from '../../app/verify-audit-trail.js';
import { configureAuditKey } from '../../audit/hash-chain.js';
import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { changeLegalHold, purgeExpiredCases, type PurgeOutcome } from '../../reports/retention.js';
import { MongoCaseRepository } from '../../store/mongo-case.repository.js';
import { MongoRetentionStore } from '../../store/mongo-retention.store.js';
import { CliError, cliNow, reportAction, withDatabase } from './report-cli-support.js';

export function formatPurge(outcome: PurgeOutcome, retentionDays: number): string {
  const lines = [`Retention ${retentionDays} days: cases closed before ${outcome.cutoff.slice(0, 10)} are due.`];
  for (const p of outcome.purged) {
    const counts =
      'counts' in p
        ? ` (${Object.entries(p.counts)
            .filter(([, n]) => n > 0)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, n]) => `${n} ${k.replace(/_/g, ' ')}`)
            .join(', ')})`
        : '';
    lines.push(
      `${outcome.dryRun ? 'would purge' : 'purged'} ${p.caseNumber}, closed ${p.closedAt.slice(0, 10)}${counts}`,
    );
  }
  for (const h of outcome.held)
    lines.push(
      `kept ${h.caseNumber}, closed ${h.closedAt.slice(0, 10)}: legal hold since ${h.hold!.setAt.slice(0, 10)} (${h.hold!.reason})`,
    );
  for (const r of outcome.refused ?? [])
    lines.push(
      `REFUSED ${r.caseNumber}, closed ${r.closedAt.slice(0, 10)}: its audit trail is broken at event ${r.seq} (${r.reason}); not purged`,
    );
  lines.push(
    `${outcome.purged.length} ${outcome.dryRun ? 'would be purged' : 'purged'}, ${outcome.held.length} under legal hold.`,
  );
  return `${lines.join('\n')}\n`;
}

export function registerRetention(program: Command): void {
  program
    .command('retention')
    .description('retention of closed cases')
    .command('purge')
    .description(
      'purge cases closed longer than LCP_RETENTION_DAYS ago, except those under legal hold; each purge is recorded',
    )
    .option('--dry-run', 'list what would be purged, change nothing')
    .action(
      reportAction(async (options: { dryRun?: boolean }) => {
        await withDatabase(async (connection, settings) => {
          configureAuditKey(settings.LCP_AUDIT_KEY);
          const cases = new MongoCaseRepository(connection);
          const outcome = await purgeExpiredCases(new MongoRetentionStore(connection), cliNow(settings), {
            retentionDays: settings.LCP_RETENTION_DAYS,
            dryRun: options.dryRun ?? false,
            trigger: 'cli',
            verify: (caseId) => verifyAuditTrail(cases, caseId, { snapshots: cases }),
          });
          process.stdout.write(formatPurge(outcome, settings.LCP_RETENTION_DAYS));
        });
      }),
    );
}

export function registerLegalHold(program: Command): void {
  const hold = program
    .command('legal-hold')
    .description('keep a case from retention purges while legal action or a complaint needs it (audited)');
  for (const action of ['set', 'clear'] as const) {
    hold
      .command(`${action} <caseNumber>`)
      .description(action === 'set' ? 'put a case under legal hold' : 'release a legal hold')
      .requiredOption('--reason <text>', 'why (recorded in the legal hold audit)')
      .option('--operator <name>', 'who is doing it', userInfo().username)
      .action(
        reportAction(async (caseNumber: string, options: { reason: string; operator: string }) => {
          await withDatabase(async (connection, settings) => {
            const result = await changeLegalHold(
              { cases: new MongoCaseRepository(connection), store: new MongoRetentionStore(connection) },
              { action, caseNumber, reason: options.reason, by: options.operator },
              cliNow(settings),
            );
            if (!result.ok) throw new CliError(`${result.message} (${result.code})`);
            process.stdout.write(
              action === 'set'
                ? `Legal hold set on ${result.caseNumber}: it will not be purged until the hold is cleared.\n`
                : `Legal hold cleared on ${result.caseNumber}.\n`,
            );
          });
        }),
      );
  }
}
