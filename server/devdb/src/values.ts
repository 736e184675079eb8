// Conversion between wire BSON values and the in-memory "view" documents mingo works on.
//
// Requests are decoded with promoteValues:false so we can see each number's BSON type. mingo only
// computes with plain JS numbers, so the stored view holds numbers, plus a per-document "shadow"
// (path -> type) for the numbers whose type a plain JS number cannot express: integral Doubles (1.0)
// and Longs. Everything else is "natural": bson serialises an integral number in int32 range as Int32
// and any other number as Double, which is exactly how those values arrived.
import { Double, Long, type Document } from 'bson';

export type Doc = Record<string, unknown>;
export type NumType = 'double' | 'long';
export type Shadow = Map<string, NumType>;

/** Shadows live beside the view objects, so documents stay plain objects that mingo can read. */
const shadows = new WeakMap<object, Shadow>();

export const getShadow = (doc: object): Shadow | undefined => shadows.get(doc);
export function setShadow(doc: object, shadow: Shadow | undefined): void {
  if (shadow && shadow.size > 0) shadows.set(doc, shadow);
  else shadows.delete(doc);
}

export const bsonType = (v: unknown): string | undefined =>
  v !== null && typeof v === 'object' ? (v as { _bsontype?: string })._bsontype : undefined;

export function isPlainObject(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

export interface ViewContext {
  shadow?: Shadow;
  /** Paths (array indexes removed) where a Decimal128 was seen. */
  decimals?: Set<string>;
}

/** Convert a promoteValues:false decoded value to its view form, recording non-natural numbers. */
export function toView(v: unknown, path = '', ctx?: ViewContext): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x, i) => toView(x, path === '' ? String(i) : `${path}.${i}`, ctx));
  const t = bsonType(v);
  if (t === 'Int32') return (v as { value: number }).value;
  if (t === 'Double') {
    const n = (v as Double).value;
    if (Number.isInteger(n) && ctx?.shadow) ctx.shadow.set(path, 'double');
    return n;
  }
  if (t === 'Long') {
    const l = v as Long;
    // NOTE: Longs beyond 2^53 stay Long objects: stored and returned exactly, but mingo cannot
    // compare them numerically, so they are treated like Decimal128 (comparisons refused).
    if (
      l.lessThanOrEqual(Long.fromNumber(Number.MAX_SAFE_INTEGER)) &&
      l.greaterThanOrEqual(Long.fromNumber(Number.MIN_SAFE_INTEGER))
    ) {
      ctx?.shadow?.set(path, 'long');
      return l.toNumber();
    }
    ctx?.decimals?.add(stripIndexes(path));
    return l;
  }
  if (t === 'Decimal128') {
    ctx?.decimals?.add(stripIndexes(path));
    return v;
  }
  if (!isPlainObject(v)) return v;
  const out: Doc = {};
  for (const [k, x] of Object.entries(v)) out[k] = toView(x, path === '' ? k : `${path}.${k}`, ctx);
  return out;
}

export function docToView(raw: Document, ctx: ViewContext): Doc {
  return toView(raw, '', ctx) as Doc;
}

/** The value to serialise for a stored document: re-applies the shadow's BSON number types. */
export function fromView(doc: Doc, shadow: Shadow | undefined = getShadow(doc)): Doc {
  if (!shadow || shadow.size === 0) return doc;
  return retype(doc, '', shadow) as Doc;
}

function retype(v: unknown, path: string, shadow: Shadow): unknown {
  if (typeof v === 'number') {
    const t = shadow.get(path);
    if (t === 'double') return new Double(v);
    if (t === 'long') return Long.fromNumber(v);
    return v;
  }
  if (Array.isArray(v)) return v.map((x, i) => retype(x, path === '' ? String(i) : `${path}.${i}`, shadow));
  if (!isPlainObject(v)) return v;
  const out: Doc = {};
  for (const [k, x] of Object.entries(v)) out[k] = retype(x, path === '' ? k : `${path}.${k}`, shadow);
  return out;
}

export const stripIndexes = (path: string): string =>
  path
    .split('.')
    .filter((s) => !/^\d+$/.test(s))
    .join('.');

