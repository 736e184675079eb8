import { model, Schema, Types, type Connection } from 'mongoose';
import { AuditEntry } from '../audit/audit.model';
import { Feedback } from '../feedback/feedback.model';
import { JointSignature } from '../feedback/feedback-extras.model';
import { startTestApp, type TestApp } from '../test/harness';
import { testRoutes, ThingModel } from '../test/test-routes';
import { castChecked, hasOwnMiddleware } from './cast-checked';
import { readById, readOne } from './read-by-id';

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`condition not met within ${timeoutMs}ms`);
}

describe('the app on the embedded database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ features: [testRoutes] });
  });
  beforeEach(() => t.reset());
  afterAll(() => t.stop());

  it('boots and reports ready', async () => {
    await t.request.get('/healthz').expect(200);
    const res = await t.request.get('/readyz').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('stores a document and lists it with pagination', async () => {
    for (const name of ['丙', '甲', '乙'])
      await t.request.post('/api/v1/test/things').send({ name }).expect(201);
    const res = await t.request.get('/api/v1/test/things?page=2&pageSize=2').expect(200);
    expect(res.body).toEqual({ items: [{ name: '甲' }], total: 3, page: 2, pageSize: 2 });
  });

  it('answers a duplicate key with 409 CONFLICT and stores nothing new', async () => {
    await t.request.post('/api/v1/test/things').send({ name: '村务公开栏' }).expect(201);
    const res = await t.request.post('/api/v1/test/things').send({ name: '村务公开栏' }).expect(409);
    expect(res.body).toEqual({ error: { code: 'CONFLICT', message: '数据已存在或与现有数据冲突' } });
    expect(await ThingModel.countDocuments({ name: '村务公开栏' })).toBe(1);
  });
});

describe('/readyz follows the database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ features: [testRoutes] });
  });
  afterAll(() => t.stop());

  it('turns 503 when the database stops and 200 again when it comes back on the same port', async () => {
    await t.request.get('/readyz').expect(200);
    await t.stopDatabase();

    const started = Date.now();
    const down = await t.request.get('/readyz');
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(2000);

    // A query while the database is away fails fast with 503 instead of hanging.
    const write = await t.request.post('/api/v1/test/things').send({ name: 'x' });
    expect([write.status, write.body.error?.code]).toEqual([503, 'UNAVAILABLE']);

    await t.restartDatabase();
    const ms = await waitFor(async () => (await t.request.get('/readyz')).status === 200, 10_000);
    expect(ms).toBeLessThan(10_000);
  });
});

// A model with a save hook of its own, which castChecked must never skip.
const hookedSchema = new Schema({ name: String });
hookedSchema.pre('save', function () {
  this.set('name', 'hooked');
});
const HookedModel = model('TestHooked', hookedSchema);

