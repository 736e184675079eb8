// The in-memory data: databases -> collections -> documents (view form, see values.ts) + indexes.
// Every method is synchronous, so each command's mutation is atomic w.r.t. every other command.
import { UUID, type Document } from 'bson';
import { Query } from 'mingo';
import { Index, type IndexSpec } from './indexes';
import { prefixKey } from './ordered-groups';
import {
  badValue,
  decimalRefused,
  duplicateKey,
  immutableId,
  MongoCommandError,
  namespaceNotFound,
} from './errors';
import { containsDecimal, isIndexableScalar, isPlainObject, keyOf, stripIndexes, type Doc } from './values';

export class Collection {
  /** canonical _id key -> document; Map order is the natural (insertion) order. */
  readonly docs = new Map<string, Doc>();
  readonly indexes: Index[] = [];
  /** Paths (array indexes stripped) where a Decimal128 has ever been stored. */
  readonly decimalPaths = new Set<string>();
  readonly uuid = new UUID();
  /** Documents tested against a filter (serverStatus metrics.queryExecutor.scannedObjects). */
  readonly metrics = { scannedObjects: 0 };

  constructor(
    readonly dbName: string,
    readonly name: string,
    readonly options: Document = {},
  ) {}

  get ns(): string {
    return `${this.dbName}.${this.name}`;
  }

  private idDuplicate(doc: Doc): MongoCommandError {
    return duplicateKey(this.ns, '_id_', { _id: 1 }, { _id: doc._id });
  }

  /** Throws E11000 if `doc` (with canonical id `id`) collides in a unique index. */
  private checkUnique(id: string, doc: Doc): void {
    for (const idx of this.indexes) {
      const hit = idx.conflict(id, idx.entries(doc));
      if (hit) throw duplicateKey(this.ns, idx.name, idx.spec.key, idx.keyValue(hit));
    }
  }

  insert(doc: Doc): void {
    if (Array.isArray(doc._id))
      throw new MongoCommandError(53, 'InvalidIdField', "can't use an array for _id");
    const id = keyOf(doc._id);
    if (this.docs.has(id)) throw this.idDuplicate(doc);
    this.checkUnique(id, doc);
    this.docs.set(id, doc);
    for (const idx of this.indexes) idx.add(id, idx.entries(doc));
  }

  /** Replace a stored document by a new version (never mutate stored documents in place). */
  replace(oldDoc: Doc, newDoc: Doc): void {
    const id = keyOf(oldDoc._id);
    if (keyOf(newDoc._id) !== id) {
      throw immutableId();
    }
    this.checkUnique(id, newDoc);
    for (const idx of this.indexes) idx.remove(id, idx.entries(oldDoc));
    this.docs.set(id, newDoc);
    for (const idx of this.indexes) idx.add(id, idx.entries(newDoc));
  }

  remove(doc: Doc): void {
    const id = keyOf(doc._id);
    if (!this.docs.delete(id)) return;
    for (const idx of this.indexes) idx.remove(id, idx.entries(doc));
  }

