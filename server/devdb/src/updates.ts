// Applying one update statement to one document: operator updates (via mingo), replacements and
// pipeline updates, plus what mingo lacks: $setOnInsert, upsert seeding and BSON number types.
import { ObjectId } from 'bson';
import { update as mingoUpdate, updateOne as mingoUpdateOne } from 'mingo';
import type { Modifier, PipelineStage } from 'mingo/updater';
import { decimalRefused, failedToParse, MongoCommandError } from './errors';
import { applySimpleUpdate } from './simple-update';
import type { Collection } from './store';
import {
  cloneDoc,
  containsDecimal,
  getPath,
  getShadow,
  isPlainObject,
  keyOf,
  setPath,
  setShadow,
  toView,
  type Doc,
  type NumType,
  type Shadow,
} from './values';

const OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$push',
  '$addToSet',
  '$pull',
  '$pullAll',
  '$pop',
  '$rename',
  '$setOnInsert',
  '$currentDate',
  '$bit',
]);
/** Operators that compare or compute with existing values — unsafe with Decimal128 under mingo. */
const COMPARING = ['$inc', '$mul', '$min', '$max', '$pull', '$pullAll', '$bit'];

/** A parsed update statement (`u` of update, `update` of findAndModify). */
export interface ParsedUpdate {
  kind: 'operators' | 'replacement' | 'pipeline';
  /** View form (plain numbers) for mingo. */
  view: unknown;
  /** BSON number types of the operands, keyed by path inside `u` (e.g. "$set.a"). */
  shadow: Shadow;
}

export function parseUpdate(raw: unknown): ParsedUpdate {
  const shadow: Shadow = new Map();
  const view = toView(raw, '', { shadow });
  if (Array.isArray(view)) return { kind: 'pipeline', view, shadow };
  if (!isPlainObject(view)) throw failedToParse('Update argument must be either an object or an array');
  const keys = Object.keys(view);
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length === 0) return { kind: 'replacement', view, shadow };
  if (ops.length !== keys.length) {
    const bad = keys.find((k) => !k.startsWith('$')) as string;
    throw failedToParse(
      `Unknown modifier: ${bad}. Expected a valid update modifier or pipeline-style update specified as an array`,
    );
  }
  for (const op of ops) {
    if (!OPERATORS.has(op)) {
      throw failedToParse(
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!isPlainObject(view[op])) {
      throw failedToParse(`Modifiers operate on fields but we found type ${typeof view[op]} instead.`);
    }
  }
  return { kind: 'operators', view, shadow };
}

/** The document an upsert starts from: the filter's top-level equality fields (and $eq, $and). */
export function upsertSeed(filter: Doc): Doc {
  const seed: Doc = {};
  const visit = (f: Doc): void => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const sub of v) if (isPlainObject(sub)) visit(sub);
      } else if (k.startsWith('$')) {
        continue;
      } else if (isPlainObject(v) && Object.keys(v).some((x) => x.startsWith('$'))) {
        if ('$eq' in v) setPath(seed, k, cloneDoc(v.$eq));
      } else {
        setPath(seed, k, cloneDoc(v));
      }
    }
  };
  visit(filter);
  return seed;
}

export interface ApplyOptions {
  filter: Doc;
  arrayFilters?: Doc[];
  /** True when `doc` is an upsert seed about to be inserted ($setOnInsert applies). */
  inserting: boolean;
}

