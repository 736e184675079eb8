// Read-side helpers shared by find, findAndModify, count, distinct and aggregate.
import type { Document } from 'bson';
import { Query } from 'mingo';
import { badValue, decimalRefused } from './errors';
import type { Collection } from './store';
import { containsDecimal, fromView, getShadow, isPlainObject, type Doc } from './values';

/** Matching documents of `coll` (or none if it does not exist), sorted. */
export function findDocs(coll: Collection | undefined, filter: Doc, sort: Doc): Doc[] {
  if (containsDecimal(filter) || containsDecimal(sort)) throw decimalRefused();
  if (!coll) return [];
  const docs = coll.match(filter);
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
  return new Query({}, {}).find<Doc>(docs).sort(sort).all();
}

/** Apply a find-style projection and re-type numbers; returns wire-ready documents. */
export function project(docs: Doc[], projection: Doc | undefined): Document[] {
  if (!projection || Object.keys(projection).length === 0) return docs.map((d) => fromView(d));
  const out = new Query({}, {}).find<Doc>(docs, projection).all();
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
