// Secondary indexes: a Map from canonical key string to the ids (canonical _id keys) of the documents
// holding it. Used for unique enforcement and for equality lookups in the query planner.
import { Query } from 'mingo';
import type { Document } from 'bson';
import { keyOf, pathValues, type Doc } from './values';
import { badValue } from './errors';

export interface IndexSpec {
  key: Document;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
}

export interface IndexEntry {
  /** Canonical key of all fields (compound) — used for uniqueness. */
  full: string;
  /** Canonical key of the leading field only — used for lookups by a key prefix. */
  leading: string;
  values: unknown[];
}

export class Index {
  readonly fields: string[];
  /** full key -> doc ids */
  readonly full = new Map<string, Set<string>>();
  /** leading-field key -> doc ids (same Map as `full` for single-field indexes) */
  readonly leading: Map<string, Set<string>>;
  private readonly partial?: Query;
  /** leading-field key -> its value, for range lookups. */
  private readonly leadValues = new Map<string, unknown>();
  /** Leading keys of Date / number values in ascending order; rebuilt lazily after key changes. */
  private sorted?: { at: number[]; keys: string[] };

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    if (this.fields.length === 0) throw badValue('Index keys cannot be empty.');
    for (const dir of Object.values(spec.key)) {
      // NOTE: text/2dsphere/hashed indexes would silently behave like plain ones; refuse instead.
      if (typeof dir === 'string') throw badValue(`devdb does not support '${dir}' indexes`);
    }
    this.leading = this.fields.length === 1 ? this.full : new Map();
    if (spec.partialFilterExpression) this.partial = new Query(spec.partialFilterExpression, {});
  }

  get name(): string {
    return this.spec.name;
  }

  /** Whether the index can serve as a superset for equality lookups (it holds every document). */
  get coversAllDocs(): boolean {
    return !this.spec.sparse && !this.partial;
  }

  /** Index entries for a document; empty if the document is excluded (sparse / partial filter). */
  entries(doc: Doc): IndexEntry[] {
    if (this.partial && !this.partial.test(doc)) return [];
    const perField = this.fields.map((f) => pathValues(doc, f));
    if (this.spec.sparse && perField.every((vals) => vals.every((v) => v === undefined))) return [];
    // Cartesian product over multikey fields (MongoDB allows only one array per compound key).
    let combos: unknown[][] = [[]];
    for (const vals of perField) {
      const next: unknown[][] = [];
      for (const c of combos) for (const v of dedupe(vals)) next.push([...c, v]);
      combos = next;
    }
    return combos.map((values) => ({
      full: values.length === 1 ? keyOf(values[0]) : JSON.stringify(values.map(keyOf)),
      leading: keyOf(values[0]),
      values,
    }));
  }

  add(id: string, entries: IndexEntry[]): void {
    for (const e of entries) {
      addTo(this.full, e.full, id);
      if (this.leading !== this.full) addTo(this.leading, e.leading, id);
      if (!this.leadValues.has(e.leading)) {
        this.leadValues.set(e.leading, e.values[0]);
        this.sorted = undefined;
      }
    }
  }

  remove(id: string, entries: IndexEntry[]): void {
    for (const e of entries) {
      removeFrom(this.full, e.full, id);
      if (this.leading !== this.full) removeFrom(this.leading, e.leading, id);
      if (!this.leading.has(e.leading) && this.leadValues.delete(e.leading)) this.sorted = undefined;
    }
  }

  /**
   * Ids of the documents whose leading value lies in a `$gt/$gte/$lt/$lte` range of Dates or
   * numbers, or undefined when the condition is no such range or the index may miss matches.
   * NOTE: like MongoDB, a range only matches values of its bound's type (type bracketing).
   */
  range(cond: unknown): Set<string> | undefined {
    const bounds = rangeBounds(cond);
    if (!bounds || !this.holdsEveryMatch(bounds.type)) return undefined;
    const sorted = this.sortedKeys();
    const ids = new Set<string>();
    let i = lowerBound(sorted.at, bounds.low, bounds.lowInclusive);
    for (; i < sorted.at.length; i++) {
      const at = sorted.at[i]!;
      if (at > bounds.high || (at === bounds.high && !bounds.highInclusive)) break;
      const typeOk = this.leadValues.get(sorted.keys[i]!) instanceof Date === (bounds.type === 'date');
      if (typeOk) for (const id of this.leading.get(sorted.keys[i]!) ?? []) ids.add(id);
    }
    return ids;
  }

  /** Whether every document a range of `type` matches is in this index (partial/sparse indexes). */
  private holdsEveryMatch(type: 'date' | 'number'): boolean {
    if (this.coversAllDocs) return true;
    const lead = this.fields[0] as string;
    const filter = this.spec.partialFilterExpression;
    const cond = (filter && Object.keys(filter).length === 1 ? filter[lead] : undefined) as
      Record<string, unknown> | undefined;
    if (this.spec.sparse && !filter) return this.fields.length === 1;
    if (!cond || Object.keys(cond).length !== 1) return false;
    if (cond.$exists === true) return true;
    return cond.$type === type || (type === 'date' && cond.$type === 9);
  }

  private sortedKeys(): { at: number[]; keys: string[] } {
    if (this.sorted) return this.sorted;
    const rows: { at: number; key: string }[] = [];
    for (const [key, value] of this.leadValues) {
      const at = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : undefined;
      if (at !== undefined && !Number.isNaN(at)) rows.push({ at, key });
    }
    rows.sort((a, b) => a.at - b.at);
    this.sorted = { at: rows.map((r) => r.at), keys: rows.map((r) => r.key) };
    return this.sorted;
  }

  /** The first entry that collides with a document other than `selfId`. */
  conflict(selfId: string, entries: IndexEntry[]): IndexEntry | undefined {
    if (!this.spec.unique) return undefined;
    for (const e of entries) {
      const ids = this.full.get(e.full);
      if (ids) for (const other of ids) if (other !== selfId) return e;
    }
    return undefined;
  }

  keyValue(entry: IndexEntry): Document {
    const out: Document = {};
    this.fields.forEach((f, i) => (out[f] = entry.values[i] === undefined ? null : entry.values[i]));
    return out;
  }

  /** The listIndexes description. */
  describe(): Document {
    const { key, name, ...rest } = this.spec;
    return { v: 2, key, name, ...rest };
  }
}

