// Conformance through the official driver only: every command and error devdb promises.
import {
  Binary,
  Decimal128,
  BSON,
  Double,
  Int32,
  Long,
  MongoClient,
  MongoServerError,
  ObjectId,
  type Collection,
  type Db,
  type Document,
  type UpdateFilter,
} from 'mongodb';
import { startDevDb, type DevDb } from '@sanwu/devdb';

let server: DevDb;
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  server = await startDevDb({ port: 0, quiet: true, ttlIntervalMs: 200 });
  client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 2000 });
  await client.connect();
  db = client.db('conf');
});

afterAll(async () => {
  await client.close();
  await server.stop();
});

// The conformance collections use numeric and string _ids as often as ObjectIds (Mongo allows any).
type Doc = Document & { _id?: number | string | ObjectId };
type Coll = Collection<Doc>;
const coll = (name: string): Coll => db.collection<Doc>(name);

const canonical = (v: unknown): Document => BSON.EJSON.serialize(v, { relaxed: false });

async function serverError(p: Promise<unknown>): Promise<MongoServerError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof MongoServerError) return err;
    throw err;
  }
  throw new Error('expected a MongoServerError');
}

describe('handshake and admin commands', () => {
  it.each([
    ['ping', { ping: 1 }, { ok: 1 }],
    [
      'hello',
      { hello: 1 },
      { isWritablePrimary: true, maxWireVersion: 21, logicalSessionTimeoutMinutes: 30 },
    ],
    ['isMaster', { isMaster: 1 }, { ismaster: true }],
    ['buildInfo', { buildInfo: 1 }, { version: '7.0.0' }],
    ['connectionStatus', { connectionStatus: 1 }, { ok: 1 }],
    ['serverStatus', { serverStatus: 1 }, { process: 'devdb' }],
    ['endSessions', { endSessions: [] }, { ok: 1 }],
  ])('%s', async (_name, cmd, expected) => {
    expect(await client.db('admin').command(cmd)).toMatchObject(expected);
  });

  it('counts every request it receives in serverStatus network.numRequests', async () => {
    const admin = client.db('admin');
    const requests = async () => Number((await admin.command({ serverStatus: 1 })).network.numRequests);
    const before = await requests();
    await Promise.all([
      db.command({ ping: 1 }),
      db.command({ ping: 1 }),
      db.collection('n').insertOne({ a: 1 }),
    ]);
    // The three, and the serverStatus asked before them (a monitor's heartbeat may add one more).
    expect((await requests()) - before).toBeGreaterThanOrEqual(4);
    expect((await requests()) - before).toBeLessThanOrEqual(7);
  });

  it('answers unknown commands with CommandNotFound', async () => {
    const err = await serverError(db.command({ nosuch: 1 }));
    expect(err).toMatchObject({
      code: 59,
      codeName: 'CommandNotFound',
      message: "no such command: 'nosuch'",
    });
  });

  it.each([['getParameter'], ['getCmdLineOpts']])('%s is CommandNotFound', async (name) => {
    expect((await serverError(client.db('admin').command({ [name]: 1 }))).code).toBe(59);
  });

  it('lists and drops databases', async () => {
    await client.db('tmpdb').collection('x').insertOne({ a: 1 });
    const { databases } = await client.db('admin').admin().listDatabases();
    expect(databases.map((d) => d.name)).toContain('tmpdb');
    expect(await client.db('tmpdb').dropDatabase()).toBe(true);
    const after = await client.db('admin').admin().listDatabases();
    expect(after.databases.map((d) => d.name)).not.toContain('tmpdb');
  });
});

describe('collections', () => {
  it('creates, lists and drops; create twice is NamespaceExists, drop missing is NamespaceNotFound', async () => {
    await db.createCollection('ddl');
    const err = await serverError(db.command({ create: 'ddl' }));
    expect(err).toMatchObject({ code: 48, codeName: 'NamespaceExists' });
    const names = (await db.listCollections().toArray()).map((c) => c.name);
    expect(names).toContain('ddl');
    expect(await db.listCollections({ name: 'ddl' }, { nameOnly: true }).toArray()).toEqual([
      { name: 'ddl', type: 'collection' },
    ]);
    expect(await coll('ddl').drop()).toBe(true);
    expect((await serverError(db.command({ drop: 'ddl' }))).code).toBe(26);
    expect((await serverError(db.command({ listIndexes: 'missing' }))).code).toBe(26);
  });
});

