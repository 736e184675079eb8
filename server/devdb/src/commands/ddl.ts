// Collections and indexes: create / drop / listCollections / createIndexes / listIndexes / dropIndexes.
import type { Document } from 'bson';
import { Query } from 'mingo';
import { badValue, invalidOptions, MongoCommandError, namespaceExists, notSupported } from '../errors';
import type { IndexSpec } from '../indexes';
import { isPlainObject, type Doc } from '../values';
import { collName, optDoc, optNumber, type Handler } from './context';

const UNSUPPORTED_CREATE = [
  'capped',
  'timeseries',
  'viewOn',
  'validator',
  'clusteredIndex',
  'changeStreamPreAndPostImages',
];

const create: Handler = (ctx) => {
  const name = collName(ctx, 'create');
  const db = ctx.state.store.db(ctx.dbName);
  for (const opt of UNSUPPORTED_CREATE)
    if (ctx.cmd[opt] !== undefined) throw notSupported(`create with '${opt}'`);
  if (db.get(name)) throw namespaceExists(`${ctx.dbName}.${name}`);
  db.ensure(name);
  return { ok: 1 };
};

const drop: Handler = (ctx) => {
  const name = collName(ctx, 'drop');
  const db = ctx.state.store.db(ctx.dbName);
  const coll = db.mustGet(name);
  db.collections.delete(name);
  return { ns: coll.ns, nIndexesWas: coll.indexes.length + 1, ok: 1 };
};

const listCollections: Handler = (ctx) => {
  const db = ctx.state.store.databases.get(ctx.dbName);
  const nameOnly = ctx.cmd.nameOnly === true;
  let infos: Doc[] = [...(db?.collections.values() ?? [])].map((c) =>
    nameOnly
      ? { name: c.name, type: 'collection' }
      : {
          name: c.name,
          type: 'collection',
          options: c.options,
          info: { readOnly: false, uuid: c.uuid },
          idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
        },
  );
  const filter = optDoc(ctx.cmd.filter, 'filter');
  if (Object.keys(filter).length) {
    const q = new Query(filter, {});
    infos = infos.filter((i) => q.test(i));
  }
  const batchSize = optNumber(optDoc(ctx.cmd.cursor, 'cursor').batchSize);
  return ctx.state.cursors.firstBatch(`${ctx.dbName}.$cmd.listCollections`, infos, batchSize);
};

function defaultIndexName(key: Doc): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}_${String(v)}`)
    .join('_');
}

function parseIndexSpec(v: unknown): IndexSpec {
  if (!isPlainObject(v) || !isPlainObject(v.key))
    throw badValue('index specification must contain a key document');
  const key = v.key;
  for (const [field, dir] of Object.entries(key)) {
    if (typeof dir !== 'number' && typeof dir !== 'string')
      throw badValue(`bad index key pattern for '${field}'`);
  }
  if (v.collation !== undefined) throw notSupported('index collations');
  const spec: IndexSpec = { key, name: typeof v.name === 'string' ? v.name : defaultIndexName(key) };
  if (v.unique === true) spec.unique = true;
  if (v.sparse === true) spec.sparse = true;
  if (v.partialFilterExpression !== undefined)
    spec.partialFilterExpression = optDoc(v.partialFilterExpression, 'partialFilterExpression');
  if (v.expireAfterSeconds !== undefined) {
    if (Object.keys(key).length !== 1) {
      throw new MongoCommandError(
        67,
        'CannotCreateIndex',
        'TTL indexes are single-field indexes, compound indexes do not support TTL.',
      );
    }
    spec.expireAfterSeconds = Number(v.expireAfterSeconds);
  }
  return spec;
}

const createIndexes: Handler = (ctx) => {
  const name = collName(ctx, 'createIndexes');
  const db = ctx.state.store.db(ctx.dbName);
  const existed = db.get(name) !== undefined;
  const specs = ctx.cmd.indexes;
  if (!Array.isArray(specs) || specs.length === 0)
    throw badValue('Must specify at least one index to create');
  const parsed = specs.map(parseIndexSpec);
  const coll = db.ensure(name);
  const before = coll.indexes.length + 1;
  for (const spec of parsed) {
    if (spec.name === '_id_' || JSON.stringify(spec.key) === '{"_id":1}') continue;
    coll.createIndex(spec);
  }
  const after = coll.indexes.length + 1;
  const reply: Document = {
    numIndexesBefore: before,
    numIndexesAfter: after,
    createdCollectionAutomatically: !existed,
    ok: 1,
  };
  if (before === after) reply.note = 'all indexes already exist';
  return reply;
};

const listIndexes: Handler = (ctx) => {
  const name = collName(ctx, 'listIndexes');
  const coll = ctx.state.store.db(ctx.dbName).mustGet(name);
  const batchSize = optNumber(optDoc(ctx.cmd.cursor, 'cursor').batchSize);
  return ctx.state.cursors.firstBatch(`${ctx.dbName}.${name}`, coll.listIndexes(), batchSize);
};

const dropIndexes: Handler = (ctx) => {
  const name = collName(ctx, Object.keys(ctx.cmd)[0] as string);
  const coll = ctx.state.store.db(ctx.dbName).mustGet(name);
  const was = coll.indexes.length + 1;
  const target = ctx.cmd.index;
  const byKey = (key: Doc): string => {
    const hit = coll.indexes.find((i) => JSON.stringify(i.spec.key) === JSON.stringify(key));
    if (!hit)
      throw new MongoCommandError(27, 'IndexNotFound', `can't find index with key: ${JSON.stringify(key)}`);
    return hit.name;
  };
  let names: string[];
  if (target === '*') names = coll.indexes.map((i) => i.name);
  else if (typeof target === 'string') names = [target];
  else if (Array.isArray(target)) names = target.map(String);
  else if (isPlainObject(target)) names = [byKey(target)];
  else throw badValue('index must be a string, an array of strings or a key pattern');
  if (names.includes('_id_')) throw invalidOptions('cannot drop _id index');
  for (const n of names) coll.dropIndex(n);
  return { nIndexesWas: was, ok: 1 };
};

export const ddlCommands: Record<string, Handler> = {
  create,
  drop,
  listCollections,
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
};
