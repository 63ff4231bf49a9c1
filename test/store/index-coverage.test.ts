import { readFileSync } from 'node:fs';
import { COMMAND_LOG_VARIABLE, type RecordedDatabase } from '../support/database/command-recorder.js';
import { isServed, queriesOf, type QueryShape } from '../support/database/index-coverage.js';

// Runs last (test/support/run-last-sequencer.mjs): every other test file's databases recorded the
// queries they received. Each find, count, distinct, update, delete, findAndModify and aggregate
// $match (filter and sort) must be one that an index the product created serves, so that it stays
// fast on MongoDB in production however many cases there are, which this machine cannot measure.

/** Test files whose queries are the product's: the workflow, chat, scheduler and report tests. */
const PRODUCT_TEST_FILES = /^test\/(app|channels|jobs|scheduling|reports|letters|security|cli|operations)\//;

function recordings(): RecordedDatabase[] {
  const file = process.env[COMMAND_LOG_VARIABLE];
  if (!file) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RecordedDatabase);
}

interface Miss {
  query: QueryShape;
  why: string;
  testFiles: Set<string>;
}

/** Values differ from call to call; the shape (fields and operators) is what an index serves. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? [shapeOf(value[0])] : [];
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, key.startsWith('$') || typeof inner === 'object' ? shapeOf(inner) : 1]));
  }
  return 1;
}

const recorded = recordings().filter((database) => PRODUCT_TEST_FILES.test(database.testFile));

describe('every query the product sends is served by an index', () => {
  const run = recorded.length > 0 ? test : test.skip;

  run(`the queries of ${recorded.length} test databases`, () => {
    const misses = new Map<string, Miss>();
    let checked = 0;
    for (const database of recorded) {
      for (const { name, command } of database.commands) {
        for (const query of queriesOf(name, command)) {
          checked++;
          const verdict = isServed(query, database.indexes[query.collection] ?? []);
          if (verdict.served) continue;
          const key = JSON.stringify([query.command, query.collection, shapeOf(query.filter), query.sort ?? null]);
          const miss = misses.get(key) ?? { query, why: verdict.why, testFiles: new Set<string>() };
          miss.testFiles.add(database.testFile);
          misses.set(key, miss);
        }
      }
    }
    const report = [...misses.values()].map(
      (miss) =>
        `${miss.query.command} ${miss.query.collection} ${JSON.stringify(shapeOf(miss.query.filter))}` +
        `${miss.query.sort ? ` sort ${JSON.stringify(miss.query.sort)}` : ''}: ${miss.why} (from ${[...miss.testFiles].slice(0, 3).join(', ')})`,
    );
    expect(checked).toBeGreaterThan(1000);
    expect(report).toEqual([]);
  });
});
