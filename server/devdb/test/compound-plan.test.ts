// Compound and partial indexes serve the app's per-item queries: an equality on the first field plus
// an equality, `$in` or range on the second (the inbox, the display-window expiry), and a partial
// index whose filter the query repeats (the WeChat outbox). Each answer equals a full scan's.
import { ObjectId, type Collection, type Document } from 'mongodb';
import { examined as examineQuery, useDriverDb } from './plan-testing';

const getDb = useDriverDb('compound');
const examined = <T>(run: () => Promise<T>) => examineQuery(getDb(), run);

const STATES = ['draft', 'open', 'closed', 'escalated'];
const T0 = Date.UTC(2026, 10, 1);
const day = (i: number) => new Date(T0 + i * 86_400_000).toISOString().slice(0, 10);

function rows(): Document[] {
  return Array.from({ length: 2000 }, (_, i) => ({
    i,
    org: `org-${i % 10}`,
    path: ['county', `org-${i % 10}`],
    state: STATES[i % 4],
    until: i % 50 === 0 ? null : i % 7 === 0 ? [day(i % 40), day(100)] : day(i % 100),
    status: i % 3 === 0 ? 'pending' : 'sent',
    nextAt: i % 3 === 0 ? new Date(T0 + (i % 300) * 60_000) : null,
    kind: i % 11 === 0 ? 'objection' : 'opinion',
    who: `r-${i % 13}`,
    // Only some documents carry a key, like the feedback items filed with an Idempotency-Key.
    ...(i % 4 === 0 && { key: `k-${i % 40}` }),
  }));
}

describe('compound and partial index planning', () => {
  let indexed: Collection;
  let plain: Collection;
  beforeAll(async () => {
    indexed = getDb().collection('indexed');
    plain = getDb().collection('plain');
    await indexed.createIndex({ path: 1, state: 1, i: 1 });
    await indexed.createIndex({ state: 1, until: 1 });
    await indexed.createIndex({ nextAt: 1 }, { partialFilterExpression: { status: 'pending' } });
    await indexed.createIndex({ status: 1, i: -1 });
    await indexed.createIndex(
      { org: 1, who: 1 },
      { unique: false, partialFilterExpression: { kind: 'objection' } },
    );
    await indexed.createIndex(
      { who: 1, key: 1 },
      { unique: false, partialFilterExpression: { key: { $type: 'string' } } },
    );
    await indexed.insertMany(rows());
    await plain.insertMany(rows());
  });

  const cases: [string, Document, Document][] = [
    [
      'an array field equality and a $in on the second field (the inbox)',
      { path: 'org-3', state: { $in: ['draft', 'open'] } },
      { i: 1 },
    ],
    ['equality on both leading fields of a three-field index', { path: 'org-2', state: 'draft' }, { i: 1 }],
    [
      'equality plus a string range on the second field (display windows)',
      { state: 'open', until: { $lt: day(10) } },
      { i: 1 },
    ],
    [
      'a two-sided string range (arrays: one element per bound)',
      { state: 'closed', until: { $gt: day(30), $lt: day(45) } },
      { i: 1 },
    ],
    [
      'a range whose partial index the query implies (the outbox)',
      { status: 'pending', nextAt: { $lte: new Date(T0 + 30 * 60_000) } },
      { nextAt: 1, i: 1 },
    ],
    [
      'an equality through a partial index the query implies',
      { org: 'org-0', kind: 'objection', who: 'r-4' },
      { i: 1 },
    ],
    [
      'an equality that implies the partial index’s $type (an idempotency key)',
      { who: 'r-4', key: 'k-4' },
      { i: 1 },
    ],
  ];

  it.each(cases)(
    'reads only the matching documents for %s, with a full scan’s answer',
    async (_name, filter, sort) => {
      const { result, examined: n } = await examined(() => indexed.find(filter).sort(sort).toArray());
      const full = await plain.find(filter).sort(sort).toArray();
      expect(result.map((d) => d.i)).toEqual(full.map((d) => d.i));
      expect(result.length).toBeGreaterThan(0);
      // Examined exactly the matches: no other document of the 2,000 was read.
      expect(n).toBe(result.length);
    },
  );

  it('keeps the pair lookup right after updates and deletes', async () => {
    await indexed.updateMany({ org: 'org-1', state: 'open' }, { $set: { state: 'closed' } });
    await plain.updateMany({ org: 'org-1', state: 'open' }, { $set: { state: 'closed' } });
    await indexed.deleteMany({ org: 'org-5', state: 'closed' });
    await plain.deleteMany({ org: 'org-5', state: 'closed' });
    for (const filter of [
      { path: 'org-1', state: { $in: ['open', 'closed'] } },
      { path: 'org-5', state: 'closed' },
      { state: 'closed', until: { $lte: day(20) } },
    ]) {
      const got = await indexed.find(filter).sort({ i: 1 }).toArray();
      const want = await plain.find(filter).sort({ i: 1 }).toArray();
      expect(got.map((d) => d.i)).toEqual(want.map((d) => d.i));
    }
  });

  it.each<[string, Document]>([
    ['a range without the filter’s equality', { nextAt: { $lte: new Date(T0 + 30 * 60_000) } }],
    ['an equality to null, which documents without a key match', { who: 'r-4', key: null }],
  ])('does not use a partial index the query does not imply: %s', async (_, filter) => {
    const got = await indexed.find(filter).sort({ i: 1 }).toArray();
    const want = await plain.find(filter).sort({ i: 1 }).toArray();
    expect(got.map((d) => d.i)).toEqual(want.map((d) => d.i));
    expect(want.length).toBeGreaterThan(0);
  });
});

