// Range queries on an index's leading field read only the documents in the range: the deadline
// sweep (`nextCheckAt <= now` through a partial index) must not scan every feedback item.
import type { Collection } from 'mongodb';
import { examined as examineQuery, useDriverDb } from './plan-testing';

const getDb = useDriverDb('range');
const examined = <T>(run: () => Promise<T>) => examineQuery(getDb(), run);

const T0 = Date.UTC(2026, 10, 1);
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

describe('range planning', () => {
  let items: Collection;
  beforeAll(async () => {
    items = getDb().collection('items');
    await items.createIndex({ due: 1 }, { partialFilterExpression: { due: { $type: 'date' } } });
    await items.createIndex({ n: 1 });
    await items.insertMany(
      Array.from({ length: 1000 }, (_, i) => ({
        i,
        n: i,
        due: i % 10 === 0 ? at(i) : i % 10 === 1 ? null : at(100_000 + i),
      })),
    );
  });

  it('reads only the due documents through a partial date index', async () => {
    const { result, examined: n } = await examined(() =>
      items
        .find({ due: { $lte: at(500) } })
        .sort({ due: 1 })
        .toArray(),
    );
    expect(result.map((d) => d.i)).toEqual(Array.from({ length: 51 }, (_, k) => k * 10));
    expect(n).toBe(51);
  });

  it.each([
    [{ $gt: 10, $lt: 20 }, 9],
    [{ $gte: 10, $lte: 20 }, 11],
    [{ $gte: 990 }, 10],
    [{ $lt: 0 }, 0],
  ])('answers the number range %j exactly, examining only its documents', async (range, count) => {
    const { result, examined: n } = await examined(() => items.find({ n: range }).toArray());
    expect(result).toHaveLength(count);
    expect(n).toBe(count);
  });

  it('reads due elements of an array of subdocuments through a partial date index on their path', async () => {
    const notes = getDb().collection<{ i: number; owed?: { at: Date | null; what?: object }[] }>('notes');
    await notes.createIndex({ 'owed.at': 1 }, { partialFilterExpression: { 'owed.at': { $type: 'date' } } });
    await notes.insertMany([
      { i: 0, owed: [{ at: at(5), what: { x: 1 } }] },
      { i: 1, owed: [{ at: at(900) }, { at: at(1) }] },
      { i: 2, owed: [] },
      { i: 3, owed: [{ at: null }] },
      { i: 4 },
      { i: 5, owed: [{ at: at(800) }] },
    ]);
    const { result, examined: n } = await examined(() =>
      notes
        .find({ 'owed.at': { $lte: at(10) } })
        .sort({ 'owed.at': 1 })
        .toArray(),
    );
    expect(result.map((d) => d.i)).toEqual([1, 0]);
    expect(n).toBe(2);
    await notes.updateOne({ i: 1 }, { $pull: { owed: { at: at(1) } } });
    expect((await notes.find({ 'owed.at': { $lte: at(10) } }).toArray()).map((d) => d.i)).toEqual([0]);
  });

  it('sees documents written after the first range query', async () => {
    await items.find({ n: { $gte: 0 } }).toArray();
    await items.insertOne({ i: 5000, n: 5000, due: at(-5) });
    await items.deleteOne({ n: 0 });
    const due = await items.find({ due: { $lt: at(0) } }).toArray();
    expect(due.map((d) => d.i)).toEqual([5000]);
    expect(await items.countDocuments({ n: { $gte: 4000 } })).toBe(1);
    expect(await items.countDocuments({ n: { $lte: 0 } })).toBe(0);
  });

  it('still scans when the index cannot hold every match (mixed bound types, other operators)', async () => {
    const { examined: n } = await examined(() => items.find({ n: { $ne: 3 } }).toArray());
    expect(n).toBe(1000); // every document
    const mixed = await items.countDocuments({ due: { $gte: 0, $lte: at(0) } });
    expect(mixed).toBe(0);
  });
});
