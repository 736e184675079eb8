import { createHash } from 'node:crypto';
import {
  canonicalJson,
  contentHash,
  isContentHash,
  sha256Hex,
  sha256HexPortable,
  utf8Bytes,
  verifyChain,
  type ChainEntry,
} from '@sanwu/shared';
import { describeInTimeZones } from '../calendar/time-zones.testing';

const nodeSha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('canonicalJson', () => {
  it.each<[string, unknown, string]>([
    ['sorted keys', { b: 1, a: 2 }, '{"a":2,"b":1}'],
    [
      'nested sorted keys',
      { z: { y: 1, x: [{ d: 1, c: 2 }] }, a: null },
      '{"a":null,"z":{"x":[{"c":2,"d":1}],"y":1}}',
    ],
    ['undefined fields omitted', { a: undefined, b: 1, c: () => 1 }, '{"b":1}'],
    ['undefined in arrays is null', [undefined, 1, () => 1], '[null,1,null]'],
    ['non-finite numbers are null', [Number.NaN, Number.POSITIVE_INFINITY, -0], '[null,null,0]'],
    ['numbers as JSON.stringify', [1.5, 1e21, 0.1, 100], '[1.5,1e+21,0.1,100]'],
    ['strings escaped', { s: 'a"b\\c\n\u0001' }, '{"s":"a\\"b\\\\c\\n\\u0001"}'],
    ['unicode kept as is', { 名称: '三务公开' }, '{"名称":"三务公开"}'],
    ['code-unit key order', { b: 1, B: 2, _: 3, é: 4, '1': 5 }, '{"1":5,"B":2,"_":3,"b":1,"é":4}'],
    ['toJSON honoured', { id: { toJSON: () => 'abc123' } }, '{"id":"abc123"}'],
    ['boxed primitives unwrapped', [Object(1), Object('s'), Object(true)], '[1,"s",true]'],
    ['empty containers', { a: {}, b: [] }, '{"a":{},"b":[]}'],
    ['top-level scalars', 'x', '"x"'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it.each([
    [
      { a: 1, b: { c: 2, d: [3, { e: 4, f: 5 }] } },
      { b: { d: [3, { f: 5, e: 4 }], c: 2 }, a: 1 },
    ],
    [
      { x: 'a', y: undefined },
      { y: undefined, x: 'a' },
    ],
  ])('is independent of key order (%j)', (a, b) => {
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(contentHash(a)).toBe(contentHash(b));
  });

  it('parses back to the same data as JSON.stringify', () => {
    const value = { b: [1, 'two', { c: null, d: false }], a: { é: 'ü', z: -1.25 } };
    expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it.each<[string, unknown]>([
    ['top-level undefined', undefined],
    ['a function', () => 1],
    ['BigInt', { n: BigInt(1) }],
  ])('rejects %s', (_name, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });

  it('rejects cycles but allows shared references', () => {
    const shared = { k: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"k":1},"b":{"k":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(TypeError);
  });

  it('rejects an invalid Date', () => {
    expect(() => canonicalJson({ at: new Date('nope') })).toThrow(RangeError);
  });
});

describeInTimeZones('canonicalJson of Dates', () => {
  it.each([
    [new Date('2026-04-01T00:00:00+08:00'), '"2026-03-31T16:00:00.000Z"'],
    [new Date(Date.UTC(2028, 1, 29, 12)), '"2028-02-29T12:00:00.000Z"'],
  ])('%s is an ISO UTC string', (date, expected) => {
    expect(canonicalJson(date)).toBe(expected);
    expect(canonicalJson({ at: date })).toBe(`{"at":${expected}}`);
  });
});

describe('utf8Bytes', () => {
  it.each(['', 'abc', '三务公开', 'é', '😀 emoji', 'lone \ud800 high', 'lone \udc00 low', 'end \ud83d'])(
    'matches TextEncoder for %j',
    (text) => {
      expect(Array.from(utf8Bytes(text))).toEqual(Array.from(new TextEncoder().encode(text)));
    },
  );
});

describe('contentHash', () => {
  it.each<[string, unknown, string]>([
    // printf '%s' '{"a":1,"b":[true,null,"x"]}' | sha256sum
    [
      'object',
      { b: [true, null, 'x'], a: 1 },
      'eca8cfb31ab74533e1eb2f4c74d2d55dfe3c79ac704787e54be8647ea7777eb1',
    ],
    // printf '%s' '"abc"' | sha256sum — a string is hashed as its JSON text, quotes included
    ['string', 'abc', '6cc43f858fbb763301637b5af970e2a46b46f461f27e5a0f41e009c59b827b25'],
    // printf '%s' '{"name":"三务公开"}' | sha256sum — UTF-8 bytes
    ['unicode', { name: '三务公开' }, 'd70ee41143e26ec37341d2584ff9cbc66d7932b35fc2ec14e29a1003017b4162'],
  ])('known vector: %s', (_name, value, expected) => {
    expect(contentHash(value)).toBe(expected);
  });

  it.each([
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
  ])('sha256Hex FIPS 180-2 vector %j', (text, expected) => {
    expect(sha256Hex(text)).toBe(expected);
    expect(sha256HexPortable(text)).toBe(expected);
  });

  it.each([
    ['Chinese', '三务公开：党务·村务·财务'],
    ['an emoji (a surrogate pair)', '收到👍'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate at the end', 'ab\udc00'],
    ['a reversed pair', '\udc00\ud800'],
    ['a long text', '公示'.repeat(5000)],
  ])('gives the mini-program’s digest on the server: %s', (_name, text) => {
    // Under Node the server's digest is Node's own (what this test checks against the portable one).
    expect(typeof process.getBuiltinModule).toBe('function');
    expect(sha256Hex(text)).toBe(sha256HexPortable(text));
  });

  it('chains as sha256(previousHash ‖ canonical JSON)', () => {
    const prev = 'eca8cfb31ab74533e1eb2f4c74d2d55dfe3c79ac704787e54be8647ea7777eb1';
    // { printf '%s' "$PREV"; printf '%s' '{"n":2}'; } | sha256sum
    expect(contentHash({ n: 2 }, prev)).toBe(
      'd410f7f1d002f4d669d34bccbb45e6b4a04fc6748a473b780db1efd5b3a1a2d8',
    );
    expect(contentHash({ n: 2 }, prev)).toBe(nodeSha256(prev + '{"n":2}'));
    expect(contentHash({ n: 2 }, null)).toBe(contentHash({ n: 2 }));
  });

  it.each([
    { s: 'x'.repeat(1000) },
    { list: Array.from({ length: 50 }, (_, i) => ({ i, t: `行${i}😀` })) },
    { at: new Date('2026-01-01T00:00:00Z'), n: 12345.678 },
  ])('agrees with node:crypto', (value) => {
    expect(contentHash(value)).toBe(nodeSha256(canonicalJson(value)));
  });

  it.each(['', 'ECA8CFB31AB74533E1EB2F4C74D2D55DFE3C79AC704787E54BE8647EA7777EB1', 'zz', 'a'.repeat(63)])(
    'rejects malformed previousHash %j',
    (prev) => {
      expect(() => contentHash({}, prev)).toThrow(TypeError);
    },
  );

  it('isContentHash', () => {
    expect(isContentHash(contentHash({}))).toBe(true);
    expect(isContentHash('A'.repeat(64))).toBe(false);
    expect(isContentHash(42)).toBe(false);
  });
});

describe('verifyChain', () => {
  const makeChain = (contents: unknown[], withLinks = false): ChainEntry[] => {
    const out: ChainEntry[] = [];
    let prev: string | null = null;
    for (const content of contents) {
      const hash = contentHash(content, prev);
      out.push(withLinks ? { content, hash, previousHash: prev } : { content, hash });
      prev = hash;
    }
    return out;
  };
  const records = [
    { seq: 1, action: 'login', at: new Date('2026-03-01T01:00:00Z') },
    { seq: 2, action: 'publish', id: 'd1' },
    { seq: 3, action: 'reply', id: 'f9', text: '已答复' },
    { seq: 4, action: 'logout' },
  ];

  it.each([false, true])('accepts an intact chain (stored links: %s)', (withLinks) => {
    expect(verifyChain(makeChain(records, withLinks))).toBe(-1);
    expect(verifyChain([])).toBe(-1);
  });

  it('accepts content whose keys were reordered (e.g. reloaded from the database)', () => {
    const chain = makeChain(records).map((e) => ({
      ...e,
      content: Object.fromEntries(Object.entries(e.content as object).reverse()),
    }));
    expect(verifyChain(chain)).toBe(-1);
  });

  it.each<[string, (c: ChainEntry[]) => ChainEntry[], number]>([
    [
      'edited content',
      (c) => c.map((e, i) => (i === 2 ? { ...e, content: { ...(e.content as object), text: '改' } } : e)),
      2,
    ],
    ['edited first entry', (c) => c.map((e, i) => (i === 0 ? { ...e, content: { seq: 1 } } : e)), 0],
    ['forged hash', (c) => c.map((e, i) => (i === 1 ? { ...e, hash: contentHash(e.content) } : e)), 1],
    [
      're-hashed entry breaks the next link',
      (c) => c.map((e, i) => (i === 1 ? { content: { x: 1 }, hash: contentHash({ x: 1 }, c[0]!.hash) } : e)),
      2,
    ],
    ['removed entry', (c) => c.filter((_, i) => i !== 1), 1],
    ['swapped entries', (c) => [c[0]!, c[2]!, c[1]!, c[3]!], 1],
    ['wrong stored link', (c) => c.map((e, i) => (i === 3 ? { ...e, previousHash: c[1]!.hash } : e)), 3],
    ['malformed hash', (c) => c.map((e, i) => (i === 0 ? { ...e, hash: 'nope' } : e)), 0],
  ])('detects %s', (_name, tamper, index) => {
    expect(verifyChain(tamper(makeChain(records, false)))).toBe(index);
  });

  it('verifies a segment given the hash before it', () => {
    const chain = makeChain(records);
    expect(verifyChain(chain.slice(2), { previousHash: chain[1]!.hash })).toBe(-1);
    expect(verifyChain(chain.slice(2))).toBe(0);
  });
});