describe('sorts an { a, b } index serves', () => {
  let indexed: Collection;
  let plain: Collection;
  const entries = (): Document[] =>
    Array.from({ length: 3000 }, (_, i) => ({
      i,
      org: i % 7 === 0 ? null : `org-${i % 3}`,
      seq: i % 5 === 0 ? [i, 10_000 - i] : i,
    }));
  beforeAll(async () => {
    indexed = getDb().collection('chain');
    plain = getDb().collection('chain-plain');
    await indexed.createIndex({ org: 1, seq: 1 });
    await indexed.insertMany(entries());
    await plain.insertMany(entries());
  });

  const cases: [Document, Document, number, number][] = [
    [{ org: 'org-1' }, { seq: -1 }, 0, 1],
    [{ org: 'org-2' }, { seq: 1 }, 0, 1],
    [{ org: 'org-0' }, { seq: -1 }, 5, 20],
    [{ org: null }, { seq: -1 }, 0, 3],
    [{ org: 'nobody' }, { seq: 1 }, 0, 1],
  ];

  it.each(cases)(
    'reads only the first documents of %j sorted by %j (skip %d, limit %d), as a full scan orders them',
    async (filter, sort, skip, limit) => {
      const { result, examined: n } = await examined(() =>
        indexed.find(filter).sort(sort).skip(skip).limit(limit).toArray(),
      );
      const full = await plain.find(filter).sort(sort).skip(skip).limit(limit).toArray();
      expect(result.map((d) => d.i)).toEqual(full.map((d) => d.i));
      expect(n).toBeLessThanOrEqual(skip + limit);
    },
  );

  it('finds the new tail after appends and deletes (the audit chain)', async () => {
    await indexed.insertOne({ i: -1, org: 'org-1', seq: 50_000 });
    expect((await indexed.findOne({ org: 'org-1' }, { sort: { seq: -1 } }))?.i).toBe(-1);
    await indexed.deleteOne({ i: -1 });
    const want = await plain.findOne({ org: 'org-1' }, { sort: { seq: -1 } });
    expect((await indexed.findOne({ org: 'org-1' }, { sort: { seq: -1 } }))?.i).toBe(want?.i);
  });
});