describe('BSON round-trips', () => {
  it('keeps every type, including number types', async () => {
    const col = coll('bson');
    const doc = {
      _id: new ObjectId(),
      date: new Date('2024-01-02T03:04:05.678Z'),
      long: Long.fromString('9007199254740993'),
      smallLong: Long.fromNumber(7),
      int: new Int32(42),
      double: new Double(1),
      frac: new Double(2.5),
      dec: Decimal128.fromString('12.345'),
      bin: new Binary(Buffer.from([1, 2, 3])),
      nil: null,
      nested: { arr: [new Int32(1), new Double(2), { deep: Long.fromNumber(3) }], s: '村务公开' },
    };
    await col.insertOne(doc);
    const back = await col.findOne({ _id: doc._id }, { promoteValues: false, promoteLongs: false });
    // Canonical EJSON spells out each BSON type ($numberInt vs $numberDouble vs $numberLong).
    expect(canonical(back)).toEqual(canonical(doc));
  });

  it('computes with typed numbers and keeps their types', async () => {
    const col = coll('typed');
    await col.insertOne({ _id: 1, i: new Int32(1), d: new Double(1), l: Long.fromNumber(1) });
    await col.updateOne({ _id: 1 }, { $inc: { i: 1, d: 1, l: 1 } });
    const back = await col.findOne({ _id: 1 }, { promoteValues: false, promoteLongs: false });
    expect(canonical(back)).toEqual(
      canonical({ _id: new Int32(1), i: new Int32(2), d: new Double(2), l: Long.fromNumber(2) }),
    );
    expect(await col.countDocuments({ d: { $gt: new Double(1.5) } })).toBe(1);
    await col.updateOne({ _id: 1 }, { $set: { f: 2.5, big: new Int32(2147483647) } });
    await col.updateOne({ _id: 1 }, { $inc: { f: 0.5, big: 1 }, $mul: { i: new Double(1) } });
    const widened = await col.findOne({ _id: 1 }, { promoteValues: false, promoteLongs: false });
    expect(canonical(widened)).toMatchObject(
      canonical({ f: new Double(3), big: Long.fromNumber(2147483648), i: new Double(2) }),
    );
    await col.insertMany([
      { _id: 2, v: new Double(2.5) },
      { _id: 3, v: new Int32(1) },
      { _id: 4, v: Long.fromNumber(3) },
    ]);
    const sorted = await col
      .find({ v: { $exists: true } })
      .sort({ v: 1 })
      .toArray();
    expect(sorted.map((d) => d._id)).toEqual([3, 2, 4]);
  });

  it.each([
    ['query', (c: Coll) => c.findOne({ price: { $gt: 1 } })],
    ['sort', (c: Coll) => c.find({}).sort({ price: 1 }).toArray()],
    ['$inc', (c: Coll) => c.updateOne({}, { $inc: { price: 1 } })],
    ['decimal operand', (c: Coll) => c.findOne({ other: Decimal128.fromString('1') })],
    ['aggregate', (c: Coll) => c.aggregate([{ $group: { _id: null, s: { $sum: '$price' } } }]).toArray()],
  ])('refuses Decimal128 comparisons: %s', async (_name, op) => {
    const c = coll('decimals');
    await c.insertOne({ price: Decimal128.fromString('9.99') });
    const err = await serverError(op(c));
    expect(err.code).toBe(2);
    expect(err.message).toContain('Decimal128');
  });

  it('refuses comparisons on Longs beyond 2^53 but stores them exactly', async () => {
    const c = coll('bigLongs');
    const big = Long.fromString('9007199254740993');
    await c.insertOne({ _id: 1, big });
    expect((await serverError(c.findOne({ big: { $gt: 1 } }))).code).toBe(2);
    expect((await serverError(c.findOne({ x: big }))).code).toBe(2);
    expect((await c.findOne({ _id: 1 }, { promoteLongs: false }))?.big).toEqual(big);
  });
});