  /**
   * Query planner: the smallest candidate set an index can give for the filter's top-level equality
   * (or $in) conditions, or a range on an index's leading field; undefined: every document.
   * `exact` when the index lookup alone decides the filter (every field an equality or `$in` on
   * non-null scalars that the lookup used), so the candidates need no re-test.
   */
  plan(filter: Doc): { ids: Set<string>; exact: boolean } | undefined {
    const fields = Object.keys(filter);
    const covers = (used: string[]) =>
      fields.every((f) => used.includes(f) && !f.includes('.') && exactKeys(filter[f]) !== undefined);
    const idKeys = '_id' in filter ? eqKeys(filter._id) : undefined;
    if (idKeys) return { ids: new Set(idKeys.filter((k) => this.docs.has(k))), exact: covers(['_id']) };

    let best: { ids: Set<string>; exact: boolean } | undefined;
    for (const idx of this.indexes) {
      if (!idx.coversAllDocs && !idx.impliedBy(filter)) continue;
      const lead = idx.fields[0] as string;
      if (!(lead in filter)) continue;
      const leadKeys = eqKeys(filter[lead]);
      if (!leadKeys) continue;
      let ids: Set<string>;
      let used = [lead];
      const restKeys = idx.fields.slice(1).map((f) => (f in filter ? eqKeys(filter[f]) : undefined));
      if (idx.fields.length > 1 && leadKeys.length === 1 && restKeys.every((k) => k?.length === 1)) {
        const full = JSON.stringify([leadKeys[0], ...restKeys.map((k) => (k as string[])[0])]);
        ids = idx.full.get(full) ?? new Set();
        used = idx.fields;
      } else {
        const second = idx.fields[1];
        const secondKeys = second !== undefined && second in filter ? eqKeys(filter[second]) : undefined;
        const pair =
          second !== undefined && second in filter
            ? idx.pairLookup(leadKeys, secondKeys, filter[second])
            : undefined;
        if (pair) {
          ids = pair;
          if (secondKeys) used = [lead, second as string];
        } else {
          ids = new Set();
          for (const k of leadKeys) for (const id of idx.leading.get(k) ?? []) ids.add(id);
        }
      }
      if (!best || ids.size < best.ids.size) best = { ids, exact: covers(used) };
      if (best.ids.size === 0) break;
    }
    // A Date/number range on an index's leading field competes with the equality plans: the outbox's
    // `wechatStatus: 'pending'` matches every pending item, its due range only the due ones.
    if (!best || best.ids.size > 0) {
      for (const idx of this.indexes) {
        const lead = idx.fields[0] as string;
        const ids = lead in filter ? idx.range(filter[lead], filter) : undefined;
        if (ids && (!best || ids.size < best.ids.size)) best = { ids, exact: false };
      }
    }
    return best;
  }

  private docsOf(ids: Iterable<string>): Doc[] {
    const out: Doc[] = [];
    for (const id of ids) {
      const d = this.docs.get(id);
      if (d) out.push(d);
    }
    return out;
  }

  /** Documents matching `filter`, in natural order (sorting is the caller's business). */
  match(filter: Doc, stopAfter = Infinity): Doc[] {
    this.refuseDecimalPaths(filterPaths(filter));
    refuseNumericTypeQueries(filter);
    const plan = this.plan(filter);
    const cands = plan ? this.docsOf(plan.ids) : [...this.docs.values()];
    if (Object.keys(filter).length === 0 || plan?.exact) {
      const out = cands.slice(0, stopAfter);
      this.metrics.scannedObjects += out.length;
      return out;
    }
    const test = simpleMatcher(filter) ?? queryTest(filter);
    const out: Doc[] = [];
    let scanned = 0;
    for (const d of cands) {
      scanned++;
      if (!test(d)) continue;
      out.push(d);
      if (out.length >= stopAfter) break;
    }
    this.metrics.scannedObjects += scanned;
    if (scanned > LOG_SCANS_OVER) logScan(this.ns, filter, scanned, out.length);
    return out;
  }

  /** How many documents match `filter`: read from the index alone when its lookup decides the filter. */
  count(filter: Doc): number {
    if (containsDecimal(filter)) throw decimalRefused();
    if (Object.keys(filter).length === 0) return this.docs.size;
    this.refuseDecimalPaths(filterPaths(filter));
    const plan = this.plan(filter);
    if (plan?.exact) return plan.ids.size;
    return this.match(filter).length;
  }

