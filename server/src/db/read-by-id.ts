import type { Connection, Types } from 'mongoose';
import { UnavailableError } from '@sanwu/shared';

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

/** One document by `_id` (see `readOne`). */
export function readById<T>(
  model: ModelRef,
  id: Types.ObjectId,
  projection?: Record<string, 0 | 1>,
): Promise<T | null> {
  return readOne<T>(model, { _id: id }, { projection });
}
