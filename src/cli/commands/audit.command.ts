// `lcp audit verify [--case NUMBER]`: recomputes the hash chain of one case's audit trail, or of
// every case's, and names the first event that was edited, deleted or re-ordered. Exit code 1 when
// any trail is broken, so a monitoring job can run it.
import type { Command } from 'commander';
import { verifyAuditTrail } from '../../app/verify-audit-trail.js';
import { configureAuditKey } from '../../audit/hash-chain.js';
import { MongoCaseRepository } from '../../store/mongo-case.repository.js';
import { MongoLetterArchive } from '../../store/mongo-letter.archive.js';
import { MongoReportCaseSource } from '../../store/mongo-report-case.source.js';
import { CliError, reportAction, withDatabase } from './report-cli-support.js';

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit trail');
  audit
    .command('verify')
    .description(
      "recompute each case's hash chain (HMAC with LCP_AUDIT_KEY), replay its snapshots against the stored case and check each letter's bytes; report what was edited, deleted or re-ordered",
    )
    .option('--case <number>', 'only this case')
    .action(
      reportAction(async (options: { case?: string }) => {
        await withDatabase(async (connection, settings) => {
          configureAuditKey(settings.LCP_AUDIT_KEY);
          const cases = new MongoCaseRepository(connection);
          const letters = new MongoLetterArchive(connection);
          const targets: { id: string; number: string }[] = [];
          if (options.case) {
            const found = await cases.findByNumber(options.case.trim().toUpperCase());
            if (!found) throw new CliError(`no case ${options.case}`);
            targets.push({ id: found.id, number: found.number });
          } else {
            for await (const kase of new MongoReportCaseSource(connection).eachCase())
              targets.push({ id: kase.id, number: kase.number });
          }
          let broken = 0;
          for (const target of targets) {
            const verdict = await verifyAuditTrail(cases, target.id, { snapshots: cases, letters });
            if (verdict.ok) {
              if (options.case) process.stdout.write(`${target.number}: ${verdict.length} events, chain verified\n`);
            } else {
              broken += 1;
              process.stdout.write(`${target.number}: BROKEN at event ${verdict.seq}: ${verdict.reason}\n`);
            }
          }
          process.stdout.write(`${targets.length} audit trail(s) checked, ${broken} broken\n`);
          if (broken > 0) process.exitCode = 1;
        });
      }),
    );
}