/** Returns the new version of `doc` (a fresh object; `doc` is never mutated) and whether it changed. */
export function applyUpdate(
  coll: Collection,
  doc: Doc,
  upd: ParsedUpdate,
  opts: ApplyOptions,
): { doc: Doc; changed: boolean } {
  if (upd.kind === 'replacement') {
    const repl = cloneDoc(upd.view as Doc);
    const next = withIdFirst({ ...repl, _id: '_id' in repl ? repl._id : doc._id });
    setShadow(next, new Map([...upd.shadow].filter(([p]) => p !== '_id')));
    return { doc: next, changed: !sameDoc(doc, next) };
  }
  if (upd.kind === 'pipeline') {
    if (coll.decimalPaths.size > 0 || containsDecimal(upd.view)) throw decimalRefused();
    const docs = [cloneDoc(doc)];
    const res = mingoUpdateOne(docs, {}, upd.view as PipelineStage[]);
    const result = docs[0] as Doc;
    // Like MongoDB, a pipeline that drops _id (e.g. $replaceWith) keeps the original one.
    const next = withIdFirst('_id' in result ? result : { _id: doc._id, ...result });
    setShadow(next, keepNumbers(new Map(getShadow(doc)), next));
    return { doc: next, changed: res.modifiedCount > 0 };
  }

  const ops = upd.view as Record<string, Doc>;
  for (const op of COMPARING) {
    const arg = ops[op];
    if (!arg) continue;
    if (containsDecimal(arg)) throw decimalRefused();
    coll.refuseDecimalPaths(Object.keys(arg));
  }
  validateOperators(doc, ops);
  const { $setOnInsert: onInsert, ...rest } = ops;
  const next = cloneDoc(doc);
  let changed = false;
  if (Object.keys(rest).length > 0) {
    const simple = opts.arrayFilters?.length ? undefined : applySimpleUpdate(next, rest);
    changed = simple ?? mingoApply(next, rest, opts);
  }
  if (opts.inserting && onInsert && Object.keys(onInsert).length > 0) {
    if (applySimpleUpdate(next, { $set: onInsert }) === undefined)
      mingoUpdate(next, { $set: onInsert }, undefined, undefined, { cloneMode: 'deep' });
    changed = true;
  }
  const out = withIdFirst(next);
  setShadow(out, nextShadow(doc, ops, upd.shadow, out, opts.inserting));
  return { doc: out, changed };
}

/** Operator updates the fast path leaves to mingo; `doc` is changed in place. */
function mingoApply(doc: Doc, ops: Doc, opts: ApplyOptions): boolean {
  const positional = JSON.stringify(Object.values(ops).map((o) => Object.keys(o as Doc))).includes('.$');
  // NOTE: mingo uses `condition` to resolve the positional `$`; pass it only when needed, because
  // it also refuses to update when the condition does not match (e.g. an upsert seed).
  const modified = mingoUpdate(
    doc,
    ops as Modifier<Doc>,
    opts.arrayFilters,
    positional && !opts.inserting ? opts.filter : undefined,
    { cloneMode: 'deep' },
  );
  return modified.length > 0;
}

