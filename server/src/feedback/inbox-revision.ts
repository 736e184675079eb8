import {
  Types,
  type Document,
  type Model,
  type MongooseQueryMiddleware,
  type Query,
  type Schema,
} from 'mongoose';
import { Org } from '../orgs/org.model';

// Every change to a feedback item bumps `feedbackRev` on each org whose inbox may list it (the
// handling org and its ancestors, before and after the change). The inbox answer is cached per
// process against that number, which the inbox reads anyway with the org: a cadre never sees an
// answer older than the last write, from whichever instance it came (docs/performance.md).

type Paths = { handlingOrgPath?: Types.ObjectId[] | null };

const QUERY_WRITES: MongooseQueryMiddleware[] = [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'replaceOne',
  'findOneAndReplace',
  'deleteOne',
  'deleteMany',
  'findOneAndDelete',
];

/** Fields no inbox shows, filters or sorts on: a write of only these (the sweep's bookkeeping) is silent. */
const UNSEEN_BY_INBOXES = new Set(['nextCheckAt', 'receipt', 'auditsOwed']);

function touchesOnlyUnseen(update: unknown): boolean {
  if (!update || typeof update !== 'object' || Array.isArray(update)) return false;
  const paths = Object.entries(update).flatMap(([key, value]) =>
    key.startsWith('$') && value && typeof value === 'object' ? Object.keys(value) : [key],
  );
  return paths.length > 0 && paths.every((path) => UNSEEN_BY_INBOXES.has(path.split('.')[0]!));
}

/** The items a write is about to change: read before, so an item moved elsewhere still counts. */
interface Pending {
  ids: Types.ObjectId[];
  paths: Types.ObjectId[][];
  moves: boolean;
}
const pendingOf = new WeakMap<object, Pending>();

async function bumpInboxRevisions(paths: Iterable<Types.ObjectId[] | null | undefined>): Promise<void> {
  const ids = new Map<string, Types.ObjectId>();
  // As ObjectIds whatever the caller held (a lean insertMany passes its values through): the driver
  // casts nothing, and a string would match no org.
  for (const path of paths) for (const id of path ?? []) ids.set(String(id), new Types.ObjectId(String(id)));
  if (ids.size === 0) return;
  // Through the driver, not mongoose: the ids are ObjectIds already and there is nothing to cast,
  // while mongoose's query building cost ~0.7 ms of CPU on every feedback write (docs/performance.md).
  // An inbox counter is not an edit of the org: its updatedAt stays (the driver sets no timestamps).
  await Org.collection.updateMany({ _id: { $in: [...ids.values()] } }, { $inc: { feedbackRev: 1 } });
}

/** A document refused within a multi-document insert: its position and the server's error. */
interface RefusedWrite {
  index: number;
  code?: number;
  errmsg?: string;
}

/**
 * Inserts new, already validated feedback items in one command and bumps every inbox that may list
 * the stored ones: what `save()` and its hooks do for one item, for a group commit of several
 * (feedback-insert.ts). One answer per document, in order: null when stored, else the database's
 * error for that document alone (a duplicate key); any other failure throws for all of them.
 */
export async function insertBumpingInboxes(
  model: Pick<Model<unknown>, 'collection'>,
  docs: (Paths & { _id: Types.ObjectId })[],
): Promise<(Error | null)[]> {
  const refused: (Error | null)[] = docs.map(() => null);
  try {
    await model.collection.insertMany(docs, { ordered: false });
  } catch (err) {
    const writeErrors = (err as { writeErrors?: RefusedWrite | RefusedWrite[] }).writeErrors;
    const each = writeErrors ? ([] as RefusedWrite[]).concat(writeErrors) : [];
    if (each.length === 0) throw err;
    for (const e of each)
      refused[e.index] = Object.assign(new Error(e.errmsg ?? 'write refused'), { code: e.code });
  }
  await bumpInboxRevisions(docs.filter((_, i) => !refused[i]).map((d) => d.handlingOrgPath));
  return refused;
}

export function inboxRevisionPlugin(schema: Schema): void {
  schema.pre('save', async function (this: Document & Paths) {
    if (this.isNew || !this.isModified('handlingOrgPath')) return;
    const before = await (this.constructor as Model<Paths>)
      .findById(this._id)
      .select({ handlingOrgPath: 1 })
      .lean<Paths>();
    pendingOf.set(this, { ids: [], paths: [before?.handlingOrgPath ?? []], moves: false });
  });
  schema.post('save', async function (this: Document & Paths) {
    const before = pendingOf.get(this)?.paths ?? [];
    await bumpInboxRevisions([...before, this.handlingOrgPath]);
  });
  schema.post('insertMany', async function (docs: unknown) {
    await bumpInboxRevisions((docs as Paths[]).map((d) => d.handlingOrgPath));
  });

  schema.pre(QUERY_WRITES, async function (this: Query<unknown, unknown>) {
    if (touchesOnlyUnseen(this.getUpdate())) return;
    const found = await this.model
      .find(this.getFilter())
      .select({ handlingOrgPath: 1 })
      .session(this.getOptions().session ?? null)
      .lean<(Paths & { _id: Types.ObjectId })[]>();
    pendingOf.set(this, {
      ids: found.map((d) => d._id),
      paths: found.map((d) => d.handlingOrgPath ?? []),
      // Only a write naming the path can move an item into another org's inbox.
      moves: JSON.stringify(this.getUpdate() ?? {}).includes('handlingOrgPath'),
    });
  });
  schema.post(QUERY_WRITES, async function (this: Query<unknown, unknown>, result: unknown) {
    const pending = pendingOf.get(this);
    if (!pending) return;
    const upserted = (result as { upsertedId?: Types.ObjectId } | null)?.upsertedId;
    const ids = upserted ? [...pending.ids, upserted] : pending.ids;
    const after =
      pending.moves || upserted
        ? await this.model
            .find({ _id: { $in: ids } })
            .select({ handlingOrgPath: 1 })
            .lean<Paths[]>()
        : [];
    await bumpInboxRevisions([...pending.paths, ...after.map((d) => d.handlingOrgPath)]);
  });
  schema.pre('bulkWrite', function () {
    throw new Error(
      'feedback: write items one by one, so each inbox they appear in is told (inbox-revision)',
    );
  });
}