function dedupe(vals: unknown[]): unknown[] {
  if (vals.length < 2) return vals;
  const seen = new Map<string, unknown>();
  for (const v of vals) if (!seen.has(keyOf(v))) seen.set(keyOf(v), v);
  return [...seen.values()];
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(id);
}

function removeFrom(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) map.delete(key);
}

interface RangeBounds {
  type: 'date' | 'number';
  low: number;
  lowInclusive: boolean;
  high: number;
  highInclusive: boolean;
}

const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte']);

function rangeBounds(cond: unknown): RangeBounds | undefined {
  if (cond === null || typeof cond !== 'object' || Array.isArray(cond) || cond instanceof Date)
    return undefined;
  const ops = Object.entries(cond as Record<string, unknown>);
  if (ops.length === 0 || ops.some(([op]) => !RANGE_OPS.has(op))) return undefined;
  const b: RangeBounds = {
    type: 'number',
    low: -Infinity,
    lowInclusive: true,
    high: Infinity,
    highInclusive: true,
  };
  const types = new Set<string>();
  for (const [op, v] of ops) {
    const at = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : undefined;
    if (at === undefined || Number.isNaN(at)) return undefined;
    types.add(v instanceof Date ? 'date' : 'number');
    if (op === '$gt' || op === '$gte') {
      if (at > b.low || (at === b.low && op === '$gt')) [b.low, b.lowInclusive] = [at, op === '$gte'];
    } else if (at < b.high || (at === b.high && op === '$lt'))
      [b.high, b.highInclusive] = [at, op === '$lte'];
  }
  if (types.size !== 1) return undefined;
  b.type = [...types][0] as 'date' | 'number';
  return b;
}

/** First position whose value is above `low` (or equal, when inclusive). */
function lowerBound(sorted: number[], low: number, inclusive: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v < low || (v === low && !inclusive)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
