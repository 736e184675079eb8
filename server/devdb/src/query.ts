// Read-side helpers shared by find, findAndModify, count, distinct and aggregate.
import type { Document } from 'bson';
import { Query } from 'mingo';
import { badValue, decimalRefused } from './errors';
import { bsonCompare } from './compare';
import { dropFields, exclusionOf, inclusionOf, pickFields } from './plain-projection';
import type { Collection } from './store';
import { containsDecimal, fromView, getShadow, isPlainObject, pathValues, type Doc } from './values';

/** Matching documents of `coll` (or none if it does not exist), sorted; at most `stopAfter` when unsorted. */
export function findDocs(coll: Collection | undefined, filter: Doc, sort: Doc, stopAfter = Infinity): Doc[] {
  if (containsDecimal(filter) || containsDecimal(sort)) throw decimalRefused();
  if (!coll) return [];
  const viaIndex = stopAfter < Infinity ? coll.inIndexOrder(filter, sort, stopAfter) : undefined;
  if (viaIndex) return viaIndex;
  // Without a sort, the first `stopAfter` matches in natural order are the answer: stop scanning there.
  const docs = coll.match(filter, Object.keys(sort).length === 0 ? stopAfter : Infinity);
  return sortDocs(coll, docs, sort);
}

export function sortDocs(coll: Collection, docs: Doc[], sort: Doc): Doc[] {
  const keys = Object.keys(sort);
  if (keys.length === 0) return docs;
  if (keys.length === 1 && keys[0] === '$natural') return sort.$natural === -1 ? [...docs].reverse() : docs;
  for (const [k, dir] of Object.entries(sort)) {
    if (dir !== 1 && dir !== -1) {
      // NOTE: { $meta: "textScore" } and friends need text indexes, which devdb lacks.
      throw badValue(`devdb supports only 1 and -1 sort directions (got ${JSON.stringify(dir)} for '${k}')`);
    }
  }
  coll.refuseDecimalPaths(keys);
  return mongoSort(docs, sort);
}

/** Sort in MongoDB's order; `sort` must hold only 1 / -1 directions. */
export function mongoSort(docs: Doc[], sort: Doc): Doc[] {
  const keys = Object.keys(sort);
  const dirs = keys.map((k) => sort[k] as 1 | -1);
  // NOTE: not mingo's sort: MongoDB sorts an array field by its smallest element ascending and its
  // largest descending, and orders types (ObjectId before boolean, ...) differently from mingo.
  const decorated = docs.map((doc) => ({
    doc,
    keys: keys.map((k, i) => sortKey(doc, k, dirs[i] as 1 | -1)),
  }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const c = bsonCompare(a.keys[i], b.keys[i]);
      if (c !== 0) return c * (dirs[i] as number);
    }
    return 0;
  });
  return decorated.map((d) => d.doc);
}

function sortKey(doc: Doc, path: string, dir: 1 | -1): unknown {
  const vals = pathValues(doc, path);
  let best: unknown = vals[0] ?? null;
  for (const v of vals.slice(1)) if (bsonCompare(v, best) * dir < 0) best = v;
  return best ?? null;
}

/** Apply a find-style projection and re-type numbers; returns wire-ready documents. */
export function project(docs: Doc[], projection: Doc | undefined, filter: Doc = {}): Document[] {
  if (!projection || Object.keys(projection).length === 0) return docs.map((d) => fromView(d));
  const picked = inclusionOf(projection);
  // Numbers are re-typed first: the shadow's paths count array elements the picking may leave out.
  if (picked) return docs.map((d) => pickFields(fromView(d), picked));
  const dropped = exclusionOf(projection);
  if (dropped) return docs.map((d) => dropFields(fromView(d), dropped));
  // NOTE: the positional projection ("arr.$") is resolved by mingo from the query, so pass the filter
  // then (the documents already match it, so none is dropped and results stay aligned with `docs`).
  const positional = Object.keys(projection).some((k) => k.endsWith('.$'));
  const out = new Query(positional ? filter : {}, {}).find<Doc>(docs, projection).all();
  return out.map((p, i) => {
    const src = docs[i] as Doc;
    const ordered = '_id' in p && Object.keys(p)[0] !== '_id' ? idFirst(p) : p;
    return fromView(ordered, getShadow(src));
  });
}

function idFirst(doc: Doc): Doc {
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

export function asSort(v: unknown): Doc {
  if (v === undefined || v === null) return {};
  if (!isPlainObject(v)) throw badValue('sort must be an object');
  return v;
}
