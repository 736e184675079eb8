// Plain projections without mingo: inclusions (`{ a: 1, 'b.c': 1 }`), how the application selects
// fields on the caller read of every signed-in request and on every list page, and top-level
// exclusions (`{ a: 0 }`), how a detail leaves out a large field. mingo's projection machinery cost
// more than the lookup itself (a village's list page: 19% of devdb's time).
import { isPlainObject, type Doc } from './values';

/** The fields to keep: `true` keeps the whole value, a nested tree keeps those fields of it. */
export type Inclusion = Map<string, Inclusion | true>;

/**
 * The tree of a projection that only includes fields, plain or dotted, with an optional
 * `_id: 0 | 1`; undefined for anything else (exclusions, operators, `arr.$`, numeric or `_id.`
 * paths, one path inside another), which mingo answers.
 */
export function inclusionOf(projection: Doc): { fields: Inclusion; id: boolean } | undefined {
  const fields: Inclusion = new Map();
  let id = true;
  for (const [key, value] of Object.entries(projection)) {
    const on = value === 1 || value === true;
    if (key === '_id' && (on || value === 0 || value === false)) {
      id = on;
      continue;
    }
    const path = key.split('.');
    if (!on || path[0] === '_id' || path.some((s) => s === '' || s.startsWith('$') || /^\d+$/.test(s))) {
      return undefined;
    }
    if (!addPath(fields, path)) return undefined;
  }
  return fields.size > 0 ? { fields, id } : undefined;
}

/** Adds one path; false on a collision (`a` with `a.b`), which MongoDB refuses. */
function addPath(tree: Inclusion, path: string[]): boolean {
  let node = tree;
  for (const [i, segment] of path.entries()) {
    const last = i === path.length - 1;
    const child = node.get(segment);
    if (child === true || (child && last)) return false;
    if (last) node.set(segment, true);
    else if (!child) node.set(segment, (node = new Map()));
    else node = child;
  }
  return true;
}

/** The included fields in the document's order (as MongoDB answers), `_id` first unless excluded. */
export function pickFields(doc: Doc, { fields, id }: { fields: Inclusion; id: boolean }): Doc {
  const out: Doc = {};
  if (id && '_id' in doc) out._id = doc._id;
  for (const key of Object.keys(doc)) if (key !== '_id') keep(out, key, doc[key], fields.get(key));
  return out;
}

function keep(out: Doc, key: string, value: unknown, spec: Inclusion | true | undefined): void {
  if (spec === undefined) return;
  if (spec === true) out[key] = value;
  else if (Array.isArray(value)) out[key] = pickInArray(value, spec);
  else if (isPlainObject(value)) out[key] = pickIn(value, spec);
  // A scalar (or null) where the path goes deeper holds none of it: the field is left out.
}

function pickIn(doc: Doc, fields: Inclusion): Doc {
  const out: Doc = {};
  for (const key of Object.keys(doc)) keep(out, key, doc[key], fields.get(key));
  return out;
}

/** Each element's fields; elements that are not documents (or arrays of them) are left out. */
function pickInArray(values: unknown[], fields: Inclusion): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    if (Array.isArray(v)) out.push(pickInArray(v, fields));
    else if (isPlainObject(v)) out.push(pickIn(v, fields));
  }
  return out;
}

/**
 * The top-level fields an exclusion-only projection drops (`{ a: 0, _id: 0 }`); undefined for
 * anything else (dotted paths, inclusions, operators), which mingo or `inclusionOf` answers.
 */
export function exclusionOf(projection: Doc): Set<string> | undefined {
  const dropped = new Set<string>();
  for (const [key, value] of Object.entries(projection)) {
    if ((value !== 0 && value !== false) || key === '' || key.includes('.') || key.startsWith('$')) {
      return undefined;
    }
    dropped.add(key);
  }
  return dropped.size > 0 ? dropped : undefined;
}

/** The document without the dropped fields, the others in its order. */
export function dropFields(doc: Doc, dropped: Set<string>): Doc {
  const out: Doc = {};
  for (const key of Object.keys(doc)) if (!dropped.has(key)) out[key] = doc[key];
  return out;
}
