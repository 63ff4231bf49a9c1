#!/usr/bin/env node
// The package's command line. Each command lives in commands/ and registers itself on its group,
// so a new one is a new file and one line here.
import { Command } from 'commander';
import { registerAudit } from './commands/audit.command.js';
import { registerPeople } from './commands/people.command.js';
import { registerCustomers } from './commands/customers.command.js';
import { registerDirectoryImport } from './commands/directory-import.command.js';
import { registerSchedule } from './commands/schedule.command.js';
import { registerEquality } from './commands/equality.command.js';
import { registerEvidence } from './commands/evidence.command.js';
import { registerRegister } from './commands/register.command.js';
import { registerReport } from './commands/report.command.js';
import { registerLegalHold, registerRetention } from './commands/retention.command.js';

function buildProgram(): Command {
  const program = new Command('lcp')
    .description('Limited Contact Policy bot: administration commands')
    .showHelpAfterError()
    .configureOutput({ outputError: (message, write) => write(message) });

  const directory = program
    .command('directory')
    .description('the people directory (roles, line managers, chat identities)');
  registerDirectoryImport(directory);
  registerSchedule(program);
  registerRegister(program);
  registerReport(program);
  registerEquality(program);
  registerEvidence(program);
  registerRetention(program);
  registerLegalHold(program);
  registerAudit(program);
  registerPeople(program);
  registerCustomers(program);

  return program;
}

// Commands set process.exitCode rather than calling process.exit, so output is flushed first.
await buildProgram().parseAsync(process.argv);