/** Deep copy of plain objects and arrays; BSON value objects are immutable so they are shared. */
export function cloneDoc<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x: unknown) => cloneDoc(x)) as T;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (!isPlainObject(v)) return v;
  const out: Doc = {};
  for (const [k, x] of Object.entries(v)) out[k] = cloneDoc(x);
  return out as T;
}

/** Exact value at a dotted path (no array traversal), or undefined. */
export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Doc)[seg];
  }
  return cur;
}

export function setPath(doc: Doc, path: string, value: unknown): void {
  const segs = path.split('.');
  let cur: Doc = doc;
  for (let i = 0; i < segs.length - 1; i++) {
    const seg = segs[i] as string;
    const next = cur[seg];
    if (next === null || typeof next !== 'object') cur[seg] = {};
    cur = cur[seg] as Doc;
  }
  cur[segs[segs.length - 1] as string] = value;
}

/**
 * All values reachable at a dotted path, descending into arrays like MongoDB's multikey indexes do:
 * an array at the leaf contributes its elements. Missing -> [undefined].
 */
export function pathValues(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  const walk = (cur: unknown, segs: string[], i: number): void => {
    if (i === segs.length) {
      if (Array.isArray(cur)) {
        if (cur.length === 0) out.push(undefined);
        else out.push(...(cur as unknown[]));
      } else out.push(cur);
      return;
    }
    const seg = segs[i] as string;
    if (Array.isArray(cur)) {
      if (/^\d+$/.test(seg)) walk(cur[Number(seg)], segs, i + 1);
      else for (const el of cur) if (isPlainObject(el)) walk(el[seg], segs, i + 1);
      return;
    }
    if (cur === null || typeof cur !== 'object') return walk(undefined, segs, segs.length);
    walk((cur as Doc)[seg], segs, i + 1);
  };
  walk(doc, path.split('.'), 0);
  return out.length ? out : [undefined];
}

/**
 * Canonical string for a value, used as a Map key by indexes and the _id map. Numbers of every BSON
 * type compare equal in MongoDB (1 == 1.0 == Long(1)), so they share one key form. null and missing
 * share one too, as they do in MongoDB indexes.
 */
export function keyOf(v: unknown): string {
  if (v === null || v === undefined) return 'z';
  switch (typeof v) {
    case 'number':
      return `n:${v}`;
    case 'string':
      return `s:${v}`;
    case 'boolean':
      return `b:${v}`;
    case 'bigint':
      return `n:${v}`;
    default:
      break;
  }
  if (v instanceof Date) return `d:${v.getTime()}`;
  if (v instanceof RegExp) return `r:${v.source}/${v.flags}`;
  if (Array.isArray(v)) return `a:[${v.map(keyOf).join(',')}]`;
  const t = bsonType(v);
  if (t === 'ObjectId') return `o:${String(v)}`;
  if (t === 'Long') return `n:${String(v)}`;
  if (t === 'Binary') {
    const b = v as { sub_type: number; toString(enc: string): string };
    return `x:${b.sub_type}:${b.toString('base64')}`;
  }
  if (t) return `${t}:${String(v)}`;
  const entries = Object.entries(v as Doc).map(([k, x]) => `${JSON.stringify(k)}:${keyOf(x)}`);
  return `{${entries.join(',')}}`;
}

/** True for values usable as an index equality lookup key (everything but arrays, documents, regexes). */
export function isIndexableScalar(v: unknown): boolean {
  if (Array.isArray(v) || v instanceof RegExp) return false;
  if (isPlainObject(v)) return false;
  return bsonType(v) !== 'BSONRegExp';
}

/**
 * Does a view value (filter/update/pipeline/document) contain a number mingo cannot compare: a
 * Decimal128, or a Long beyond 2^53 (safe Longs were already turned into plain numbers)?
 */
export function containsDecimal(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  const t = bsonType(v);
  if (t === 'Decimal128' || t === 'Long') return true;
  if (Array.isArray(v)) return v.some(containsDecimal);
  if (!isPlainObject(v)) return false;
  return Object.values(v).some(containsDecimal);
}