describe('find and cursors', () => {
  const col = (): Coll => coll('many');
  beforeAll(async () => {
    await col().insertMany(
      Array.from({ length: 250 }, (_, i) => ({ n: i, even: i % 2 === 0, tag: `t${i % 5}` })),
    );
  });

  it.each([[undefined], [7], [101], [300]])(
    'reads 250 docs across batches (batchSize %p)',
    async (batchSize) => {
      const docs = await col()
        .find({}, batchSize ? { batchSize } : {})
        .toArray();
      expect(docs.map((d) => d.n)).toEqual(Array.from({ length: 250 }, (_, i) => i));
    },
  );

  it('filters, sorts, skips, limits and projects', async () => {
    const docs = await col()
      .find({ even: true, n: { $gte: 10 } }, { projection: { n: 1, _id: 0 } })
      .sort({ n: -1 })
      .skip(2)
      .limit(3)
      .toArray();
    expect(docs).toEqual([{ n: 244 }, { n: 242 }, { n: 240 }]);
    const excl = await col().findOne({ n: 3 }, { projection: { even: 0, tag: 0 } });
    expect(Object.keys(excl ?? {})).toEqual(['_id', 'n']);
  });

  it.each([
    [
      'fields in the document order, _id first',
      { b: 1, z: 1, a: true },
      { _id: 7, z: [{ k: 1 }], a: 'x', b: { c: 2 } },
    ],
    ['_id: 0 leaves it out', { a: 1, _id: 0 }, { a: 'x' }],
    ['_id: 1 with the fields', { _id: 1, b: 1 }, { _id: 7, b: { c: 2 } }],
    ['a field the document lacks is left out', { a: 1, missing: 1 }, { _id: 7, a: 'x' }],
    ['a dotted path', { 'b.c': 1 }, { _id: 7, b: { c: 2 } }],
    ['a dotted path into an array', { 'z.k': 1, a: 1 }, { _id: 7, z: [{ k: 1 }], a: 'x' }],
    ['an exclusion (mingo)', { z: 0, b: 0 }, { _id: 7, a: 'x', n: 1 }],
  ])('projects %s', async (_name, projection, expected) => {
    const c = coll('projection');
    await c.deleteMany({});
    await c.insertOne({ _id: 7, z: [{ k: 1 }], a: 'x', b: { c: 2 }, n: 1 } as never);
    const got = await c.findOne({ _id: 7 } as never, { projection });
    expect(got).toEqual(expected);
    expect(Object.keys(got ?? {})).toEqual(Object.keys(expected));
  });

  it.each([
    [1, [3, 4, 1, 0, 2]],
    [-1, [2, 1, 0, 3, 4]],
  ] as const)('sorts arrays by their min (asc) / max (desc) element, direction %p', async (dir, order) => {
    const c = coll('sortArrays');
    await c.deleteMany({});
    await c.insertMany([
      { _id: 0, a: 2 },
      { _id: 1, a: [3, 1] },
      { _id: 2, a: [5] },
      { _id: 3 },
      { _id: 4, a: null },
    ]);
    expect((await c.find({}).sort({ a: dir, _id: 1 }).toArray()).map((d) => d._id)).toEqual(order);
  });

  it('sorts mixed types in BSON order', async () => {
    const c = coll('sortTypes');
    const oid = new ObjectId();
    await c.insertMany([
      { v: true },
      { v: oid },
      { v: 's' },
      { v: 1 },
      { v: new Date(0) },
      { v: null },
      { v: { x: 1 } },
    ]);
    const got = (
      await c
        .find({}, { projection: { _id: 0 } })
        .sort({ v: 1 })
        .toArray()
    ).map((d) => d.v);
    expect(got).toEqual([null, 1, 's', { x: 1 }, oid, true, new Date(0)]);
  });

  it('supports positional and $slice projections', async () => {
    const c = coll('projPos');
    await c.insertOne({ _id: 1, items: [{ k: 'a' }, { k: 'b' }, { k: 'c' }] });
    expect(await c.findOne({ 'items.k': 'b' }, { projection: { 'items.$': 1 } })).toEqual({
      _id: 1,
      items: [{ k: 'b' }],
    });
    expect(await c.findOne({}, { projection: { items: { $slice: -1 } } })).toEqual({
      _id: 1,
      items: [{ k: 'c' }],
    });
  });

  it('keeps number types through projections', async () => {
    const c = coll('projTypes');
    await c.insertOne({ _id: 1, d: new Double(4), i: new Int32(4), skip: 1 });
    const got = await c.findOne({ _id: 1 }, { projection: { d: 1, i: 1 }, promoteValues: false });
    expect(canonical(got)).toEqual(canonical({ _id: new Int32(1), d: new Double(4), i: new Int32(4) }));
    // A path into an array whose first element the projection leaves out.
    await c.insertOne({ _id: 2, list: ['x', { d: new Double(5), i: new Int32(5) }] });
    const nested = await c.findOne(
      { _id: 2 },
      { projection: { 'list.d': 1, 'list.i': 1 }, promoteValues: false },
    );
    expect(canonical(nested)).toEqual(
      canonical({ _id: new Int32(2), list: [{ d: new Double(5), i: new Int32(5) }] }),
    );
  });

  it('kills cursors', async () => {
    const res = await db.command({ find: 'many', batchSize: 5 });
    const id = Long.fromNumber(Number(res.cursor.id));
    expect(id.isZero()).toBe(false);
    const killed = await db.command({ killCursors: 'many', cursors: [id] });
    expect(killed.cursorsKilled.map(Number)).toEqual([id.toNumber()]);
    expect((await serverError(db.command({ getMore: id, collection: 'many' }))).code).toBe(43);
    const cursor = col().find({}, { batchSize: 5 });
    await cursor.next();
    await cursor.close(); // the driver sends killCursors; must not error
  });

  it('reports unknown cursors as CursorNotFound', async () => {
    const err = await serverError(db.command({ getMore: Long.fromNumber(12345), collection: 'many' }));
    expect(err.code).toBe(43);
  });

  it('counts and distincts', async () => {
    expect(await col().countDocuments({ even: true })).toBe(125);
    expect(await col().countDocuments({ n: { $type: 'number' }, tag: { $type: 'string' } })).toBe(250);
    expect(await col().estimatedDocumentCount()).toBe(250);
    expect(await db.command({ count: 'many', query: { n: { $lt: 10 } } })).toMatchObject({ n: 10 });
    expect((await col().distinct('tag')).sort()).toEqual(['t0', 't1', 't2', 't3', 't4']);
  });
});