  /**
   * `find(filter).sort(sort).limit(k)` read in the order of a compound index whose fields after an
   * equality / `$in` prefix are the sort's (either direction): the first k matches, testing only the
   * documents before them. `{ handlingOrgPath, state: { $in }, sortDue, _id }` serves the inbox page,
   * `{ orgId, seq }` the audit chain's tail. Undefined when no index serves the sort or another plan
   * reads fewer documents; the caller then matches and sorts.
   */
  inIndexOrder(filter: Doc, sort: Doc, k: number): Doc[] | undefined {
    const sortKeys = Object.keys(sort);
    const dirs = sortKeys.map((f) => sort[f]);
    if (sortKeys.length === 0 || dirs.some((d) => d !== 1 && d !== -1) || '_id' in filter) return undefined;
    for (const idx of this.indexes) {
      if (!idx.coversAllDocs && !idx.impliedBy(filter)) continue;
      const p = idx.fields.indexOf(sortKeys[0] as string);
      if (p < 1 || sortKeys.some((f, i) => idx.fields[p + i] !== f)) continue;
      const prefix = idx.fields.slice(0, p).map((f) => (f in filter ? eqKeys(filter[f]) : undefined));
      if (prefix.some((keys) => keys === undefined)) continue;
      const relative = sortKeys.map((f, i) => (dirs[i] as number) * (Number(idx.spec.key[f]) < 0 ? -1 : 1));
      if (relative.some((r) => r !== relative[0])) continue;
      const prefixes = cartesian(prefix as string[][]).map(prefixKey);
      if (prefixes.length > MAX_MERGED_GROUPS) continue;
      const groups = idx.orderedBy(p)!;
      const onPrefix = Object.keys(filter).every((f) => idx.fields.slice(0, p).includes(f));
      const exact = onPrefix && Object.keys(filter).every((f) => !f.includes('.') && exactKeys(filter[f]));
      // With conditions beyond the prefix the scan may read its whole groups: only worth it when
      // those hold no more documents than the best lookup plan would read and then sort.
      if (!onPrefix && groups.size(prefixes) > (this.plan(filter)?.ids ?? this.docs).size) continue;
      this.refuseDecimalPaths([...filterPaths(filter), ...sortKeys]);
      refuseNumericTypeQueries(filter);
      const test = exact ? () => true : (simpleMatcher(filter) ?? queryTest(filter));
      const out: Doc[] = [];
      let scanned = 0;
      for (const id of groups.ids(prefixes, relative[0] === -1)) {
        if (out.length >= k) break;
        const d = this.docs.get(id);
        if (!d) continue;
        scanned++;
        if (test(d)) out.push(d);
      }
      this.metrics.scannedObjects += scanned;
      if (scanned > LOG_SCANS_OVER) logScan(this.ns, filter, scanned, out.length);
      return out;
    }
    return undefined;
  }

  /** NOTE: mingo mis-compares Decimal128, so any comparison touching a decimal path is refused. */
  refuseDecimalPaths(paths: string[]): void {
    if (this.decimalPaths.size === 0) return;
    for (const raw of paths) {
      const p = stripIndexes(raw);
      for (const d of this.decimalPaths) {
        if (p === '' || d === p || d.startsWith(`${p}.`) || p.startsWith(`${d}.`)) throw decimalRefused();
      }
    }
  }

  createIndex(spec: IndexSpec): boolean {
    const existing = this.indexes.find((i) => i.name === spec.name);
    if (existing) {
      if (JSON.stringify(existing.spec) === JSON.stringify(spec)) return false;
      const sameKeys = JSON.stringify(existing.spec.key) === JSON.stringify(spec.key);
      throw new MongoCommandError(
        sameKeys ? 85 : 86,
        sameKeys ? 'IndexOptionsConflict' : 'IndexKeySpecsConflict',
        `An existing index has the same name as the requested index. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(existing.spec)}`,
      );
    }
    const sameKey = this.indexes.find((i) => JSON.stringify(i.spec.key) === JSON.stringify(spec.key));
    if (sameKey) {
      throw new MongoCommandError(
        85,
        'IndexOptionsConflict',
        `Index already exists with a different name: ${sameKey.name}`,
      );
    }
    const idx = new Index(spec);
    // Build it fully before publishing it, so a duplicate leaves the collection untouched.
    for (const [id, doc] of this.docs) {
      const entries = idx.entries(doc);
      const hit = idx.conflict(id, entries);
      if (hit) throw duplicateKey(this.ns, idx.name, idx.spec.key, idx.keyValue(hit));
      idx.add(id, entries);
    }
    this.indexes.push(idx);
    return true;
  }

  dropIndex(name: string): void {
    const at = this.indexes.findIndex((i) => i.name === name);
    if (at < 0) throw new MongoCommandError(27, 'IndexNotFound', `index not found with name [${name}]`);
    this.indexes.splice(at, 1);
  }

