import type { Connection, Types } from 'mongoose';
import { UnavailableError } from '@sanwu/shared';
import { groupCommit, type Outcome } from './group-commit';

/** What `readOne` needs of a mongoose model: its connection and collection name. */
export interface ModelRef {
  db: Connection;
  collection: { collectionName: string };
}

/**
 * The first document matching `filter` (in `sort` order), as stored (like `lean()`), through a
 * single `find` command. The filter goes to the database as it is: nothing is cast, so ids must be
 * ObjectIds already.
 *
 * NOTE: for the reads nearly every request makes (the caller, the org, an audit chain's tail).
 * The driver's `findOne` builds a cursor around the same command, and in the inbox bench a share
 * of each request's cursor objects outlived two young-generation collections: ~4.4 MB promoted per
 * collection and 6.5 ms pauses, against 2.2 MB and 4.6 ms this way (docs/performance.md).
 */
export async function readOne<T>(
  model: ModelRef,
  filter: Record<string, unknown>,
  options: { projection?: Record<string, 0 | 1>; sort?: Record<string, 1 | -1> } = {},
): Promise<T | null> {
  // Not connected yet (mongoose would have queued the query): the same answer as a lost database.
  const db = model.db.db;
  if (!db) throw new UnavailableError();
  const reply = await db.command({
    find: model.collection.collectionName,
    filter,
    ...(options.sort && { sort: options.sort }),
    ...(options.projection && { projection: options.projection }),
    limit: 1,
    singleBatch: true,
  });
  return (reply.cursor as { firstBatch: T[] }).firstBatch[0] ?? null;
}

type Projection = Record<string, 0 | 1>;
type Stored = { _id: Types.ObjectId };

// The reads by id asked for while one is in flight, per model and projection (group commit).
const readers = new WeakMap<ModelRef, Map<string, (id: Types.ObjectId) => Promise<unknown>>>();
const MAX_IDS = 100;

/**
 * One document by `_id` (see `readOne`). Reads of the same collection asked for while one is in
 * flight go together as the next `find` of `_id: { $in }` (docs/performance.md, eighth pass): each
 * is sent after it was asked for, so it sees every write that came before, as a read of its own
 * would. A quiet moment's read goes at once, alone, as before.
 */
export function readById<T>(model: ModelRef, id: Types.ObjectId, projection?: Projection): Promise<T | null> {
  if (projection?._id === 0) throw new Error('readById: the projection must keep _id');
  let byProjection = readers.get(model);
  if (!byProjection) readers.set(model, (byProjection = new Map()));
  const key = JSON.stringify(projection ?? null);
  let read = byProjection.get(key);
  if (!read) {
    read = groupCommit((ids: Types.ObjectId[]) => readMany(model, ids, projection), MAX_IDS);
    byProjection.set(key, read);
  }
  return read(id) as Promise<T | null>;
}

async function readMany(
  model: ModelRef,
  ids: Types.ObjectId[],
  projection: Projection | undefined,
): Promise<Outcome<Stored | null>[]> {
  if (ids.length === 1) {
    const one = await readOne<Stored>(model, { _id: ids[0] }, { projection });
    return [{ ok: true, value: one }];
  }
  const db = model.db.db;
  if (!db) throw new UnavailableError();
  const unique = [...new Map(ids.map((id) => [String(id), id])).values()];
  const collection = model.collection.collectionName;
  const reply = await db.command({
    find: collection,
    filter: { _id: { $in: unique } },
    ...(projection && { projection }),
    batchSize: unique.length,
  });
  const cursor = reply.cursor as { id: unknown; firstBatch: Stored[] };
  const found = new Map(cursor.firstBatch.map((doc) => [String(doc._id), doc]));
  // A reply is cut at 16 MB: what did not fit is read on its own rather than taken for missing.
  if (String(cursor.id) !== '0') {
    await db.command({ killCursors: collection, cursors: [cursor.id] }).catch(() => undefined);
    for (const id of unique) {
      if (!found.has(String(id))) {
        const doc = await readOne<Stored>(model, { _id: id }, { projection });
        if (doc) found.set(String(id), doc);
      }
    }
  }
  return ids.map((id) => ({ ok: true, value: found.get(String(id)) ?? null }));
}