// The document every update test starts from (with the fields the operator table adds).
interface UpdDoc {
  _id: number;
  n: number;
  arr: number[];
  items: { k: string; v: number }[];
  name?: string;
  title?: string;
  sub?: { x: number };
}

describe('updates', () => {
  const col = (): Coll => coll('upd');
  beforeEach(async () => {
    await col().deleteMany({});
    await col().insertOne({
      _id: 1,
      n: 5,
      arr: [1, 2, 3],
      items: [
        { k: 'a', v: 1 },
        { k: 'b', v: 2 },
      ],
      name: 'x',
    });
  });

  it.each<[string, UpdateFilter<UpdDoc>, Partial<UpdDoc>]>([
    ['$set', { $set: { name: 'y', 'sub.x': 1 } }, { name: 'y', sub: { x: 1 } }],
    ['$unset', { $unset: { name: '' } }, { name: undefined }],
    ['$inc', { $inc: { n: 2 } }, { n: 7 }],
    ['$mul', { $mul: { n: 3 } }, { n: 15 }],
    ['$min', { $min: { n: 1 } }, { n: 1 }],
    ['$max', { $max: { n: 9 } }, { n: 9 }],
    ['$push $each', { $push: { arr: { $each: [4, 5] } } }, { arr: [1, 2, 3, 4, 5] }],
    ['$addToSet', { $addToSet: { arr: 3 } }, { arr: [1, 2, 3] }],
    ['$pull', { $pull: { arr: { $gte: 2 } } }, { arr: [1] }],
    ['$pullAll', { $pullAll: { arr: [1, 3] } }, { arr: [2] }],
    ['$pop', { $pop: { arr: -1 } }, { arr: [2, 3] }],
    ['$rename', { $rename: { name: 'title' } }, { name: undefined, title: 'x' }],
    [
      'positional $',
      { $set: { 'items.$.v': 9 } },
      {
        items: [
          { k: 'a', v: 1 },
          { k: 'b', v: 9 },
        ],
      },
    ],
  ])('%s', async (_name, update, expected) => {
    const filter = _name === 'positional $' ? { _id: 1, 'items.k': 'b' } : { _id: 1 };
    const res = await db.collection<UpdDoc>('upd').updateOne(filter, update);
    expect(res.matchedCount).toBe(1);
    const doc = await col().findOne({ _id: 1 });
    for (const [k, v] of Object.entries(expected)) expect(doc?.[k]).toEqual(v);
  });

  it('$currentDate and arrayFilters', async () => {
    await col().updateOne(
      { _id: 1 },
      { $currentDate: { at: true }, $inc: { 'items.$[e].v': 10 } },
      { arrayFilters: [{ 'e.v': { $gt: 1 } }] },
    );
    const doc = await col().findOne({ _id: 1 });
    expect(doc?.at).toBeInstanceOf(Date);
    expect(doc?.items).toEqual([
      { k: 'a', v: 1 },
      { k: 'b', v: 12 },
    ]);
  });

  it('pipeline updates', async () => {
    await col().updateOne({ _id: 1 }, [{ $set: { double: { $multiply: ['$n', 2] } } }]);
    expect((await col().findOne({ _id: 1 }))?.double).toBe(10);
  });

  it('$bit', async () => {
    await col().updateOne({ _id: 1 }, { $bit: { n: { and: 4 } } });
    expect((await col().findOne({ _id: 1 }))?.n).toBe(4);
  });

  it('pipeline $replaceWith', async () => {
    await col().updateOne({ _id: 1 }, [{ $replaceWith: { _id: '$_id', only: '$name' } }]);
    expect(await col().findOne({ _id: 1 })).toEqual({ _id: 1, only: 'x' });
  });

  it('upsert with a replacement takes _id from the filter', async () => {
    const res = await col().replaceOne({ _id: 42 }, { r: 1 }, { upsert: true });
    expect(res.upsertedId).toBe(42);
    expect(await col().findOne({ _id: 42 })).toEqual({ _id: 42, r: 1 });
  });

  it('refuses the positional operator in an upsert that inserts', async () => {
    const err = await serverError(
      col().updateOne({ nothing: 1 }, { $set: { 'items.$.v': 1 } }, { upsert: true }),
    );
    expect(err.code).toBe(2);
  });

  it('does not create a collection for an update that matches nothing', async () => {
    await coll('ghost').updateOne({ a: 1 }, { $set: { b: 1 } });
    await coll('ghost').findOneAndUpdate({ a: 1 }, { $set: { b: 1 } });
    expect((await db.listCollections({ name: 'ghost' }).toArray()).length).toBe(0);
  });

  it('multi and nModified', async () => {
    await col().insertMany([{ g: 1 }, { g: 1 }, { g: 2 }]);
    const res = await col().updateMany({ g: 1 }, { $set: { seen: true } });
    expect(res).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
    const again = await col().updateMany({ g: 1 }, { $set: { seen: true } });
    expect(again).toMatchObject({ matchedCount: 2, modifiedCount: 0 });
  });

  it('upsert seeds from the filter, applies $setOnInsert and reports upserted', async () => {
    const res = await col().updateOne(
      { key: 'k1', 'meta.v': { $eq: 3 }, n: { $gt: 1 } },
      { $inc: { hits: 1 }, $setOnInsert: { created: 'now' } },
      { upsert: true },
    );
    expect(res.upsertedCount).toBe(1);
    const doc = await col().findOne({ _id: res.upsertedId ?? undefined });
    expect(doc).toMatchObject({ key: 'k1', meta: { v: 3 }, hits: 1, created: 'now' });
    expect(doc).not.toHaveProperty('n');
    await col().updateOne(
      { key: 'k1' },
      { $inc: { hits: 1 }, $setOnInsert: { created: 'later' } },
      { upsert: true },
    );
    expect(await col().findOne({ key: 'k1' })).toMatchObject({ hits: 2, created: 'now' });
  });

  it('replaceOne and immutable _id', async () => {
    await col().replaceOne({ _id: 1 }, { whole: 'new' });
    expect(await col().findOne({ _id: 1 })).toEqual({ _id: 1, whole: 'new' });
    const err = await serverError(col().updateOne({ _id: 1 }, { $set: { _id: 2 } }));
    expect(err.code).toBe(66);
  });

  it.each([
    ['$inc on a string', { $inc: { name: 1 } }, 14],
    ['$inc by a string', { $inc: { n: 'x' } }, 14],
    ['$mul on a string', { $mul: { name: 2 } }, 14],
    ['$push on a scalar', { $push: { n: 1 } }, 2],
    ['$addToSet on a scalar', { $addToSet: { name: 1 } }, 2],
    ['$pull on a scalar', { $pull: { n: 1 } }, 2],
    ['path through a scalar', { $set: { 'n.x': 1 } }, 28],
    ['conflicting operators', { $set: { n: 1 }, $inc: { n: 1 } }, 40],
  ])('rejects %s like MongoDB', async (_name, update, code) => {
    const err = await serverError(col().updateOne({ _id: 1 }, update as never));
    expect(err.code).toBe(code);
    expect(await col().findOne({ _id: 1 })).toMatchObject({ n: 5, name: 'x' });
  });

  it('rejects unknown update operators', async () => {
    const err = await serverError(col().updateOne({ _id: 1 }, { $bogus: { a: 1 } }));
    expect(err.code).toBe(9);
  });

  it('findOneAndUpdate / findOneAndDelete / findOneAndReplace', async () => {
    await col().insertMany([
      { q: 1, r: 'b' },
      { q: 1, r: 'a' },
    ]);
    const before = await col().findOneAndUpdate(
      { q: 1 },
      { $set: { hit: true } },
      { sort: { r: 1 }, returnDocument: 'before' },
    );
    expect(before).toMatchObject({ r: 'a' });
    expect(before).not.toHaveProperty('hit');
    const after = await col().findOneAndUpdate(
      { q: 1, r: 'b' },
      { $set: { hit: true } },
      { returnDocument: 'after', projection: { r: 1, hit: 1, _id: 0 } },
    );
    expect(after).toEqual({ r: 'b', hit: true });
    const up = await col().findOneAndUpdate(
      { q: 2 },
      { $set: { made: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    expect(up).toMatchObject({ q: 2, made: 1 });
    expect(await col().findOneAndReplace({ q: 2 }, { q: 3 }, { returnDocument: 'after' })).toMatchObject({
      q: 3,
    });
    expect(await col().findOneAndDelete({ q: 3 })).toMatchObject({ q: 3 });
    expect(await col().findOneAndDelete({ q: 3 })).toBeNull();
  });

  it('deletes one and many', async () => {
    await col().insertMany([{ d: 1 }, { d: 1 }, { d: 1 }]);
    expect((await col().deleteOne({ d: 1 })).deletedCount).toBe(1);
    expect((await col().deleteMany({ d: 1 })).deletedCount).toBe(2);
  });
});

describe('aggregate', () => {
  beforeAll(async () => {
    await coll('orders').insertMany([
      { _id: 1, cust: 'a', total: 10, items: ['x', 'y'] },
      { _id: 2, cust: 'b', total: 5, items: ['x'] },
      { _id: 3, cust: 'a', total: 7, items: [] },
    ]);
    await coll('customers').insertMany([
      { _id: 'a', name: 'Ann' },
      { _id: 'b', name: 'Bob' },
    ]);
  });

  it.each([
    [
      '$match $group $sort',
      [
        { $match: { total: { $gt: 1 } } },
        { $group: { _id: '$cust', sum: { $sum: '$total' } } },
        { $sort: { _id: 1 } },
      ],
      [
        { _id: 'a', sum: 17 },
        { _id: 'b', sum: 5 },
      ],
    ],
    [
      '$project $addFields',
      [
        { $match: { _id: 2 } },
        { $project: { total: 1 } },
        { $addFields: { twice: { $multiply: ['$total', 2] } } },
      ],
      [{ _id: 2, total: 5, twice: 10 }],
    ],
    ['$unwind $count', [{ $unwind: '$items' }, { $count: 'n' }], [{ n: 3 }]],
    [
      '$skip $limit',
      [{ $sort: { _id: 1 } }, { $skip: 1 }, { $limit: 1 }, { $project: { _id: 1 } }],
      [{ _id: 2 }],
    ],
    [
      '$lookup',
      [
        { $match: { _id: 2 } },
        { $lookup: { from: 'customers', localField: 'cust', foreignField: '_id', as: 'c' } },
        { $project: { name: { $first: '$c.name' } } },
      ],
      [{ _id: 2, name: 'Bob' }],
    ],
    [
      '$facet',
      [
        {
          $facet: {
            n: [{ $count: 'n' }],
            big: [{ $match: { total: { $gte: 10 } } }, { $project: { _id: 1 } }],
          },
        },
      ],
      [{ n: [{ n: 3 }], big: [{ _id: 1 }] }],
    ],
  ])('%s', async (_name, pipeline, expected) => {
    expect(await coll('orders').aggregate(pipeline).toArray()).toEqual(expected);
  });

  it('sorts like find does (array max key descending)', async () => {
    const c = coll('aggSort');
    await c.insertMany([
      { _id: 0, a: 2 },
      { _id: 1, a: [3, 1] },
      { _id: 2, a: [5] },
    ]);
    const got = await c.aggregate([{ $match: {} }, { $sort: { a: -1 } }, { $project: { _id: 1 } }]).toArray();
    expect(got.map((d) => d._id)).toEqual([2, 1, 0]);
    const later = await c.aggregate([{ $project: { a: 1 } }, { $sort: { a: -1 } }]).toArray();
    expect(later.map((d) => d._id)).toEqual([2, 1, 0]);
    const inFacet = await c
      .aggregate([{ $facet: { s: [{ $sort: { a: 1 } }, { $project: { _id: 1 } }] } }])
      .toArray();
    expect(inFacet[0]?.s).toEqual([{ _id: 1 }, { _id: 0 }, { _id: 2 }]);
  });

  it('batches large results', async () => {
    const docs = await db
      .collection('many')
      .aggregate([{ $sort: { n: -1 } }], { batchSize: 7 })
      .toArray();
    expect(docs).toHaveLength(250);
  });

  it('leaves stored documents untouched', async () => {
    await db
      .collection('orders')
      .aggregate([{ $set: { total: 0 } }, { $unset: 'cust' }])
      .toArray();
    expect(await coll('orders').findOne({ _id: 1 })).toMatchObject({ total: 10, cust: 'a' });
  });

  it('refuses $changeStream like a standalone', async () => {
    const err = await serverError(
      db
        .collection('orders')
        .aggregate([{ $changeStream: {} }])
        .toArray(),
    );
    expect(err.code).toBe(40573);
  });

  it('refuses $out loudly', async () => {
    expect(
      (
        await serverError(
          db
            .collection('orders')
            .aggregate([{ $out: 'x' }])
            .toArray(),
        )
      ).code,
    ).toBe(115);
  });
});

describe('indexes and duplicate keys', () => {
  const col = (): Coll => coll('uniq');
  beforeAll(async () => {
    await col().createIndex({ email: 1 }, { unique: true });
    await col().createIndex({ a: 1, b: -1 }, { unique: true, sparse: true, name: 'ab' });
    await col().createIndex({ nick: 1 }, { unique: true, sparse: true });
    await col().createIndex({ code: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await col().insertOne({ _id: 1, email: 'x@y.z', a: 1, b: 1 });
  });

  it('lists and drops indexes', async () => {
    const idx = await col().listIndexes().toArray();
    expect(idx.map((i) => i.name)).toEqual(['_id_', 'email_1', 'ab', 'nick_1', 'code_1']);
    expect(idx[1]).toEqual({ v: 2, key: { email: 1 }, name: 'email_1', unique: true });
    expect(idx[2]).toEqual({ v: 2, key: { a: 1, b: -1 }, name: 'ab', unique: true, sparse: true });
    await col().createIndex({ tmp: 1 });
    await col().dropIndex('tmp_1');
    expect((await serverError(col().dropIndex('tmp_1'))).code).toBe(27);
  });

  const dupShape = (err: MongoServerError, index: string, keyValue: object): void => {
    expect(err.code).toBe(11000);
    expect(err.message).toContain(
      `E11000 duplicate key error collection: conf.uniq index: ${index} dup key:`,
    );
    expect(err.keyValue).toEqual(keyValue);
  };

  it('on insert', async () => {
    const err = await serverError(col().insertOne({ email: 'x@y.z' }));
    dupShape(err, 'email_1', { email: 'x@y.z' });
    expect(err.message).toBe(
      'E11000 duplicate key error collection: conf.uniq index: email_1 dup key: { email: "x@y.z" }',
    );
    expect(err.errorResponse.keyPattern).toEqual({ email: 1 });
  });

  it('on _id', async () => {
    dupShape(await serverError(col().insertOne({ _id: 1 })), '_id_', { _id: 1 });
  });

  it('on compound keys', async () => {
    dupShape(await serverError(col().insertOne({ email: 'q', a: 1, b: 1 })), 'ab', { a: 1, b: 1 });
  });

  it('on update and upsert', async () => {
    await col().insertOne({ _id: 2, email: 'other' });
    dupShape(await serverError(col().updateOne({ _id: 2 }, { $set: { email: 'x@y.z' } })), 'email_1', {
      email: 'x@y.z',
    });
    dupShape(
      await serverError(col().updateOne({ email: 'x@y.z', nope: 1 }, { $set: { n: 1 } }, { upsert: true })),
      'email_1',
      { email: 'x@y.z' },
    );
    dupShape(await serverError(col().findOneAndUpdate({ _id: 2 }, { $set: { email: 'x@y.z' } })), 'email_1', {
      email: 'x@y.z',
    });
  });

  it('respects sparse and partial indexes', async () => {
    await col().insertMany([{ email: 's1' }, { email: 's2' }]); // both lack nick: sparse allows it
    await col().insertMany([
      { email: 'p1', code: 7 },
      { email: 'p2', code: 7 },
    ]); // inactive: outside partial index
    await col().insertOne({ email: 'p3', code: 7, active: true });
    dupShape(await serverError(col().insertOne({ email: 'p4', code: 7, active: true })), 'code_1', {
      code: 7,
    });
  });

  it('rejects a unique index over duplicate data', async () => {
    await coll('dupdata').insertMany([{ k: 1 }, { k: 1 }]);
    expect((await serverError(coll('dupdata').createIndex({ k: 1 }, { unique: true }))).code).toBe(11000);
  });

  it('bulk writes: ordered stops at the first error, unordered continues', async () => {
    const c = coll('bulk');
    await c.createIndex({ u: 1 }, { unique: true });
    const ordered = await c
      .bulkWrite(
        [
          { insertOne: { document: { u: 1 } } },
          { insertOne: { document: { u: 1 } } },
          { insertOne: { document: { u: 2 } } },
        ],
        { ordered: true },
      )
      .catch((e: unknown) => e);
    expect(ordered).toMatchObject({ code: 11000 });
    expect(await c.countDocuments()).toBe(1);
    const err = (await c
      .insertMany([{ u: 1 }, { u: 3 }, { u: 3 }, { u: 4 }], { ordered: false })
      .catch((e: unknown) => e)) as { writeErrors: { index: number; code: number; keyValue?: object }[] };
    const writeErrors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
    expect(writeErrors.map((w) => [w.index, w.code])).toEqual([
      [0, 11000],
      [2, 11000],
    ]);
    expect(await c.countDocuments()).toBe(3);
    const mixed = await c.bulkWrite([
      { updateOne: { filter: { u: 1 }, update: { $set: { x: 1 } } } },
      { deleteOne: { filter: { u: 4 } } },
      { updateOne: { filter: { u: 9 }, update: { $set: { x: 2 } }, upsert: true } },
    ]);
    expect(mixed).toMatchObject({ matchedCount: 1, modifiedCount: 1, deletedCount: 1, upsertedCount: 1 });
  });

  it('uses the index for equality lookups', async () => {
    const c = coll('big');
    await c.createIndex({ k: 1 });
    await c.createIndex({ g: 1, h: 1 });
    await c.insertMany(Array.from({ length: 20_000 }, (_, i) => ({ k: i, g: i % 100, h: i % 7 })));
    expect(await c.findOne({ k: 12345 })).toMatchObject({ k: 12345 });
    expect(await c.countDocuments({ g: 3, h: 3 })).toBe(
      Array.from({ length: 20_000 }, (_, i) => i).filter((i) => i % 100 === 3 && i % 7 === 3).length,
    );
    expect(await c.countDocuments({ k: { $in: [1, 2, 3, -1] } })).toBe(3);
    const stored = server.store.db('conf').get('big');
    expect(stored?.plan({ k: 5 })?.ids).toHaveProperty('size', 1);
    expect(stored?.plan({ g: 5 })?.ids).toHaveProperty('size', 200);
    expect((stored?.plan({ g: 5, h: 5 })?.ids as Set<string>).size).toBeLessThan(200);
  });
});

describe('transactions', () => {
  it('refuses withTransaction like a standalone mongod', async () => {
    const session = client.startSession();
    try {
      const err = await serverError(
        session.withTransaction(async () => {
          await coll('tx').insertOne({ a: 1 }, { session });
        }),
      );
      // The driver rewrites code 20 into its "does not support retryable writes" hint, exactly as it
      // does against a real standalone mongod; the server's own error is kept as originalError.
      const original = (err as unknown as { originalError: MongoServerError }).originalError;
      expect(original).toMatchObject({ code: 20, codeName: 'IllegalOperation' });
      expect(original.message).toBe('Transaction numbers are only allowed on a replica set member or mongos');
    } finally {
      await session.endSession();
    }
  });

  it('still supports plain sessions', async () => {
    const session = client.startSession();
    await coll('tx').insertOne({ b: 1 }, { session });
    expect(await coll('tx').countDocuments({}, { session })).toBe(1);
    await session.endSession();
  });
});

describe('concurrency', () => {
  it('10 clients increment one counter 1,000 times', async () => {
    const clients = await Promise.all(
      Array.from({ length: 10 }, () => new MongoClient(server.uri).connect()),
    );
    try {
      await coll('counter').insertOne({ _id: 'c', n: 0 });
      await Promise.all(
        clients.map(async (c) => {
          const col = c.db('conf').collection<{ _id: string; n: number }>('counter');
          await Promise.all(
            Array.from({ length: 100 }, () => col.updateOne({ _id: 'c' }, { $inc: { n: 1 } })),
          );
        }),
      );
      expect(await coll('counter').findOne({ _id: 'c' })).toEqual({ _id: 'c', n: 1000 });
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });
});

describe('TTL indexes', () => {
  it('expires documents', async () => {
    const c = coll('ttl');
    await c.createIndex({ at: 1 }, { expireAfterSeconds: 1 });
    await c.insertMany([
      { at: new Date(Date.now() - 5000) },
      { at: new Date(Date.now() + 60_000) },
      { at: 'not a date' },
    ]);
    const deadline = Date.now() + 5000;
    while ((await c.countDocuments()) > 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(await c.countDocuments()).toBe(2);
  });

  // Swept through the index (only expired entries are read), or by a scan where a partial index
  // cannot vouch for every document; either way the same documents go.
  it.each([
    ['a plain TTL index', {}],
    ['a partial TTL index', { partialFilterExpression: { kind: 'session' } }],
  ])('expires by the earliest date of an array and keeps the rest: %s', async (name, options) => {
    const c = coll(`ttl-${name.length}`);
    await c.createIndex({ at: 1 }, { expireAfterSeconds: 60, ...options });
    const ago = (s: number) => new Date(Date.now() - s * 1000);
    await c.insertMany([
      { n: 1, kind: 'session', at: ago(120) },
      { n: 2, kind: 'session', at: [ago(-600), ago(90)] },
      { n: 3, kind: 'session', at: ago(30) },
      { n: 4, kind: 'session', at: [ago(30), ago(-600)] },
      { n: 5, kind: 'session' },
    ]);
    const deadline = Date.now() + 5000;
    while ((await c.countDocuments()) > 3 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const left = await c.find({}).sort({ n: 1 }).toArray();
    expect(left.map((d) => d.n)).toEqual([3, 4, 5]);
  });
});
