// Secondary indexes: a Map from canonical key string to the ids (canonical _id keys) of the documents
// holding it. Used for unique enforcement and for equality lookups in the query planner.
import { Query } from 'mingo';
import type { Document } from 'bson';
import { isIndexableScalar, isPlainObject, keyOf, pathValues, type Doc } from './values';
import { badValue } from './errors';
import { firstNotBefore } from './compare';
import { OrderedGroups, type Row } from './ordered-groups';

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
  private readonly partial?: (doc: Doc) => boolean;
  /** leading-field key -> its value, for range lookups. */
  private readonly leadValues = new Map<string, unknown>();
  /**
   * Compound indexes: leading key -> second-field key -> its value and ids, so an equality on the
   * first field plus an equality, `$in` or range on the second reads only those documents.
   */
  private readonly pairs = new Map<string, Map<string, { value: unknown; ids: Set<string> }>>();
  /** Leading keys of Date / number values in ascending order; rebuilt lazily after key changes. */
  private sorted?: { at: number[]; keys: string[] };
  /** Compound indexes: full key -> its field values and ids, for the ordered groups. */
  private readonly rows = new Map<string, Row>();
  /** Prefix length -> rows grouped by that prefix in index order; built on first use, then kept. */
  private readonly ordered = new Map<number, OrderedGroups>();

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    if (this.fields.length === 0) throw badValue('Index keys cannot be empty.');
    for (const dir of Object.values(spec.key)) {
      // NOTE: text/2dsphere/hashed indexes would silently behave like plain ones; refuse instead.
      if (typeof dir === 'string') throw badValue(`devdb does not support '${dir}' indexes`);
    }
    this.leading = this.fields.length === 1 ? this.full : new Map();
    if (spec.partialFilterExpression) this.partial = partialTest(spec.partialFilterExpression);
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
    if (this.partial && !this.partial(doc)) return [];
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
      if (this.fields.length > 1 && !this.rows.has(e.full)) {
        const row = { values: e.values, ids: this.full.get(e.full)! };
        this.rows.set(e.full, row);
        for (const groups of this.ordered.values()) groups.add(row);
      }
      if (this.fields.length > 1) {
        let seconds = this.pairs.get(e.leading);
        if (!seconds) this.pairs.set(e.leading, (seconds = new Map()));
        const k = keyOf(e.values[1]);
        let slot = seconds.get(k);
        if (!slot) seconds.set(k, (slot = { value: e.values[1], ids: new Set() }));
        slot.ids.add(id);
      }
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
      const row = this.full.has(e.full) ? undefined : this.rows.get(e.full);
      if (row) {
        this.rows.delete(e.full);
        for (const groups of this.ordered.values()) groups.remove(row);
      }
      const seconds = this.pairs.get(e.leading);
      const k = this.fields.length > 1 ? keyOf(e.values[1]) : '';
      const slot = seconds?.get(k);
      if (seconds && slot) {
        slot.ids.delete(id);
        if (slot.ids.size === 0) seconds.delete(k);
        if (seconds.size === 0) this.pairs.delete(e.leading);
      }
      if (!this.leading.has(e.leading) && this.leadValues.delete(e.leading)) this.sorted = undefined;
    }
  }

  /**
   * Ids of the documents whose leading value lies in a `$gt/$gte/$lt/$lte` range of Dates or
   * numbers, or undefined when the condition is no such range or the index may miss matches.
   * NOTE: like MongoDB, a range only matches values of its bound's type (type bracketing).
   */
  range(cond: unknown, filter: Document = {}): Set<string> | undefined {
    const bounds = rangeBounds(cond);
    if (!bounds || !(this.holdsEveryMatch(bounds.type) || this.impliedBy(filter))) return undefined;
    const sorted = this.sortedKeys();
    const ids = new Set<string>();
    // The first key above `low` (or equal to it, when inclusive).
    let i = firstNotBefore(sorted.at.length, (k) => {
      const v = sorted.at[k]!;
      return v < bounds.low || (v === bounds.low && !bounds.lowInclusive);
    });
    for (; i < sorted.at.length; i++) {
      const at = sorted.at[i]!;
      if (at > bounds.high || (at === bounds.high && !bounds.highInclusive)) break;
      const typeOk = this.leadValues.get(sorted.keys[i]!) instanceof Date === (bounds.type === 'date');
      if (typeOk) for (const id of this.leading.get(sorted.keys[i]!) ?? []) ids.add(id);
    }
    return ids;
  }

  /**
   * Ids of a compound index's documents whose leading key is one of `leadKeys` and whose second
   * field is one of `secondKeys` or, when `secondKeys` is undefined, in the range `cond` (undefined:
   * not a range this can serve). Only documents that can match are returned (type bracketing).
   */
  pairLookup(leadKeys: string[], secondKeys: string[] | undefined, cond: unknown): Set<string> | undefined {
    if (this.fields.length < 2) return undefined;
    const tests = secondKeys ? [] : rangeTests(cond);
    if (!secondKeys && !tests) return undefined;
    // NOTE: per bound, then intersected: an array matches `{ $gt: 1, $lt: 5 }` when one element
    // passes each bound, not necessarily the same element (MongoDB's multikey semantics).
    const perBound = (tests ?? []).map(() => new Set<string>());
    const ids = new Set<string>();
    for (const lead of leadKeys) {
      const seconds = this.pairs.get(lead);
      if (!seconds) continue;
      if (secondKeys) {
        for (const k of secondKeys) for (const id of seconds.get(k)?.ids ?? []) ids.add(id);
        continue;
      }
      for (const slot of seconds.values()) {
        tests!.forEach((t, i) => {
          if (t(slot.value)) for (const id of slot.ids) perBound[i]!.add(id);
        });
      }
    }
    if (secondKeys) return ids;
    const [first, ...rest] = perBound;
    for (const id of first ?? []) if (rest.every((set) => set.has(id))) ids.add(id);
    return ids;
  }

  /**
   * The index's rows grouped by their first `p` fields (1 ≤ p < fields) in index order: what serves a
   * sort on the fields after an equality or `$in` prefix. Undefined for single-field indexes.
   */
  orderedBy(p: number): OrderedGroups | undefined {
    if (p < 1 || p >= this.fields.length) return undefined;
    let groups = this.ordered.get(p);
    if (!groups) {
      const dirs = this.fields.map((f) => (Number(this.spec.key[f]) < 0 ? -1 : 1));
      this.ordered.set(p, (groups = new OrderedGroups(p, dirs, this.rows.values())));
    }
    return groups;
  }

  /**
   * Whether a partial index holds every document `filter` can match: each field of its
   * partialFilterExpression is a scalar equality the filter repeats (`{ wechatStatus: 'pending' }`),
   * or a `$exists: true` / `$type` the filter's equality on that field implies (an idempotency key,
   * `{ key: { $type: 'string' } }`, looked up by `{ key: 'k-1' }`).
   */
  impliedBy(filter: Document): boolean {
    const partial = this.spec.partialFilterExpression;
    if (!partial || this.spec.sparse || Object.keys(partial).length === 0) return false;
    return Object.entries(partial).every(([field, want]) => {
      if (!(field in filter)) return false;
      const got: unknown = filter[field];
      const eq = isPlainObject(got) && Object.keys(got).length === 1 && '$eq' in got ? got.$eq : got;
      if (!isIndexableScalar(eq) || eq === null) return false;
      if (isPlainObject(want)) return conditionHolds(want, eq);
      return isIndexableScalar(want) && want !== null && keyOf(eq) === keyOf(want);
    });
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

/**
 * One test per bound of a `$gt/$gte/$lt/$lte` condition whose bounds are all Dates, all numbers or
 * all strings (undefined otherwise). Like MongoDB a bound matches only values of its type; strings
 * compare by UTF-16 code units (MongoDB: UTF-8 bytes; the same order outside the supplementary planes).
 */
function rangeTests(cond: unknown): ((v: unknown) => boolean)[] | undefined {
  if (!isPlainObject(cond)) return undefined;
  const ops = Object.entries(cond);
  if (ops.length === 0 || ops.some(([op]) => !RANGE_OPS.has(op))) return undefined;
  const kind = (v: unknown) =>
    v instanceof Date
      ? 'date'
      : typeof v === 'number'
        ? 'number'
        : typeof v === 'string'
          ? 'string'
          : undefined;
  const k = kind(ops[0]![1]);
  if (!k || ops.some(([, v]) => kind(v) !== k || (typeof v === 'number' && Number.isNaN(v))))
    return undefined;
  const plain = (v: unknown) => (v instanceof Date ? v.getTime() : (v as number | string));
  return ops.map(([op, b]) => {
    const y = plain(b);
    return (v: unknown) => {
      if (kind(v) !== k) return false;
      const x = plain(v);
      if (typeof x === 'number' && Number.isNaN(x)) return false;
      return op === '$gt' ? x > y : op === '$gte' ? x >= y : op === '$lt' ? x < y : x <= y;
    };
  });
}

/**
 * Whether a document belongs in a partial index. A field's `{ $exists: true }` or `{ $type: 'string' |
 * 'date' }` is judged on every value its path reaches, as MongoDB does: `{ 'notes.at': { $type:
 * 'date' } }` holds when any element of `notes` has a date `at` (mingo looks at the array itself and
 * left such documents out of the index, so a range query through it found none). Other filters go
 * to mingo.
 */
function partialTest(filter: Document): (doc: Doc) => boolean {
  const conditions = Object.entries(filter);
  const judged = conditions.every(
    ([field, cond]) =>
      !field.startsWith('$') &&
      isPlainObject(cond) &&
      Object.keys(cond).length === 1 &&
      (cond.$exists === true || ['string', 2, 'date', 9].includes(cond.$type as string | number)),
  );
  if (!judged) {
    const query = new Query(filter, {});
    return (doc) => query.test(doc);
  }
  return (doc) =>
    conditions.every(([field, cond]) =>
      pathValues(doc, field).some(
        (v) => v !== undefined && conditionHolds(cond as Record<string, unknown>, v),
      ),
    );
}

/** Whether a partial filter's `{ $exists: true }` or `{ $type: 'string' | 'date' }` holds for `value`. */
function conditionHolds(condition: Record<string, unknown>, value: unknown): boolean {
  const [op, arg, ...more] = Object.entries(condition).flat();
  if (more.length > 0) return false;
  if (op === '$exists') return arg === true;
  if (op !== '$type') return false;
  if (arg === 'string' || arg === 2) return typeof value === 'string';
  if (arg === 'date' || arg === 9) return value instanceof Date;
  return false;
}
