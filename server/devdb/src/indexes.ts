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
    }
  }

  remove(id: string, entries: IndexEntry[]): void {
    for (const e of entries) {
      removeFrom(this.full, e.full, id);
      if (this.leading !== this.full) removeFrom(this.leading, e.leading, id);
    }
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
