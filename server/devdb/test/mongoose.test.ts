// Conformance through mongoose: model init (createIndexes/listIndexes), CRUD, errors it maps.
import mongoose, { Schema, type Connection } from 'mongoose';
import { startDevDb, type DevDb } from '@sanwu/devdb';

let server: DevDb;
let conn: Connection;

interface Villager {
  name: string;
  email: string;
  age?: number;
  tags: string[];
  village?: mongoose.Types.ObjectId;
}

const villagerSchema = new Schema<Villager>({
  name: { type: String, required: true },
  email: { type: String, required: true, unique: true },
  age: Number,
  tags: [String],
  village: { type: Schema.Types.ObjectId, ref: 'Village' },
});
const villageSchema = new Schema({ title: String });

beforeAll(async () => {
  server = await startDevDb({ port: 0, quiet: true });
  conn = await mongoose.createConnection(`${server.uri}/mg`, { serverSelectionTimeoutMS: 2000 }).asPromise();
});

afterAll(async () => {
  await conn.close();
  await server.stop();
});

// Registered once on the connection; the getters keep mongoose's inferred model types.
const registerModels = (c: Connection) => ({
  Villager: c.model('Villager', villagerSchema),
  Village: c.model('Village', villageSchema),
});
let models: ReturnType<typeof registerModels> | undefined;
const registered = (): ReturnType<typeof registerModels> => (models ??= registerModels(conn));
const Villager = () => registered().Villager;
const Village = () => registered().Village;

interface Rejection {
  code?: number;
  keyValue?: unknown;
  message: string;
}

async function rejection(p: Promise<unknown>): Promise<Rejection> {
  try {
    await p;
  } catch (err) {
    return err as Rejection;
  }
  throw new Error('expected a rejection');
}

describe('mongoose', () => {
  beforeAll(async () => {
    await Villager().init();
    await Village().init();
  });

  it('creates the unique index at init', async () => {
    const indexes = await Villager().listIndexes();
    expect(indexes.map((i) => i.name)).toEqual(['_id_', 'email_1']);
  });

  it('creates, finds, sorts, selects, updates and deletes', async () => {
    const v = await Village().create({ title: '三屋村' });
    await Villager().create([
      { name: 'Li', email: 'li@x', age: 40, tags: ['a'], village: v._id },
      { name: 'Wang', email: 'wang@x', age: 30, tags: ['b', 'c'], village: v._id },
    ]);
    const found = await Villager()
      .find({ age: { $gte: 20 } })
      .sort({ age: 1 })
      .select('name age')
      .lean();
    expect(found.map((f) => f.name)).toEqual(['Wang', 'Li']);
    expect(found[0]).not.toHaveProperty('email');
    const populated = await Villager()
      .findOne({ name: 'Li' })
      .populate<{ village: { title: string } }>('village');
    expect(populated?.village.title).toBe('三屋村');
    await Villager().updateOne({ name: 'Li' }, { $push: { tags: 'z' }, $inc: { age: 1 } });
    expect(await Villager().findOne({ name: 'Li' }).lean()).toMatchObject({ tags: ['a', 'z'], age: 41 });
    const doc = await Villager().findOne({ name: 'Wang' });
    if (!doc) throw new Error('missing');
    doc.age = 31;
    await doc.save();
    expect((await Villager().findById(doc._id).lean())?.age).toBe(31);
    expect(await Villager().countDocuments({ age: { $gt: 30 } })).toBe(2);
    expect(await Villager().estimatedDocumentCount()).toBe(2);
    expect(await Villager().exists({ name: 'Li' })).toBeTruthy();
    expect((await Villager().distinct('tags')).sort()).toEqual(['a', 'b', 'c', 'z']);
    const agg = await Villager().aggregate<{ _id: null; avg: number }>([
      { $group: { _id: null, avg: { $avg: '$age' } } },
    ]);
    expect(agg[0]?.avg).toBe(36);
    expect((await Villager().deleteOne({ name: 'Wang' })).deletedCount).toBe(1);
  });

  it.each([
    ['create', () => Villager().create({ name: 'dup', email: 'li@x' })],
    ['insertMany', () => Villager().insertMany([{ name: 'dup', email: 'li@x' }])],
    [
      'updateOne',
      async () => {
        await Villager().create({ name: 'Zhao', email: 'zhao@x' });
        return Villager().updateOne({ name: 'Zhao' }, { email: 'li@x' });
      },
    ],
    [
      'upsert',
      () => Villager().updateOne({ email: 'li@x', name: 'nobody' }, { $set: { age: 1 } }, { upsert: true }),
    ],
    [
      'findOneAndUpdate',
      () => Villager().findOneAndUpdate({ name: 'Zhao' }, { email: 'li@x' }, { returnDocument: 'after' }),
    ],
  ])('raises E11000 with keyValue on %s', async (_name, op) => {
    const err = await rejection(op());
    expect(err.code).toBe(11000);
    // The driver's bulk error (insertMany) keeps only code and errmsg of each write error, whatever
    // the server sends, so keyValue is checked on the single-document paths.
    if (_name !== 'insertMany') expect(err.keyValue).toEqual({ email: 'li@x' });
    expect(err.message).toContain(
      'E11000 duplicate key error collection: mg.villagers index: email_1 dup key: { email: "li@x" }',
    );
  });

  it('syncIndexes, cursors and schema TTL indexes', async () => {
    const schema = new Schema({ n: Number, at: Date });
    schema.index({ n: 1 });
    schema.index({ at: 1 }, { expireAfterSeconds: 3600 });
    const Log = conn.model('Log', schema);
    await Log.init();
    await Log.insertMany(Array.from({ length: 250 }, (_, n) => ({ n, at: new Date() })));
    let seen = 0;
    for await (const doc of Log.find().sort({ n: 1 }).cursor({ batchSize: 7 })) {
      expect(doc.n).toBe(seen++);
    }
    expect(seen).toBe(250);
    const dropped = await Log.syncIndexes();
    expect(dropped).toEqual([]);
    const names = (await Log.listIndexes()).map((i) => i.name);
    expect(names).toEqual(['_id_', 'n_1', 'at_1']);
    expect((await Log.listIndexes())[2]).toMatchObject({ expireAfterSeconds: 3600 });
  });

  it('answers an unknown command with code 59', async () => {
    const db = conn.db;
    if (!db) throw new Error('no db');
    expect((await rejection(db.command({ nosuch: 1 }))).code).toBe(59);
  });

  it('refuses transactions', async () => {
    const err = await rejection(
      conn.transaction(async (session) => {
        await Villager().create([{ name: 'T', email: 't@x' }], { session });
      }),
    );
    const original = (err as unknown as { originalError?: { code?: number } }).originalError;
    expect(original?.code ?? err.code).toBe(20);
  });
});
