// insert / find / update / delete / findAndModify / count / distinct.
import { ObjectId, type Document } from 'bson';
import { asCommandError, badValue, failedToParse } from '../errors';
import { asSort, findDocs, project } from '../query';
import type { Collection, Database } from '../store';
import {
  applyUpdate,
  assertNoPositionalInUpsert,
  parseUpdate,
  upsertSeed,
  type ParsedUpdate,
} from '../updates';
import {
  containsDecimal,
  docToView,
  keyOf,
  pathValues,
  setShadow,
  toView,
  type Doc,
  type Shadow,
} from '../values';
import { collName, optDoc, optNumber, type CommandContext, type Handler } from './context';

function writeError(index: number, err: unknown): Document {
  const e = asCommandError(err);
  return { index, code: e.code, errmsg: e.message, ...e.extra };
}

function withWriteErrors(reply: Document, writeErrors: Document[]): Document {
  return writeErrors.length ? { ...reply, writeErrors } : reply;
}

function rawArray(ctx: CommandContext, field: string): Document[] {
  const v = ctx.raw[field];
  if (!Array.isArray(v)) throw failedToParse(`BSON field '${field}' is missing but a required field`);
  return v as Document[];
}

/** Record where Decimal128 values now live, so later comparisons on them are refused. */
function noteDecimals(coll: Collection, doc: Doc): void {
  if (!containsDecimal(doc)) return;
  const decimals = new Set<string>();
  toView(doc, '', { decimals });
  for (const p of decimals) coll.decimalPaths.add(p);
}

const insert: Handler = (ctx) => {
  const coll = ctx.state.store.db(ctx.dbName).ensure(collName(ctx, 'insert'));
  const ordered = ctx.cmd.ordered !== false;
  const writeErrors: Document[] = [];
  let n = 0;
  rawArray(ctx, 'documents').forEach((raw, i) => {
    if (ordered && writeErrors.length) return;
    try {
      const shadow: Shadow = new Map();
      const decimals = new Set<string>();
      let doc = docToView(raw, { shadow, decimals });
      // MongoDB stores _id first whatever order the client used.
      if (!('_id' in doc)) doc = { _id: new ObjectId(), ...doc };
      else if (Object.keys(doc)[0] !== '_id') doc = { _id: doc._id, ...doc };
      setShadow(doc, shadow);
      coll.insert(doc);
      for (const p of decimals) coll.decimalPaths.add(p);
      n++;
    } catch (err) {
      writeErrors.push(writeError(i, err));
    }
  });
  return withWriteErrors({ n, ok: 1 }, writeErrors);
};

const find: Handler = (ctx) => {
  const name = collName(ctx, 'find');
  const coll = ctx.state.store.db(ctx.dbName).get(name);
  const skip = optNumber(ctx.cmd.skip) ?? 0;
  const limit = optNumber(ctx.cmd.limit) ?? 0;
  if (skip < 0) throw badValue('skip value must be non-negative');
  const stopAfter = limit ? skip + Math.abs(limit) : Infinity;
  const filter = optDoc(ctx.cmd.filter, 'filter');
  let docs = findDocs(coll, filter, asSort(ctx.cmd.sort), stopAfter);
  if (skip) docs = docs.slice(skip);
  if (limit) docs = docs.slice(0, Math.abs(limit));
  const out = project(
    docs,
    ctx.cmd.projection === undefined ? undefined : optDoc(ctx.cmd.projection, 'projection'),
    filter,
  );
  const single = ctx.cmd.singleBatch === true || limit < 0;
  return ctx.state.cursors.firstBatch(`${ctx.dbName}.${name}`, out, optNumber(ctx.cmd.batchSize), single);
};

interface UpdateOutcome {
  matched: number;
  modified: number;
  upsertedId?: unknown;
  before?: Doc;
  after?: Doc;
}

/** One update statement (also the core of findAndModify). */
function runUpdate(
  db: Database,
  name: string,
  filter: Doc,
  upd: ParsedUpdate,
  opts: { multi: boolean; upsert: boolean; arrayFilters?: Doc[]; sort?: Doc },
): UpdateOutcome {
  if (opts.multi && upd.kind === 'replacement') {
    throw failedToParse('multi update is not supported for replacement-style update');
  }
  // NOTE: like MongoDB, only an actual upsert creates a missing collection.
  const existing = db.get(name);
  let matches = findDocs(existing, filter, opts.sort ?? {}, opts.multi ? Infinity : 1);
  if (!opts.multi) matches = matches.slice(0, 1);
  let modified = 0;
  let before: Doc | undefined;
  let after: Doc | undefined;
  for (const doc of matches) {
    const coll = existing as Collection; // there are matches, so the collection exists
    const res = applyUpdate(coll, doc, upd, { filter, arrayFilters: opts.arrayFilters, inserting: false });
    if (res.changed) {
      coll.replace(doc, res.doc);
      noteDecimals(coll, res.doc);
      modified++;
    }
    before ??= doc;
    after ??= res.changed ? res.doc : doc;
  }
  if (matches.length > 0 || !opts.upsert) return { matched: matches.length, modified, before, after };

  assertNoPositionalInUpsert(upd);
  const coll = db.ensure(name);
  const seed = upsertSeed(filter);
  const base: Doc = upd.kind === 'replacement' ? ('_id' in seed ? { _id: seed._id } : {}) : seed;
  const res = applyUpdate(coll, base, upd, { filter, arrayFilters: opts.arrayFilters, inserting: true });
  coll.insert(res.doc);
  noteDecimals(coll, res.doc);
  return { matched: 0, modified: 0, upsertedId: res.doc._id, after: res.doc };
}