describe('sorts on the fields after an equality / $in prefix (the inbox page and its total)', () => {
  let indexed: Collection;
  let plain: Collection;
  const items = (from: number, n: number): Document[] =>
    Array.from({ length: n }, (_, k) => {
      const i = from + k;
      return {
        i,
        path: ['county', `org-${i % 10}`],
        state: STATES[i % 4],
        due: i % 9 === 0 ? null : new Date(T0 + ((i * 7919) % 500) * 3_600_000),
        kind: i % 11 === 0 ? 'objection' : 'opinion',
        org: `org-${i % 3}`,
        at: i % 5 === 0 ? [i, 10_000 - i] : i,
      };
    });
  beforeAll(async () => {
    indexed = getDb().collection('inbox');
    plain = getDb().collection('inbox-plain');
    await indexed.createIndex({ path: 1, state: 1, due: 1, i: 1 });
    await indexed.createIndex({ org: 1, at: -1 });
    await indexed.insertMany(items(0, 3000));
    await plain.insertMany(items(0, 3000));
  });

  const open = { $in: ['draft', 'open', 'escalated'] };
  // filter, sort, skip, limit, whether the index alone decides the filter (then only skip + limit are read)
  const cases: [Document, Document, number, number, boolean][] = [
    [{ path: 'org-3', state: open }, { due: 1, i: 1 }, 0, 20, true],
    [{ path: 'org-3', state: open }, { due: -1, i: -1 }, 5, 10, true],
    [{ path: 'org-3', state: open }, { due: 1 }, 0, 7, true],
    [{ path: 'county', state: { $in: STATES } }, { due: 1, i: 1 }, 0, 20, true],
    [{ path: { $in: ['org-1', 'org-2'] }, state: 'open' }, { due: 1, i: 1 }, 10, 25, true],
    [{ path: 'org-4', state: open, kind: 'objection' }, { due: 1, i: 1 }, 0, 5, false],
    [
      { path: 'org-4', state: 'open', due: { $lt: new Date(T0 + 200 * 3_600_000) } },
      { due: 1, i: 1 },
      0,
      10,
      false,
    ],
    [{ path: 'org-3', state: open }, { due: 1, i: -1 }, 0, 20, false],
    [{ path: 'nobody', state: 'open' }, { due: 1, i: 1 }, 0, 20, true],
    [{ org: 'org-2' }, { at: -1 }, 0, 4, true],
    [{ org: 'org-2' }, { at: 1 }, 3, 4, true],
  ];

  it.each(cases)(
    '%j sorted by %j (skip %d, limit %d) answers as a full scan does',
    async (filter, sort, skip, limit, exact) => {
      const { result, examined: n } = await examined(() =>
        indexed.find(filter).sort(sort).skip(skip).limit(limit).toArray(),
      );
      const full = await plain.find(filter).sort(sort).skip(skip).limit(limit).toArray();
      expect(result.map((d) => d.i)).toEqual(full.map((d) => d.i));
      if (exact) expect(n).toBeLessThanOrEqual(skip + limit);
      else expect(n).toBeLessThanOrEqual(await plain.countDocuments({ path: filter.path }));
    },
  );

  it.each([
    [{ path: 'org-3', state: open }, 0],
    [{ path: { $in: ['org-1', 'county'] }, state: 'closed' }, 0],
    [{ path: 'org-3', state: open, kind: 'objection' }, undefined],
  ])('counts %j from the index when it decides the filter (examined: %p)', async (filter, reads) => {
    const { result, examined: n } = await examined(() => indexed.countDocuments(filter));
    expect(result).toBe(await plain.countDocuments(filter));
    if (reads !== undefined) expect(n).toBe(reads);
    else expect(n).toBeGreaterThan(0);
  });

  it('counts by _id only the documents that exist, each once', async () => {
    const [first] = await indexed.find({}).limit(1).toArray();
    const missing = new ObjectId();
    for (const [filter, n] of [
      [{ _id: missing }, 0],
      [{ _id: first!._id }, 1],
      [{ _id: { $in: [first!._id, first!._id, missing] } }, 1],
    ] as const) {
      expect(await indexed.countDocuments(filter)).toBe(n);
      expect(await indexed.find(filter).toArray()).toHaveLength(n);
    }
  });

  it('keeps index order after inserts, updates and deletes', async () => {
    for (const c of [indexed, plain]) {
      await c.insertMany(items(5000, 300));
      await c.updateMany({ path: 'org-3', state: 'draft' }, { $set: { state: 'open', due: new Date(T0) } });
      await c.updateMany({ i: { $mod: [7, 0] } }, { $set: { state: 'closed' } });
      await c.deleteMany({ path: 'org-1', state: 'open' });
    }
    for (const filter of [
      { path: 'org-3', state: open },
      { path: 'org-1', state: { $in: STATES } },
    ]) {
      for (const sort of [{ due: 1, i: 1 } as const, { due: -1, i: -1 } as const]) {
        const got = await indexed.find(filter).sort(sort).limit(30).toArray();
        const want = await plain.find(filter).sort(sort).limit(30).toArray();
        expect(got.map((d) => d.i)).toEqual(want.map((d) => d.i));
        expect(await indexed.countDocuments(filter)).toBe(await plain.countDocuments(filter));
      }
    }
  });
});
