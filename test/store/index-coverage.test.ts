import { readFileSync } from 'node:fs';
import { COMMAND_LOG_VARIABLE, type RecordedDatabase } from '../support/database/command-recorder.js';
import mongoose from 'mongoose';
import { reminderModel } from '../../src/store/mongo-schedule.store.js';
import { STORE_MODELS } from '../../src/store/store-models.js';
import { isServed, queriesOf, type IndexKey, type QueryShape } from '../support/database/index-coverage.js';

// Runs last (test/support/run-last-sequencer.mjs): every other test file's databases recorded the
// queries they received. Each find, count, distinct, update, delete, findAndModify and aggregate
// $match (filter and sort) must be one that an index the product created serves, so that it stays
// fast on MongoDB in production however many cases there are, which this machine cannot measure.

/** Test files whose queries are the product's: the workflow, chat, scheduler and report tests. */
const PRODUCT_TEST_FILES =
  /^test\/(app|cases|channels|directory|jobs|scheduling|reports|letters|security|cli|operations|store)\//;

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
  origins: Set<string>;
}

/** Sent by the product (src/, jobs/), not by a test's own query or set-up. */
function isProductCode(origin: string): boolean {
  return /^(src|jobs)\//.test(origin);
}

/** Values differ from call to call; the shape (fields and operators) is what an index serves. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? [shapeOf(value[0])] : [];
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        key.startsWith('$') || typeof inner === 'object' ? shapeOf(inner) : 1,
      ]),
    );
  }
  return 1;
}

/**
 * The indexes the product declares, by collection: every store model's schema (whether or not the
 * test that sent a query had compiled it), and the scheduler's reminder log. Libraries' own
 * collections (agenda's jobs, GridFS's letters.files) are taken as the test database had them.
 */
function declaredIndexes(): Record<string, IndexKey[]> {
  const offline = mongoose.createConnection();
  const declared: Record<string, IndexKey[]> = {};
  for (const model of [...STORE_MODELS.map((m) => m(offline)), reminderModel(offline)]) {
    declared[model.collection.collectionName] = model.schema
      .indexes()
      .map(([fields]) => Object.entries(fields) as IndexKey);
  }
  return declared;
}

/**
 * Whole-collection reads that are meant to be whole, each with why. Nothing here may grow with the
 * number of cases in a user's request; these are operators' exports and directory-wide passes.
 */
const WHOLE_BY_DESIGN: Record<string, string> = {
  // Keyed by the file that sends the read and the collection it reads.
  'src/store/mongo-person.repository.ts people':
    "the directory import's second pass maps every person's e-mail to their id to link line managers; it reads the directory (the organisation's staff), not cases",
};

const recorded = recordings().filter((database) => PRODUCT_TEST_FILES.test(database.testFile));

describe('every query the product sends is served by an index', () => {
  const run = recorded.length > 0 ? test : test.skip;

  run(`the queries of ${recorded.length} test databases`, () => {
    const declared = declaredIndexes();
    const misses = new Map<string, Miss>();
    let checked = 0;
    for (const database of recorded) {
      for (const { name, command, origin } of database.commands) {
        // A test's own look at the database is not the product's query.
        if (!isProductCode(origin)) continue;
        for (const query of queriesOf(name, command)) {
          checked++;
          const verdict = isServed(query, [
            ...(declared[query.collection] ?? []),
            ...(database.indexes[query.collection] ?? []),
          ]);
          if (verdict.served || WHOLE_BY_DESIGN[`${origin.replace(/:\d+$/, '')} ${query.collection}`]) continue;
          const key = JSON.stringify([query.command, query.collection, shapeOf(query.filter), query.sort ?? null]);
          const miss = misses.get(key) ?? {
            query,
            why: verdict.why,
            testFiles: new Set<string>(),
            origins: new Set<string>(),
          };
          miss.testFiles.add(database.testFile);
          miss.origins.add(origin);
          misses.set(key, miss);
        }
      }
    }
    const report = [...misses.values()].map(
      (miss) =>
        `${miss.query.command} ${miss.query.collection} ${JSON.stringify(shapeOf(miss.query.filter))}` +
        `${miss.query.sort ? ` sort ${JSON.stringify(miss.query.sort)}` : ''}: ${miss.why} (sent by ${[...miss.origins].join(', ')}; in ${[...miss.testFiles].slice(0, 2).join(', ')})`,
    );
    expect(checked).toBeGreaterThan(0);
    expect(report).toEqual([]);
  });
});