  listIndexes(): Document[] {
    return [{ v: 2, key: { _id: 1 }, name: '_id_' }, ...this.indexes.map((i) => i.describe())];
  }

  /** Delete documents whose TTL index date is older than expireAfterSeconds. Returns the count. */
  sweepTtl(now: number): number {
    let removed = 0;
    for (const idx of this.indexes) {
      const secs = idx.spec.expireAfterSeconds;
      const field = idx.fields[0];
      if (secs === undefined || idx.fields.length !== 1 || field === undefined) continue;
      // The index is ordered by the date: read only the expired entries (every 5 s, over collections
      // such as rate-limit windows that grow with traffic), scanning only where it cannot serve.
      const expired = idx.range({ $lte: new Date(now - secs * 1000) });
      const candidates = expired
        ? [...expired].map((id) => this.docs.get(id)).filter((d): d is Doc => d !== undefined)
        : [...this.docs.values()];
      for (const doc of candidates) {
        const v = doc[field];
        const dates = (Array.isArray(v) ? v : [v]).filter((x): x is Date => x instanceof Date);
        if (dates.length === 0) continue;
        const earliest = Math.min(...dates.map((d) => d.getTime()));
        if (earliest + secs * 1000 <= now) {
          this.remove(doc);
          removed++;
        }
      }
    }
    return removed;
  }
}

export class Database {
  readonly collections = new Map<string, Collection>();
  constructor(readonly name: string) {}

  get(name: string): Collection | undefined {
    return this.collections.get(name);
  }

  /** Implicit creation, like MongoDB does on first write. */
  ensure(name: string): Collection {
    validateCollectionName(name);
    let c = this.collections.get(name);
    if (!c) this.collections.set(name, (c = new Collection(this.name, name)));
    return c;
  }

  mustGet(name: string): Collection {
    const c = this.collections.get(name);
    if (!c) throw namespaceNotFound(`ns does not exist: ${this.name}.${name}`);
    return c;
  }
}

export class Store {
  readonly databases = new Map<string, Database>();

  db(name: string): Database {
    if (!name || /[/\\. "$]/.test(name))
      throw new MongoCommandError(73, 'InvalidNamespace', `Invalid database name: '${name}'`);
    let d = this.databases.get(name);
    if (!d) this.databases.set(name, (d = new Database(name)));
    return d;
  }

  /** Documents examined by queries so far, over every collection (like mongod's serverStatus). */
  scannedObjects(): number {
    let n = 0;
    for (const d of this.databases.values())
      for (const c of d.collections.values()) n += c.metrics.scannedObjects;
    return n;
  }

  sweepTtl(now = Date.now()): number {
    let n = 0;
    for (const d of this.databases.values()) for (const c of d.collections.values()) n += c.sweepTtl(now);
    return n;
  }
}

function validateCollectionName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name === '' || name.includes('$') || name.includes('\0')) {
    throw new MongoCommandError(73, 'InvalidNamespace', `Invalid collection name: ${String(name)}`);
  }
}

/**
 * Debug switch: DEVDB_LOG_SCANS=<n> prints every query that examined more than n documents (one
 * line on stderr: namespace, examined, matched, filter) — how the bench finds filters no index serves.
 */
const LOG_SCANS_OVER = Number(process.env.DEVDB_LOG_SCANS ?? Infinity);

function logScan(ns: string, filter: Doc, scanned: number, matched: number): void {
  const shown = JSON.stringify(filter, (_k, v: unknown) =>
    typeof v === 'string' && v.length > 60 ? `${v.slice(0, 60)}…` : v,
  );
  process.stderr.write(`devdb scan ${ns} examined=${scanned} matched=${matched} filter=${shown}\n`);
}

/** Most index groups one ordered scan merges (a `$in` per prefix field multiplies them). */
const MAX_MERGED_GROUPS = 64;

function cartesian(lists: string[][]): string[][] {
  let out: string[][] = [[]];
  for (const list of lists) out = out.flatMap((c) => list.map((k) => [...c, k]));
  return out;
}

