// `lcp evidence LCP-2026-0001 --out dir [--operator NAME]`: the case evidence pack (PDF + JSON) for
// an Ombudsman or subject access request. Producing it is itself a view of the case, and is logged.
import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { buildEvidencePack } from '../../reports/evidence-pack.js';
import { evidencePackJson, evidencePackPdf } from '../../reports/evidence-pack.export.js';
import { MongoReminderLog } from '../../store/mongo-schedule.store.js';
import { MongoCaseRepository } from '../../store/mongo-case.repository.js';
import { MongoCaseViewLog } from '../../store/mongo-case-view.log.js';
import { MongoRefusedAttemptLog } from '../../store/mongo-refused-attempt.log.js';
import { MongoRetentionStore } from '../../store/mongo-retention.store.js';
import { storedLettersOf } from '../../store/stored-letter.reader.js';
import { CliError, cliNow, organisationName, reportAction, withDatabase, writeOutputs } from './report-cli-support.js';

export function registerEvidence(program: Command): void {
  program
    .command('evidence <caseNumber>')
    .description(
      'the evidence pack of one case (reports, decisions, letters, reviews, reminders, views) as PDF and JSON',
    )
    .requiredOption('--out <dir>', 'where to write the files')
    .option('--operator <name>', 'who is producing the pack (recorded as a view of the case)', userInfo().username)
    .action(
      reportAction(async (caseNumber: string, options: { out: string; operator: string }) => {
        await withDatabase(async (connection, settings) => {
          const views = new MongoCaseViewLog(connection);
          const sources = {
            cases: new MongoCaseRepository(connection),
            reminders: new MongoReminderLog(connection),
            views,
            refusals: new MongoRefusedAttemptLog(connection),
            holds: new MongoRetentionStore(connection),
            storedLetters: (caseId: string) => storedLettersOf(connection, caseId),
          };
          const now = cliNow(settings);
          const found = await sources.cases.findByNumber(caseNumber.trim().toUpperCase());
          if (!found) throw new CliError(`no case ${caseNumber}`);
          await views.record({
            caseId: found.id,
            caseNumber: found.number,
            personId: `cli:${options.operator}`,
            name: options.operator,
            via: 'cli: lcp evidence',
            at: now.toISOString(),
          });
          const pack = (await buildEvidencePack(sources, found.number, now))!;
          const files = await writeOutputs(options.out, {
            [`${pack.caseNumber}-evidence.pdf`]: await evidencePackPdf(pack, organisationName(settings)),
            [`${pack.caseNumber}-evidence.json`]: evidencePackJson(pack),
          });
          process.stdout.write(
            `Evidence pack ${pack.caseNumber}: ${pack.decisions.length} events (audit trail ${pack.auditTrail.ok ? 'verified' : 'BROKEN'}), ${pack.letters.length} letters, ${pack.reviews.length} reviews, ${pack.remindersSent.length} reminders sent, ${pack.views.length} views\n${files.map((f) => `wrote ${f}`).join('\n')}\n`,
          );
        });
      }),
    );
}
