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
  commands: { name: string; command: Record<string, unknown> }[];
  indexes: Record<string, IndexKey[]>;
}

/** Set by the Jest global setup: the file this run's recordings go to. */
export const COMMAND_LOG_VARIABLE = 'LCP_TEST_COMMAND_LOG';

export function startRecording(connection: Connection): { save(): Promise<void> } {
  const commands: RecordedDatabase['commands'] = [];
  const client = connection.getClient();
  const onStarted = (event: { commandName: string; command: Record<string, unknown>; databaseName: string }) => {
    if (event.databaseName !== connection.name || !QUERY_COMMANDS.has(event.commandName)) return;
    commands.push({ name: event.commandName, command: JSON.parse(JSON.stringify(event.command)) as Record<string, unknown> });
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
        const list = await db.collection(name).indexes().catch(() => []);
        indexes[name] = list.map((index) => Object.entries(index.key as Record<string, number | string>));
      }
      const line: RecordedDatabase = { testFile, commands, indexes };
      appendFileSync(logFile, `${JSON.stringify(line)}\n`);
    },
  };
}

function currentTestFile(): string {
  const state = (globalThis as { expect?: { getState(): { testPath?: string } } }).expect?.getState();
  return state?.testPath ? state.testPath.replace(`${process.cwd()}/`, '') : 'unknown';
}
