// Read-side helpers shared by find, findAndModify, count, distinct and aggregate.
import type { Document } from 'bson';
import { Query } from 'mingo';
import { badValue, decimalRefused } from './errors';
import type { Collection } from './store';
import { compare } from 'mingo/util';
import {
  bsonType,
  containsDecimal,
  fromView,
  getShadow,
  isPlainObject,
  pathValues,
  type Doc,
} from './values';

/** Matching documents of `coll` (or none if it does not exist), sorted; at most `stopAfter` when unsorted. */
export function findDocs(coll: Collection | undefined, filter: Doc, sort: Doc, stopAfter = Infinity): Doc[] {
  if (containsDecimal(filter) || containsDecimal(sort)) throw decimalRefused();
  if (!coll) return [];
  const viaIndex = stopAfter < Infinity ? coll.topByIndex(filter, sort, stopAfter, bsonCompare) : undefined;
  if (viaIndex) return sortDocs(coll, viaIndex, sort);
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

/** MongoDB's comparison order of BSON types. */
function typeRank(v: unknown): number {
  if (v === null || v === undefined) return 1;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 2;
    case 'string':
      return 3;
    case 'boolean':
      return 8;
    default:
      break;
  }
  if (Array.isArray(v)) return 5;
  if (v instanceof Date) return 9;
  if (v instanceof RegExp) return 11;
  switch (bsonType(v)) {
    case 'MinKey':
      return 0;
    case 'Long':
    case 'Decimal128':
      return 2;
    case 'Binary':
      return 6;
    case 'ObjectId':
      return 7;
    case 'Timestamp':
      return 10;
    case 'BSONRegExp':
      return 11;
    case 'MaxKey':
      return 12;
    default:
      return 4;
  }
}

export function bsonCompare(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (ra === 2 && typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (ra === 3 || ra === 7) {
    const x = String(a);
    const y = String(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (ra === 8) return Number(a) - Number(b);
  if (ra === 9) return Math.sign((a as Date).getTime() - (b as Date).getTime());
  return compare(a, b);
}

/** Apply a find-style projection and re-type numbers; returns wire-ready documents. */
export function project(docs: Doc[], projection: Doc | undefined, filter: Doc = {}): Document[] {
  if (!projection || Object.keys(projection).length === 0) return docs.map((d) => fromView(d));
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
