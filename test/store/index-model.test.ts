import { isServed, queriesOf, type IndexKey } from '../support/database/index-coverage.js';

// The model of MongoDB's planner that index-coverage.test.ts relies on.
const indexes: IndexKey[] = [
  [
    ['caseId', 1],
    ['seq', 1],
  ],
  [['state', 1]],
  [
    ['customerAccountRef', 1],
    ['updatedAt', -1],
  ],
];
const find = (filter: Record<string, unknown>, sort?: Record<string, number>, limit?: number) =>
  isServed({ command: 'find', collection: 'c', filter, sort, limit }, indexes);

describe('which queries an index serves', () => {
  test('a filter on an index’s first field, or on _id, is served', () => {
    expect(find({ caseId: 'x' })).toEqual({ served: true });
    expect(find({ _id: { $in: ['a', 'b'] } })).toEqual({ served: true });
    expect(find({ state: { $in: ['a'] }, other: 1 })).toEqual({ served: true });
  });

  test('a filter only on an index’s second field is not', () => {
    expect(find({ seq: 3 })).toMatchObject({ served: false, why: expect.stringContaining('seq') });
  });

  test('a sort is served after the equality fields of the index that serves the filter', () => {
    expect(find({ caseId: 'x' }, { seq: 1 })).toEqual({ served: true });
    expect(find({ caseId: 'x' }, { seq: -1 })).toEqual({ served: true });
    expect(find({ customerAccountRef: 'A' }, { updatedAt: -1 })).toEqual({ served: true });
    expect(find({ caseId: 'x' }, { other: 1 })).toMatchObject({ served: false });
    expect(find({ caseId: { $gt: 'x' } }, { seq: 1 })).toMatchObject({ served: false });
  });

  test('a whole-collection read is served only in an index’s order and with a limit', () => {
    expect(find({})).toMatchObject({ served: false });
    expect(find({}, { state: 1 })).toMatchObject({ served: false, why: expect.stringContaining('whole collection') });
    expect(find({}, { state: 1 }, 50)).toEqual({ served: true });
  });

  test('$or needs every branch served, unless a served condition stands beside it', () => {
    expect(find({ $or: [{ caseId: 'x' }, { state: 'y' }] })).toEqual({ served: true });
    expect(find({ $or: [{ caseId: 'x' }, { nowhere: 'y' }] })).toMatchObject({ served: false });
    expect(find({ state: 'y', $or: [{ nowhere: 1 }, { elsewhere: 2 }] })).toEqual({ served: true });
  });

  test('queries are read from each command’s own shape', () => {
    expect(
      queriesOf('update', {
        update: 'cases',
        updates: [
          { q: { _id: 'a' }, u: {} },
          { q: { state: 'x' }, u: {}, multi: true },
        ],
      }),
    ).toEqual([
      { command: 'update', collection: 'cases', filter: { _id: 'a' }, limit: 1 },
      { command: 'update', collection: 'cases', filter: { state: 'x' }, limit: undefined },
    ]);
    expect(
      queriesOf('aggregate', {
        aggregate: 'cases',
        pipeline: [{ $match: { state: 'x' } }, { $sort: { n: 1 } }, { $limit: 5 }],
      }),
    ).toEqual([{ command: 'aggregate', collection: 'cases', filter: { state: 'x' }, sort: { n: 1 }, limit: 5 }]);
    expect(queriesOf('insert', { insert: 'cases', documents: [] })).toEqual([]);
  });
});
