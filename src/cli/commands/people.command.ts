// `lcp person deactivate EMAIL` (a leaver) and `lcp delegations [end]` (issue 11 §4). The operator
// running the CLI is an administrator; each change is kept in the directory (deactivatedAt, the
// deputy_changes revisions) and the principal and deputy are told of an ended delegation.
import type { Command } from 'commander';
import { deactivatePerson, leaverLine } from '../../app/leavers.js';
import { endDelegation } from '../../app/name-deputy.js';
import type { Log } from '../../logging/log.js';
import { createRuntime } from '../../runtime.js';
import { normaliseEmail } from '../../directory/person.js';
import { MongoPersonRepository } from '../../store/mongo-person.repository.js';
import { CliError, reportAction, withDatabase } from './report-cli-support.js';

export function registerPeople(program: Command): void {
  const person = program.command('person').description('one person in the directory');
  person
    .command('deactivate')
    .description(
      'a leaver: their roles and delegations end; they can no longer decide or see cases; past decisions stay',
    )
    .argument('<email>', 'their work e-mail address')
    .action(
      reportAction(async (email: string) => {
        await withDatabase(async (connection) => {
          const leaver = await deactivatePerson(new MongoPersonRepository(connection), email, new Date());
          if (!leaver) throw new CliError(`${email} is not in the directory`);
          process.stdout.write(`Deactivated ${leaverLine(leaver)}\n`);
        });
      }),
    );

  const delegations = program.command('delegations').description('deputies named for a period of absence');
  delegations
    .command('list', { isDefault: true })
    .description('the delegations that have not ended')
    .action(
      reportAction(async () => {
        await withDatabase(async (connection) => {
          const people = new MongoPersonRepository(connection);
          const active = await people.activeDelegations(new Date());
          const deputies = new Map(
            (await people.listByIds(active.map((a) => a.deputy.deputyPersonId))).map((p) => [p.id, p]),
          );
          for (const { principal, deputy } of active) {
            const who = deputies.get(deputy.deputyPersonId);
            process.stdout.write(
              `${principal.email} -> ${who?.email ?? deputy.deputyPersonId}: ${deputy.from.toISOString()} to ${deputy.until.toISOString()}\n`,
            );
          }
          process.stdout.write(`${active.length} delegation(s)\n`);
        });
      }),
    );
  delegations
    .command('end')
    .description("end a principal's delegation to a deputy now (an administrator's decision)")
    .argument('<principal>', "the principal's e-mail address")
    .argument('<deputy>', "the deputy's e-mail address")
    .action(
      reportAction(async (principalEmail: string, deputyEmail: string) => {
        await withDatabase(async (connection, settings) => {
          // The chat channels the settings configure carry the notices (as when a deputy is named
          // in chat); without any, the delegation still ends.
          const runtime = await createRuntime({ connection, settings, log: stderrLog, scheduler: false });
          try {
            const people = runtime.services.people;
            const [principal, deputy] = await Promise.all([
              people.findByEmail(normaliseEmail(principalEmail)),
              people.findByEmail(normaliseEmail(deputyEmail)),
            ]);
            if (!principal) throw new CliError(`${principalEmail} is not in the directory`);
            if (!deputy) throw new CliError(`${deputyEmail} is not in the directory`);
            const ended = await endDelegation(runtime.services, principal, deputy);
            if (ended === 0) throw new CliError(`${deputy.email} is not a deputy of ${principal.email} now`);
            process.stdout.write(`Ended: ${deputy.email} no longer decides for ${principal.email}\n`);
          } finally {
            await runtime.stop();
          }
        });
      }),
    );
}

/**
 * Failures to tell someone reach the operator on stderr, one JSON line each; the runtime's start-up
 * notes (which channels are off) are not the operator's business here.
 */
const stderrLog: Log = (message, detail) => {
  if (detail?.error !== undefined || /could not|cannot|nobody/i.test(message))
    process.stderr.write(`${JSON.stringify({ message, ...detail })}\n`);
};
