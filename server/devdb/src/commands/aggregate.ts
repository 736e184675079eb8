// aggregate: leading $match stages use the query planner (indexes); the rest runs in mingo on copies.
import { decimalRefused, MongoCommandError, notSupported } from '../errors';
import { runPipeline } from '../pipeline';
import { project, sortDocs } from '../query';
import { cloneDoc, containsDecimal, getShadow, isPlainObject, setShadow, type Doc } from '../values';
import { optDoc, optNumber, type Handler } from './context';

const REFUSED_STAGES: Record<string, string> = {
  $out: '$out',
  $merge: '$merge',
  $currentOp: '$currentOp',
  $collStats: '$collStats',
  $indexStats: '$indexStats',
  $listSessions: '$listSessions',
  $search: '$search',
  $geoNear: '$geoNear',
};

/** Stages that never modify their input documents (their output is new or the same objects). */
const READ_ONLY_STAGES = new Set(['$match', '$group', '$count', '$sort', '$skip', '$limit', '$sortByCount']);

/** A copy the pipeline may mutate freely; keeps the BSON number types of untouched fields. */
function copyOf(doc: Doc): Doc {
  const c = cloneDoc(doc);
  setShadow(c, getShadow(doc));
  return c;
}

const aggregate: Handler = (ctx) => {
  const target = ctx.cmd.aggregate;
  const pipeline = ctx.cmd.pipeline;
  if (!Array.isArray(pipeline))
    throw new MongoCommandError(14, 'TypeMismatch', "'pipeline' option must be specified as an array");
  if (ctx.cmd.explain === true) throw notSupported('explain');
  const stages = pipeline.map((s: unknown) => {
    if (!isPlainObject(s) || Object.keys(s).length !== 1) {
      throw new MongoCommandError(
        40323,
        'Location40323',
        'A pipeline stage specification object must contain exactly one field.',
      );
    }
    return s;
  });
  for (const s of stages) {
    const name = Object.keys(s)[0] as string;
    if (name === '$changeStream') {
      throw new MongoCommandError(
        40573,
        'Location40573',
        'The $changeStream stage is only supported on replica sets',
      );
    }
    if (REFUSED_STAGES[name]) throw notSupported(`the ${name} aggregation stage`);
  }
  const db = ctx.state.store.db(ctx.dbName);
  const collName = typeof target === 'string' ? target : undefined;
  const coll = collName === undefined ? undefined : db.get(collName);
  if (containsDecimal(stages)) throw decimalRefused();
  if (coll && coll.decimalPaths.size > 0) {
    const text = JSON.stringify(stages);
    for (const p of coll.decimalPaths) if (text.includes(p.split('.')[0] as string)) throw decimalRefused();
  }

  let source: Doc[] = [];
  let rest = stages;
  if (coll) {
    let filter: Doc = {};
    while (rest[0] && '$match' in rest[0] && !JSON.stringify(rest[0]).includes('"$expr"')) {
      filter = Object.keys(filter).length
        ? { $and: [filter, optDoc(rest[0].$match, '$match')] }
        : optDoc(rest[0].$match, '$match');
      rest = rest.slice(1);
    }
    const counted = countStage(rest);
    if (counted && rest.length === 1) {
      // countDocuments: `[$match, { $group: { _id: 1, n: { $sum: 1 } } }]`, answered from the index.
      const n = coll.count(filter);
      const batch = n === 0 ? [] : [{ _id: counted.id, [counted.as]: n }];
      return ctx.state.cursors.firstBatch(`${ctx.dbName}.${collName!}`, project(batch, undefined), undefined);
    }
    let matched = coll.match(filter);
    // A leading $sort uses devdb's MongoDB-exact sort (array min/max keys, BSON type order).
    const first = rest[0];
    if (first && '$sort' in first && isPlainObject(first.$sort)) {
      matched = sortDocs(coll, matched, first.$sort);
      rest = rest.slice(1);
    }
    // Copy only when a later stage might modify its input documents in place.
    const readOnly = rest.every((st) => READ_ONLY_STAGES.has(Object.keys(st)[0] as string));
    source = readOnly ? matched : matched.map(copyOf);
  }
  const out =
    rest.length === 0
      ? source
      : runPipeline(rest, source, (name: string) => [...(db.get(name)?.docs.values() ?? [])].map(copyOf));
  const ns = collName === undefined ? `${ctx.dbName}.$cmd.aggregate` : `${ctx.dbName}.${collName}`;
  const batchSize = optNumber(optDoc(ctx.cmd.cursor, 'cursor').batchSize);
  return ctx.state.cursors.firstBatch(ns, project(out, undefined), batchSize);
};

/** `{ $group: { _id: <constant>, <as>: { $sum: 1 } } }` as the first remaining stage: a plain count. */
function countStage(stages: Doc[]): { id: unknown; as: string } | undefined {
  const group = stages[0]?.$group;
  if (!isPlainObject(group) || Object.keys(group).length !== 2 || !('_id' in group)) return undefined;
  const id: unknown = group._id;
  if (isPlainObject(id) || Array.isArray(id) || (typeof id === 'string' && id.startsWith('$')))
    return undefined;
  const as = Object.keys(group).find((k) => k !== '_id') as string;
  const acc: unknown = group[as];
  if (!isPlainObject(acc) || Object.keys(acc).length !== 1 || acc.$sum !== 1) return undefined;
  return { id, as };
}

export const aggregateCommands: Record<string, Handler> = { aggregate };
