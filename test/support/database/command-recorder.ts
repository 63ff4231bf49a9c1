import { appendFileSync } from 'node:fs';
import type { Connection } from 'mongoose';
import { QUERY_COMMANDS, type IndexKey } from './index-coverage.js';

/**
 * Records the queries every test database receives (the driver's command monitoring), so that
 * test/store/index-coverage.test.ts, which runs last (see run-last-sequencer.mjs), can check each
 * of them against the indexes the product created. One JSON line per database, written when it
 * closes: the commands, the indexes each collection had, and the test file.
 */
export interface RecordedDatabase {
  testFile: string;
  /** `origin`: the innermost file of this repository that sent it (product code or a test's own query). */
  commands: { name: string; command: Record<string, unknown>; origin: string }[];
  indexes: Record<string, IndexKey[]>;
}

/** Set by the Jest global setup: the file this run's recordings go to. */
export const COMMAND_LOG_VARIABLE = 'LCP_TEST_COMMAND_LOG';

export function startRecording(connection: Connection): { save(): Promise<void> } {
  const commands: RecordedDatabase['commands'] = [];
  const client = connection.getClient();
  const onStarted = (event: { commandName: string; command: Record<string, unknown>; databaseName: string }) => {
    if (event.databaseName !== connection.name || !QUERY_COMMANDS.has(event.commandName)) return;
    commands.push({ name: event.commandName, command: plain(event.command), origin: origin(new Error().stack ?? '') });
  };
  client.on('commandStarted', onStarted);
  const testFile = currentTestFile();
  return {
    async save() {
      client.off('commandStarted', onStarted);
      const logFile = process.env[COMMAND_LOG_VARIABLE];
      if (!logFile || commands.length === 0) return;
      const db = connection.db;
      if (!db) return;
      const indexes: RecordedDatabase['indexes'] = {};
      for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
        const list = await db
          .collection(name)
          .indexes()
          .catch(() => []);
        indexes[name] = list.map((index) => Object.entries(index.key as Record<string, number | string>));
      }
      const line: RecordedDatabase = { testFile, commands, indexes };
      appendFileSync(logFile, `${JSON.stringify(line)}\n`);
    },
  };
}

// The driver's command events keep V8's async stack: the awaiting callers, up to the repository
// method (or the test) that sent the command. Deep enough to get past the driver's own frames.
Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 60);

/** The innermost frame outside node_modules and this recorder: "src/store/x.ts:12" or "test/…". */
function origin(stack: string): string {
  for (const line of stack.split('\n').slice(1)) {
    const match = /\((?:file:\/\/)?([^()]+?):(\d+):\d+\)$|at (?:async )?(?:file:\/\/)?(\/[^\s()]+?):(\d+):\d+$/.exec(
      line.trim(),
    );
    const file = match?.[1] ?? match?.[3];
    if (!file || file.includes('node_modules') || file.includes('command-recorder') || file.startsWith('node:'))
      continue;
    return `${file.replace(`${process.cwd()}/`, '')}:${match?.[2] ?? match?.[4]}`;
  }
  return 'unknown';
}

/** A JSON copy: the driver holds a sort as a Map, which JSON would turn into {}. */
function plain(command: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(command, (_key, value: unknown) => (value instanceof Map ? Object.fromEntries(value) : value)),
  ) as Record<string, unknown>;
}

function currentTestFile(): string {
  const state = (globalThis as { expect?: { getState(): { testPath?: string } } }).expect?.getState();
  return state?.testPath ? state.testPath.replace(`${process.cwd()}/`, '') : 'unknown';
}