/** Index keys of an equality or `$in` on scalars (null included: it matches missing, like the index). */
function eqKeys(cond: unknown): string[] | undefined {
  if (isPlainObject(cond)) {
    const ks = Object.keys(cond);
    if (ks.length === 1 && ks[0] === '$eq' && isIndexableScalar(cond.$eq)) return [keyOf(cond.$eq)];
    if (ks.length === 1 && ks[0] === '$in' && Array.isArray(cond.$in) && cond.$in.every(isIndexableScalar))
      return (cond.$in as unknown[]).map(keyOf);
    return undefined;
  }
  return isIndexableScalar(cond) ? [keyOf(cond)] : undefined;
}

/**
 * Keys of a condition the index alone decides: equality or `$in` on non-null scalars (null also
 * matches arrays holding null and is left to the matcher).
 */
function exactKeys(cond: unknown): string[] | undefined {
  const values = isPlainObject(cond) ? (cond.$in ?? [cond.$eq]) : [cond];
  if (!Array.isArray(values) || values.some((v) => v === null || v === undefined)) return undefined;
  return eqKeys(cond);
}

function queryTest(filter: Doc): (d: Doc) => boolean {
  const q = new Query(filter, {});
  return (d) => q.test(d);
}

/**
 * The list queries' filters — top-level equality or `$in` on non-null scalars — tested without
 * mingo, which costs ~10x more per document (bench: the inbox tested 500 items per request).
 * Arrays match when an element is equal, as in MongoDB; anything else goes to mingo.
 */
function simpleMatcher(filter: Doc): ((d: Doc) => boolean) | undefined {
  const tests: ((d: Doc) => boolean)[] = [];
  const scalar = (v: unknown) => v !== null && v !== undefined && isIndexableScalar(v);
  for (const [field, cond] of Object.entries(filter)) {
    if (field.startsWith('$') || field.includes('.')) return undefined;
    let keys: Set<string>;
    if (scalar(cond)) keys = new Set([keyOf(cond)]);
    else if (isPlainObject(cond) && Object.keys(cond).length === 1 && Array.isArray(cond.$in)) {
      if (!cond.$in.every(scalar)) return undefined;
      keys = new Set((cond.$in as unknown[]).map(keyOf));
    } else return undefined;
    tests.push((d) => {
      const v = d[field];
      if (Array.isArray(v)) return v.some((x) => scalar(x) && keys.has(keyOf(x)));
      return scalar(v) && keys.has(keyOf(v));
    });
  }
  return (d) => tests.every((t) => t(d));
}

/** Field paths a filter compares against (for the Decimal128 guard). */
export function filterPaths(filter: unknown, prefix = ''): string[] {
  if (!isPlainObject(filter)) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' || k === '$or' || k === '$nor') {
      if (Array.isArray(v)) for (const sub of v) out.push(...filterPaths(sub, prefix));
    } else if (k.startsWith('$')) {
      if (k === '$expr' || k === '$where') out.push(...(prefix ? [prefix] : ['']));
    } else {
      const path = prefix ? `${prefix}.${k}` : k;
      out.push(path);
      if (isPlainObject(v) && isPlainObject(v.$elemMatch)) out.push(...filterPaths(v.$elemMatch, path));
    }
  }
  return out;
}

const NUMERIC_TYPES = new Set<unknown>(['double', 1, 'int', 16, 'long', 18, 'decimal', 19]);

/**
 * NOTE: stored numbers are plain JS numbers (see values.ts), so mingo's $type guesses int vs double
 * from the value (2.0 looks like an int). Refuse queries that depend on that distinction.
 */
function refuseNumericTypeQueries(filter: unknown): void {
  if (Array.isArray(filter)) return filter.forEach(refuseNumericTypeQueries);
  if (!isPlainObject(filter)) return;
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$type' && (Array.isArray(v) ? v : [v]).some((t) => NUMERIC_TYPES.has(t))) {
      throw badValue(
        `devdb cannot tell numeric BSON types apart in $type queries; use $type: 'number' instead`,
      );
    }
    refuseNumericTypeQueries(v);
  }
}
