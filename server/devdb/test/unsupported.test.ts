// What devdb cannot do exactly must fail loudly with a MongoDB error, never answer differently.
import { MongoClient, MongoServerError, type Db } from 'mongodb';
import { startDevDb, type DevDb } from '@sanwu/devdb';

let server: DevDb;
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  server = await startDevDb({ port: 0, quiet: true });
  client = await new MongoClient(server.uri).connect();
  db = client.db('unsup');
  await db.collection('c').insertOne({ a: 'x' });
});

afterAll(async () => {
  await client.close();
  await server.stop();
});

it.each([
  [
    'find with collation',
    () =>
      db
        .collection('c')
        .find({ a: 'X' }, { collation: { locale: 'en', strength: 2 } })
        .toArray(),
    115,
  ],
  [
    'update with collation',
    () => db.collection('c').updateOne({ a: 'X' }, { $set: { b: 1 } }, { collation: { locale: 'en' } }),
    115,
  ],
  ['text index', () => db.collection('c').createIndex({ a: 'text' }), 2],
  ['2dsphere index', () => db.collection('c').createIndex({ loc: '2dsphere' }), 2],
  [
    '$text query',
    () =>
      db
        .collection('c')
        .find({ $text: { $search: 'x' } })
        .toArray(),
    2,
  ],
  [
    '$merge stage',
    () =>
      db
        .collection('c')
        .aggregate([{ $merge: { into: 'd' } }])
        .toArray(),
    115,
  ],
  ['capped collection', () => db.createCollection('capped', { capped: true, size: 1000 }), 115],
  [
    '$meta sort',
    () =>
      db
        .collection('c')
        .find({})
        .sort({ s: { $meta: 'textScore' } })
        .toArray(),
    2,
  ],
  [
    '$type int vs double',
    () =>
      db
        .collection('c')
        .find({ a: { $type: 'double' } })
        .toArray(),
    2,
  ],
  [
    'command-level let',
    () =>
      db
        .collection('c')
        .find({ $expr: { $eq: ['$a', '$$v'] } }, { let: { v: 'x' } })
        .toArray(),
    115,
  ],
  ['compound TTL index', () => db.collection('c').createIndex({ a: 1, b: 1 }, { expireAfterSeconds: 5 }), 67],
  ['explain', () => db.command({ explain: { find: 'c' } }), 59],
  [
    'unknown query operator',
    () =>
      db
        .collection('c')
        .find({ a: { $bogus: 1 } })
        .toArray(),
    2,
  ],
])('%s', async (_name, op, code) => {
  const err = await op().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MongoServerError);
  expect((err as MongoServerError).code).toBe(code);
});
