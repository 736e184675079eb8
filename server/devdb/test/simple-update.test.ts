// The fast path for $set/$unset/$inc must give exactly what mingo gives, and leave every other
// shape to mingo: each case runs both and compares the documents and the "changed" answers.
import { ObjectId } from 'bson';
import { update as mingoUpdate } from 'mingo';
import type { Modifier } from 'mingo/updater';
import { applySimpleUpdate } from '../src/simple-update';
import { cloneDoc, type Doc } from '../src/values';

const at = new Date('2026-12-02T01:00:00Z');
const id = new ObjectId('6b1031dc6639191c10035fd8');
const base = (): Doc => ({
  _id: 1,
  n: 5,
  s: 'x',
  when: at,
  ref: id,
  nested: { a: 1, deep: { b: 'y' } },
  list: [1, 2],
  nil: null,
});

function viaMingo(doc: Doc, ops: Doc): { doc: Doc; changed: boolean } {
  const copy = cloneDoc(doc);
  const modified = mingoUpdate(copy, ops as Modifier<Doc>, undefined, undefined, { cloneMode: 'deep' });
  return { doc: copy, changed: modified.length > 0 };
}

describe('applySimpleUpdate', () => {
  it.each<[string, Doc]>([
    ['increments a number', { $inc: { n: 2 } }],
    ['increments by zero (no change)', { $inc: { n: 0 } }],
    ['increments a missing field from zero', { $inc: { m: 3 } }],
    ['increments inside a missing object', { $inc: { 'counts.feedback': 1 } }],
    ['sets a new field', { $set: { t: 'new' } }],
    ['sets the same string (no change)', { $set: { s: 'x' } }],
    ['sets an equal date (no change)', { $set: { when: new Date(at.getTime()) } }],
    ['sets another date', { $set: { when: new Date(0) } }],
    ['sets an equal ObjectId (no change)', { $set: { ref: new ObjectId(id.toHexString()) } }],
    ['sets a nested field', { $set: { 'nested.deep.b': 'z' } }],
    ['sets a field in a missing object', { $set: { 'wechat.status': 'sent' } }],
    ['replaces an array', { $set: { nested: [1] } }],
    ['sets null over a value', { $set: { s: null } }],
    ['sets null where nothing was', { $set: { absent: null } }],
    ['sets an equal object (no change)', { $set: { nested: { a: 1, deep: { b: 'y' } } } }],
    ['unsets a field', { $unset: { s: '' } }],
    ['unsets a nested field', { $unset: { 'nested.deep.b': 1 } }],
    ['unsets a missing field (no change)', { $unset: { absent: '' } }],
    ['unsets below a missing object (no change)', { $unset: { 'absent.x': '' } }],
    ['combines the three', { $set: { s: 'q' }, $inc: { n: -5 }, $unset: { nil: '' } }],
  ])('%s like mingo', (_name, ops) => {
    const doc = base();
    const fast = cloneDoc(doc);
    const changed = applySimpleUpdate(fast, ops as Record<string, Doc>);
    expect({ doc: fast, changed }).toEqual(viaMingo(doc, ops));
  });

  it('stores an object with its keys reordered, as MongoDB does (BSON order counts; mingo ignores it)', () => {
    const doc = base();
    expect(applySimpleUpdate(doc, { $set: { nested: { deep: { b: 'y' }, a: 1 } } })).toBe(true);
    expect(Object.keys(doc.nested as Doc)).toEqual(['deep', 'a']);
  });

  it('copies what it sets, so a later change of the operand does not reach the stored document', () => {
    const doc = base();
    const operand = { a: { b: 1 } };
    applySimpleUpdate(doc, { $set: { o: operand } });
    operand.a.b = 2;
    expect(doc.o).toEqual({ a: { b: 1 } });
  });

  it.each<[string, Doc]>([
    ['another operator', { $push: { list: 3 } }],
    ['a positional path', { $set: { 'list.$': 9 } }],
    ['an array index', { $set: { 'list.0': 9 } }],
    ['a path through an array', { $set: { 'list.x': 9 } }],
    ['$inc on an array', { $inc: { list: 1 } }],
    ['a path through null', { $set: { 'nil.x': 1 } }],
    ['a path through a scalar', { $set: { 's.x': 1 } }],
    ['a path through a date', { $set: { 'when.x': 1 } }],
    ['overlapping paths', { $set: { nested: {}, 'nested.a': 2 } }],
    ['one path under two operators', { $set: { n: 1 }, $inc: { n: 1 } }],
    ['the _id', { $set: { _id: 2 } }],
    ['a prototype key', { $set: { '__proto__.x': 1 } }],
    ['a non-numeric $inc', { $inc: { n: 'one' } }],
  ])('leaves %s to mingo, untouched', (_name, ops) => {
    const doc = base();
    expect(applySimpleUpdate(doc, ops as Record<string, Doc>)).toBeUndefined();
    expect(doc).toEqual(base());
  });
});