const update: Handler = (ctx) => {
  const db = ctx.state.store.db(ctx.dbName);
  const name = collName(ctx, 'update');
  const ordered = ctx.cmd.ordered !== false;
  const writeErrors: Document[] = [];
  const upserted: Document[] = [];
  let n = 0;
  let nModified = 0;
  rawArray(ctx, 'updates').forEach((raw, i) => {
    if (ordered && writeErrors.length) return;
    try {
      const stmt = toView(raw) as Doc;
      const res = runUpdate(db, name, optDoc(stmt.q, 'q'), parseUpdate(raw.u), {
        multi: stmt.multi === true,
        upsert: stmt.upsert === true,
        arrayFilters: stmt.arrayFilters as Doc[] | undefined,
        sort: stmt.sort === undefined ? undefined : asSort(stmt.sort),
      });
      n += res.matched;
      nModified += res.modified;
      if (res.upsertedId !== undefined) {
        n++;
        upserted.push({ index: i, _id: res.upsertedId });
      }
    } catch (err) {
      writeErrors.push(writeError(i, err));
    }
  });
  const reply: Document = { n, nModified, ok: 1 };
  if (upserted.length) reply.upserted = upserted;
  return withWriteErrors(reply, writeErrors);
};

const del: Handler = (ctx) => {
  const coll = ctx.state.store.db(ctx.dbName).get(collName(ctx, 'delete'));
  const ordered = ctx.cmd.ordered !== false;
  const writeErrors: Document[] = [];
  let n = 0;
  rawArray(ctx, 'deletes').forEach((raw, i) => {
    if (ordered && writeErrors.length) return;
    try {
      const stmt = toView(raw) as Doc;
      const limit = optNumber(stmt.limit) ?? 0;
      const matches = findDocs(coll, optDoc(stmt.q, 'q'), {}, limit === 1 ? 1 : Infinity);
      for (const doc of matches) coll?.remove(doc);
      n += matches.length;
    } catch (err) {
      writeErrors.push(writeError(i, err));
    }
  });
  return withWriteErrors({ n, ok: 1 }, writeErrors);
};

const findAndModify: Handler = (ctx) => {
  const name = collName(ctx, Object.keys(ctx.cmd)[0] as string);
  const db = ctx.state.store.db(ctx.dbName);
  const filter = optDoc(ctx.cmd.query, 'query');
  const sort = asSort(ctx.cmd.sort);
  const fields = ctx.cmd.fields === undefined ? undefined : optDoc(ctx.cmd.fields, 'fields');
  const shape = (doc: Doc | undefined): Document | null =>
    doc ? (project([doc], fields, filter)[0] ?? null) : null;

  if (ctx.cmd.remove === true) {
    if (ctx.cmd.update !== undefined) throw failedToParse('Cannot specify both an update and remove=true');
    const coll = db.get(name);
    const doc = findDocs(coll, filter, sort, 1)[0];
    if (doc) coll?.remove(doc);
    return { lastErrorObject: { n: doc ? 1 : 0 }, value: shape(doc), ok: 1 };
  }
  if (ctx.raw.update === undefined) throw failedToParse('Either an update or remove=true must be specified');
  const res = runUpdate(db, name, filter, parseUpdate(ctx.raw.update), {
    multi: false,
    upsert: ctx.cmd.upsert === true,
    arrayFilters: ctx.cmd.arrayFilters as Doc[] | undefined,
    sort,
  });
  const returnNew = ctx.cmd.new === true;
  if (res.upsertedId !== undefined) {
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: res.upsertedId },
      value: returnNew ? shape(res.after) : null,
      ok: 1,
    };
  }
  return {
    lastErrorObject: { n: res.matched, updatedExisting: res.matched > 0 },
    value: shape(returnNew ? res.after : res.before),
    ok: 1,
  };
};

const count: Handler = (ctx) => {
  const coll = ctx.state.store.db(ctx.dbName).get(collName(ctx, 'count'));
  const skip = optNumber(ctx.cmd.skip) ?? 0;
  const limit = Math.abs(optNumber(ctx.cmd.limit) ?? 0);
  const query = optDoc(ctx.cmd.query, 'query');
  let n = coll ? coll.count(query) : 0;
  n = Math.max(0, n - skip);
  if (limit) n = Math.min(n, limit);
  return { n, ok: 1 };
};

const distinct: Handler = (ctx) => {
  const coll = ctx.state.store.db(ctx.dbName).get(collName(ctx, 'distinct'));
  const key = ctx.cmd.key;
  if (typeof key !== 'string')
    throw failedToParse("BSON field 'distinct.key' is missing but a required field");
  coll?.refuseDecimalPaths([key]);
  const seen = new Map<string, unknown>();
  for (const doc of findDocs(coll, optDoc(ctx.cmd.query, 'query'), {})) {
    for (const v of pathValues(doc, key)) if (v !== undefined && !seen.has(keyOf(v))) seen.set(keyOf(v), v);
  }
  return { values: [...seen.values()], ok: 1 };
};

export const crudCommands: Record<string, Handler> = {
  insert,
  find,
  update,
  delete: del,
  findAndModify,
  findandmodify: findAndModify,
  count,
  distinct,
};
