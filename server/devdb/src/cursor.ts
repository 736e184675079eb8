// Server-side cursors: results are materialised when the command runs (a snapshot) and handed out
// in batches through getMore. Cursor ids are BSON int64 (Long), as the driver requires.
import { Long, type Document } from 'bson';
import { cursorNotFound } from './errors';

/** MongoDB's default first batch for find/aggregate. */
export const DEFAULT_FIRST_BATCH = 101;
/** getMore without batchSize: MongoDB fills 16 MiB; a count cap keeps messages well below that here. */
const DEFAULT_GETMORE_BATCH = 10_000;

/** Like mongod's cursorTimeoutMillis: idle cursors are dropped so abandoned ones do not leak. */
const CURSOR_TIMEOUT_MS = 10 * 60 * 1000;

interface OpenCursor {
  ns: string;
  docs: Document[];
  pos: number;
  lastUsed: number;
}

export class CursorRegistry {
  private readonly open = new Map<string, OpenCursor>();
  private nextId = 1_000_000 + Math.floor(Math.random() * 1_000_000);

  /** Build the `cursor` reply of find/aggregate/list*, opening a cursor if documents remain. */
  firstBatch(ns: string, docs: Document[], batchSize: number | undefined, singleBatch = false): Document {
    const n =
      batchSize === undefined || batchSize <= 0 ? (batchSize === 0 ? 0 : DEFAULT_FIRST_BATCH) : batchSize;
    const first = docs.slice(0, n);
    let id = Long.ZERO;
    if (!singleBatch && docs.length > n) {
      id = Long.fromNumber(this.nextId++);
      this.open.set(id.toString(), { ns, docs, pos: n, lastUsed: Date.now() });
    }
    return { cursor: { firstBatch: first, id, ns }, ok: 1 };
  }

  getMore(id: Long, ns: string, batchSize: number | undefined): Document {
    const key = id.toString();
    const c = this.open.get(key);
    if (!c || c.ns !== ns) throw cursorNotFound(key);
    const n = batchSize && batchSize > 0 ? batchSize : DEFAULT_GETMORE_BATCH;
    const batch = c.docs.slice(c.pos, c.pos + n);
    c.pos += batch.length;
    c.lastUsed = Date.now();
    let replyId = id;
    if (c.pos >= c.docs.length) {
      this.open.delete(key);
      replyId = Long.ZERO;
    }
    return { cursor: { nextBatch: batch, id: replyId, ns }, ok: 1 };
  }

  kill(ids: Long[]): Document {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) (this.open.delete(id.toString()) ? killed : notFound).push(id);
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
  }

  reapIdle(now = Date.now()): void {
    for (const [id, c] of this.open) if (now - c.lastUsed > CURSOR_TIMEOUT_MS) this.open.delete(id);
  }

  clear(): void {
    this.open.clear();
  }
}