function withIdFirst(doc: Doc): Doc {
  if (!('_id' in doc)) return { _id: new ObjectId(), ...doc };
  const keys = Object.keys(doc);
  if (keys[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

function sameDoc(a: Doc, b: Doc): boolean {
  return keyOf(a) === keyOf(b) && shadowKey(getShadow(a)) === shadowKey(getShadow(b));
}

const shadowKey = (s: Shadow | undefined): string => JSON.stringify([...(s ?? new Map())].sort());

const RANK: Record<NumType | 'int', number> = { int: 0, long: 1, double: 2 };

/** Work out the BSON number types of the updated document (see values.ts for why). */
function nextShadow(
  oldDoc: Doc,
  ops: Record<string, Doc>,
  opShadow: Shadow,
  next: Doc,
  inserting: boolean,
): Shadow {
  const s: Shadow = new Map(getShadow(oldDoc));
  const dropUnder = (p: string): void => {
    for (const k of [...s.keys()]) if (k === p || k.startsWith(`${p}.`)) s.delete(k);
  };
  for (const op of ['$set', '$unset', ...(inserting ? ['$setOnInsert'] : [])]) {
    for (const p of Object.keys(ops[op] ?? {})) dropUnder(p);
  }
  for (const [from, to] of Object.entries(ops.$rename ?? {})) {
    if (typeof to !== 'string') continue;
    dropUnder(to);
    for (const [k, t] of [...s]) {
      if (k === from || k.startsWith(`${from}.`)) {
        s.delete(k);
        s.set(to + k.slice(from.length), t);
      }
    }
  }
  for (const [path, type] of opShadow) {
    const dot = path.indexOf('.');
    const op = path.slice(0, dot);
    const target = path.slice(dot + 1);
    if (target.includes('$')) continue; // positional / $each: element positions unknown, stay natural
    if (op === '$set' || (op === '$setOnInsert' && inserting)) s.set(target, type);
  }
  // Arithmetic: the result type is the wider of the old value's and the operand's (int < long <
  // double); an int result that overflows int32 becomes a long, as in MongoDB.
  const typeOf = (shadowed: NumType | undefined, v: unknown): NumType | 'int' =>
    shadowed ?? (typeof v === 'number' && !Number.isInteger(v) ? 'double' : 'int');
  for (const op of ['$inc', '$mul', '$min', '$max']) {
    for (const [target, operand] of Object.entries(ops[op] ?? {})) {
      if (target.includes('$')) continue;
      const result = getPath(next, target);
      if (typeof result !== 'number') continue;
      const operandType = typeOf(opShadow.get(`${op}.${target}`), operand);
      const oldType = typeOf(s.get(target), getPath(oldDoc, target));
      let t: NumType | 'int';
      if (op === '$min' || op === '$max') t = result === operand ? operandType : oldType;
      else t = RANK[oldType] >= RANK[operandType] ? oldType : operandType;
      if (t === 'int' && (result > 2147483647 || result < -2147483648)) t = 'long';
      if (t === 'int' || (t === 'double' && !Number.isInteger(result))) s.delete(target);
      else s.set(target, t);
    }
  }
  return keepNumbers(s, next);
}

/** Drop shadow entries whose path no longer holds a number. */
function keepNumbers(s: Shadow, doc: Doc): Shadow {
  for (const p of [...s.keys()]) if (typeof getPath(doc, p) !== 'number') s.delete(p);
  return s;
}

export function assertNoPositionalInUpsert(upd: ParsedUpdate): void {
  if (upd.kind !== 'operators') return;
  const paths = Object.values(upd.view as Record<string, Doc>).flatMap((o) => Object.keys(o));
  if (paths.some((p) => p.split('.').includes('$'))) {
    throw new MongoCommandError(
      2,
      'BadValue',
      'The positional operator did not find the match needed from the query.',
    );
  }
}

const ARRAY_OPS = ['$push', '$addToSet', '$pull', '$pullAll', '$pop'];
const bsonTypeName = (v: unknown): string =>
  typeof v === 'number'
    ? Number.isInteger(v)
      ? 'int'
      : 'double'
    : typeof v === 'string'
      ? 'string'
      : typeof v;

/**
 * NOTE: mingo silently skips updates that MongoDB rejects ($inc on a string, $push on a scalar, a
 * path through a scalar). Reject them here with MongoDB's codes so nothing "succeeds" differently.
 */
function validateOperators(doc: Doc, ops: Record<string, Doc>): void {
  for (const [op, fields] of Object.entries(ops)) {
    for (const [path, operand] of Object.entries(fields)) {
      if (path.split('.').some((seg) => seg.startsWith('$'))) continue; // positional: mingo resolves
      const segs = path.split('.');
      let cur: unknown = doc;
      for (let i = 0; i < segs.length - 1 && cur !== undefined; i++) {
        const next: unknown = (cur as Doc)[segs[i] as string];
        if (next !== undefined && next !== null && typeof next !== 'object' && op !== '$unset') {
          throw new MongoCommandError(
            28,
            'PathNotViable',
            `Cannot create field '${segs[i + 1] ?? ''}' in element {${segs[i] ?? ''}: ${JSON.stringify(next)}}`,
          );
        }
        cur = next === null ? undefined : next;
      }
      const existing = getPath(doc, path);
      if (op === '$inc' || op === '$mul') {
        if (typeof operand !== 'number') {
          throw new MongoCommandError(
            14,
            'TypeMismatch',
            `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${JSON.stringify(operand)}}`,
          );
        }
        if (existing !== undefined && typeof existing !== 'number') {
          throw new MongoCommandError(
            14,
            'TypeMismatch',
            `Cannot apply ${op} to a value of non-numeric type. {_id: ${JSON.stringify(doc._id)}} has the field '${segs[segs.length - 1] ?? path}' of non-numeric type ${bsonTypeName(existing)}`,
          );
        }
      }
      if (ARRAY_OPS.includes(op) && existing !== undefined && !Array.isArray(existing)) {
        throw new MongoCommandError(
          2,
          'BadValue',
          `The field '${path}' must be an array but is of type ${bsonTypeName(existing)} in document {_id: ${JSON.stringify(doc._id)}}`,
        );
      }
    }
  }
}