describe('reads through the driver and documents cast without save() (readById, readOne, castChecked)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ features: [testRoutes] });
  });
  beforeEach(() => t.reset());
  afterAll(() => t.stop());

  it.each<[string, Record<string, 0 | 1> | undefined, (id: Types.ObjectId) => unknown]>([
    ['the stored document, as lean() reads it', undefined, (id) => ThingModel.findById(id).lean()],
    ['only the projected fields and _id', { name: 1 }, (id) => ({ _id: id, name: '村务公开栏' })],
  ])('returns %s', async (_, projection, expected) => {
    const { _id } = await ThingModel.create({ name: '村务公开栏' });
    expect(await readById(ThingModel, _id, projection)).toEqual(await expected(_id));
  });

  it('returns null for an id nothing has', async () => {
    expect(await readById(ThingModel, new Types.ObjectId())).toBeNull();
  });

  it('sends reads asked while one is in flight as one find; each gets its own document', async () => {
    const [a, b, c] = await ThingModel.create([{ name: '甲' }, { name: '乙' }, { name: '丙' }]);
    const nobody = new Types.ObjectId();
    const command = jest.spyOn(ThingModel.db.db!, 'command');
    try {
      const names = await Promise.all(
        [a!._id, b!._id, nobody, c!._id, b!._id].map((id) =>
          readById<{ name: string }>(ThingModel, id, { name: 1 }).then((doc) => doc?.name ?? null),
        ),
      );
      expect(names).toEqual(['甲', '乙', null, '丙', '乙']);
      expect(command.mock.calls.filter(([cmd]) => 'find' in cmd)).toHaveLength(2); // 甲 alone, then the rest
    } finally {
      command.mockRestore();
    }
  });

  it('a read asked after a write sees it, though the reads before it are still in flight', async () => {
    const { _id: first } = await ThingModel.create({ name: '甲' });
    const inFlight = readById(ThingModel, first);
    const { _id: later } = await ThingModel.create({ name: '乙' });
    const [, seen] = await Promise.all([inFlight, readById<{ name: string }>(ThingModel, later)]);
    expect(seen?.name).toBe('乙');
  });

  it('reads on their own what a reply cut short left out, rather than answering null', async () => {
    const [a, b, c] = await ThingModel.create([{ name: '甲' }, { name: '乙' }, { name: '丙' }]);
    const db = ThingModel.db.db!;
    const original = db.command.bind(db);
    const command = jest.spyOn(db, 'command').mockImplementation((async (cmd: Record<string, unknown>) => {
      const reply = await original(cmd as never);
      const filter = cmd.filter as { _id?: { $in?: unknown } } | undefined;
      if (!filter?._id?.$in) return reply;
      // As a 16 MB reply would come: the first document only, and a cursor left open.
      const cursor = reply.cursor as { firstBatch: unknown[] };
      return { ...reply, cursor: { ...cursor, id: 42, firstBatch: cursor.firstBatch.slice(0, 1) } };
    }) as never);
    try {
      const docs = await Promise.all(
        [a!._id, b!._id, c!._id].map((id) => readById<{ name: string }>(ThingModel, id)),
      );
      expect(docs.map((d) => d?.name)).toEqual(['甲', '乙', '丙']);
      expect(command.mock.calls.some(([cmd]) => 'killCursors' in cmd)).toBe(true);
    } finally {
      command.mockRestore();
    }
  });

  it('refuses a projection without _id (the answers are matched by it)', () => {
    expect(() => readById(ThingModel, new Types.ObjectId(), { _id: 0, name: 1 })).toThrow(/_id/);
  });

  it('answers 503 UNAVAILABLE before the connection is open', async () => {
    const unopened = { db: {} as Connection, collection: { collectionName: 'testthings' } };
    await expect(readById(unopened, new Types.ObjectId())).rejects.toMatchObject({
      status: 503,
      code: 'UNAVAILABLE',
    });
  });

  it.each<[string, 1 | -1, string]>([
    ['ascending', 1, '乙'],
    ['descending', -1, '甲'],
  ])('returns the first match in %s sort order', async (_, direction, name) => {
    await ThingModel.create([{ name: '乙' }, { name: '甲' }, { name: '丙' }]);
    const first = await readOne<{ name: string }>(
      ThingModel,
      { name: { $in: ['甲', '乙'] } },
      { sort: { name: direction }, projection: { name: 1 } },
    );
    expect(first?.name).toBe(name);
  });

  it('gives what Model.create stores: cast, with defaults, as lean() reads it', async () => {
    // As a client would send them: a number and a date as strings, for mongoose to cast.
    const fields: object = {
      action: 'x.y',
      seq: '7',
      at: '2026-12-02T03:00:00.000Z',
      hash: 'h',
      orgId: null,
    };
    const viaCreate = await AuditEntry.create(fields);
    const stored = await AuditEntry.findById(viaCreate._id).lean();
    const cast = await castChecked<Record<string, unknown>>(AuditEntry, { ...fields, _id: viaCreate._id });
    expect(cast).toEqual(stored);
    expect(cast).toMatchObject({ seq: 7, actorId: null, prevHash: null });
  });

  it.each<[string, object]>([
    ['a missing required field', { seq: 1, at: new Date(), action: 'x' }],
    ['a value that cannot be cast', { seq: 'seven', at: new Date(), action: 'x', hash: 'h' }],
  ])('refuses %s', async (_, fields) => {
    await expect(castChecked(AuditEntry, fields)).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it.each<[string, boolean, { schema: object }]>([
    ['the audit log', false, AuditEntry],
    ['co-signatures', false, JointSignature],
    ['feedback items (inbox revisions)', true, Feedback],
    ['a model with a save hook', true, HookedModel],
  ])('%s: has middleware of its own → %s', (_, expected, target) => {
    expect(hasOwnMiddleware(target)).toBe(expected);
  });

  it('refuses a model with middleware of its own', async () => {
    await expect(castChecked(HookedModel, { name: 'a' })).rejects.toThrow(/middleware of its own/);
  });
});
