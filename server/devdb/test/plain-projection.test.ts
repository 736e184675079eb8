// The fast paths must keep exactly the fields mingo's projection keeps (in the document's
// order, as MongoDB answers), and leave every other shape to mingo.
import { ObjectId } from 'bson';
import { Query } from 'mingo';
import { dropFields, exclusionOf, inclusionOf, pickFields } from '../src/plain-projection';
import type { Doc } from '../src/values';

const at = new Date('2026-12-03T01:00:00Z');
const doc: Doc = {
  _id: new ObjectId('6b1031dc6639191c10035fd8'),
  title: 't',
  when: at,
  nil: null,
  n: 5,
  versions: [
    { state: 'published', content: { title: 'v1', body: 'long' }, at },
    { content: { body: 'no title' } },
    'a scalar element',
    [{ state: 'nested', extra: 1 }, 7],
  ],
  org: { name: 'n', path: [1, 2], deep: { a: 1, b: 2 } },
};

const viaMingo = (projection: Doc): Doc => new Query({}, {}).find<Doc>([doc], projection).all()[0]!;

describe('inclusion projections without mingo', () => {
  it.each<[string, Doc]>([
    ['top-level fields', { title: 1, n: true }],
    ['_id left out', { title: 1, _id: 0 }],
    ['_id kept explicitly', { _id: 1, n: 1 }],
    ['a missing field', { title: 1, missing: 1 }],
    ['a dotted path into an object', { 'org.name': 1 }],
    ['two paths under one object', { 'org.deep.b': 1, 'org.name': 1 }],
    ['a path into an array of documents, scalars left out', { 'versions.state': 1 }],
    ['a deeper path into an array', { 'versions.content.title': 1, 'versions.state': 1, title: 1 }],
    ['a path through a scalar', { 'n.x': 1, 'title.y': 1 }],
    ['a path through null', { 'nil.x': 1 }],
    ['a path through a date', { 'when.x': 1 }],
    ['a path into an array of numbers', { 'org.path.x': 1 }],
    ['a path that matches nothing', { 'org.none': 1 }],
  ])('keeps %s like mingo', (_name, projection) => {
    const picked = inclusionOf(projection);
    expect(picked).toBeDefined();
    expect(pickFields(doc, picked!)).toEqual(viaMingo(projection));
  });

  it('answers in the document’s order, _id first', () => {
    const got = pickFields(doc, inclusionOf({ 'org.deep.b': 1, n: 1, 'org.name': 1, title: 1 })!);
    expect(Object.keys(got)).toEqual(['_id', 'title', 'n', 'org']);
    expect(Object.keys(got.org as Doc)).toEqual(['name', 'deep']);
  });

  it.each<[string, Doc]>([
    ['an exclusion', { title: 0 }],
    ['only _id: 0', { _id: 0 }],
    ['a positional path', { 'versions.$': 1 }],
    ['an operator', { versions: { $slice: 1 } }],
    ['a numeric segment', { 'versions.0.state': 1 }],
    ['a path inside _id', { '_id.x': 1 }],
    ['one path inside another', { org: 1, 'org.name': 1 }],
    ['the same collision the other way', { 'org.name': 1, org: 1 }],
    ['an empty segment', { 'org..name': 1 }],
  ])('leaves %s to mingo', (_name, projection) => {
    expect(inclusionOf(projection)).toBeUndefined();
  });
});

describe('top-level exclusions without mingo', () => {
  it.each<[string, Doc]>([
    ['one field', { title: 0 }],
    ['several fields, false too', { versions: 0, org: false }],
    ['_id', { _id: 0 }],
    ['_id and a field', { _id: 0, n: 0 }],
    ['a missing field', { missing: 0 }],
  ])('drops %s like mingo', (_name, projection) => {
    const dropped = exclusionOf(projection);
    expect(dropped).toBeDefined();
    const got = dropFields(doc, dropped!);
    expect(got).toEqual(viaMingo(projection));
    expect(Object.keys(got)).toEqual(Object.keys(viaMingo(projection)));
  });

  it.each<[string, Doc]>([
    ['a dotted path', { 'org.name': 0 }],
    ['an inclusion', { title: 1 }],
    ['an inclusion beside an exclusion', { _id: 0, title: 1 }],
    ['an operator', { versions: { $slice: 1 } }],
    ['an empty projection', {}],
  ])('leaves %s to others', (_name, projection) => {
    expect(exclusionOf(projection)).toBeUndefined();
  });
});
