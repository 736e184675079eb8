// The generated bad-input corpus (see bad-input.test.ts): deterministic for a seed.

/** A slice of an OpenAPI / JSON Schema document, as much as the corpus reads of it. */
export interface JsonSchema {
  [key: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface BadCase {
  kind: string;
  contentType: string;
  /** Sent as is: a string is the raw body. */
  body: string;
  /** Appended to the URL (query-string injection). */
  query?: string;
}

function resolve(schema: JsonSchema | undefined, doc: JsonSchema): JsonSchema | undefined {
  const ref = schema?.$ref as string | undefined;
  if (!ref?.startsWith('#/')) return schema;
  return ref
    .slice(2)
    .split('/')
    .reduce<JsonSchema | undefined>((node, part) => node?.[part], doc);
}

/** The field names a request body schema names, through $ref and unions, top level only. */
export function fieldsOf(schema: JsonSchema | undefined, doc: JsonSchema): string[] {
  const s = resolve(schema, doc);
  if (!s) return [];
  const names = new Set<string>(Object.keys(s.properties ?? {}));
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    for (const member of (s[key] ?? []) as JsonSchema[]) for (const f of fieldsOf(member, doc)) names.add(f);
  }
  return [...names];
}

/** Whether a body schema requires at least one field (so no generated body can be valid). */
export function requiresSomething(schema: JsonSchema | undefined, doc: JsonSchema): boolean {
  const s = resolve(schema, doc);
  if (!s) return false;
  if (Array.isArray(s.required) && s.required.length > 0) return true;
  const members = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  return Boolean(members?.length) && members!.every((m) => requiresSomething(m, doc));
}

const MALFORMED = [
  '{',
  '{"a":',
  '[1,2',
  '{"a":1,}',
  "{'a':1}",
  'nul',
  'NaN',
  '{"a":1}{"b":2}',
  '\u0000',
  '{"a":"\\x41"}',
  '{"a":"\\ud800"',
  '\ufeff{"a":1',
  '{"__proto__":',
  '{"a":01}',
  '{"a":1e99999999999999}',
  '['.repeat(5000),
];
const NOT_OBJECTS = ['null', '[]', '[{}]', '"text"', '0', '-1', 'true', '{}'];
const WRONG_TYPES: unknown[] = [
  123,
  -1,
  0.5,
  1e308,
  true,
  false,
  null,
  [],
  [1, 2, 3],
  [{ $gt: '' }],
  { nested: { deeper: 1 } },
  '',
  ' ',
];
const OPERATORS: unknown[] = [
  { $gt: '' },
  { $ne: null },
  { $where: 'sleep(1000)' },
  { $regex: '.*' },
  { $in: [] },
  { $exists: true },
  { $expr: { $eq: [1, 1] } },
];
const TOP_LEVEL_INJECTIONS: Record<string, unknown>[] = [
  { $where: '1' },
  { $set: { grants: [] } },
  { __proto__: { admin: true } },
  { constructor: { prototype: { admin: true } } },
  { 'grants.role': 'admin' },
];
const QUERY_INJECTIONS = [
  '?a[$ne]=',
  '?orgId[$gt]=',
  '?page[$ne]=1&pageSize=99999',
  '?__proto__[x]=1',
  '?state[$in][]=closed',
];
const UNICODE: (() => string)[] = [
  () => '\u0000',
  () => '\ud800',
  () => 'abc\udfff',
  () => '\u202e\u202d',
  () => '\u200b\u200c\u200d',
  () => '\ufeff',
  () => '\u3000\u3000',
  () => '😀'.repeat(3_000),
  () => 'e\u0301'.repeat(5_000),
  () => '字'.repeat(20_000),
  () => '\u{10ffff}',
  () => '\r\n\t\v\f',
];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

function objectWith(fields: string[], random: () => number, value: () => unknown): Record<string, unknown> {
  const names = fields.length ? fields : ['orgId', 'content', 'type'];
  const body: Record<string, unknown> = {};
  for (const f of names) if (random() < 0.8 || Object.keys(body).length === 0) body[f] = value();
  return body;
}

const json = 'application/json';

/** `n` bad bodies for a route whose body names `fields`, in a deterministic mix of kinds. */
export function corpusFor(fields: string[], n: number, random: () => number): BadCase[] {
  const makers: (() => BadCase)[] = [
    () => ({ kind: 'malformed', contentType: json, body: pick(MALFORMED, random) }),
    () => ({ kind: 'not-an-object', contentType: json, body: pick(NOT_OBJECTS, random) }),
    () => ({
      kind: 'wrong-type',
      contentType: json,
      body: JSON.stringify(objectWith(fields, random, () => pick(WRONG_TYPES, random))),
    }),
    () => ({
      kind: 'operator-injection',
      contentType: json,
      body: JSON.stringify(objectWith(fields, random, () => pick(OPERATORS, random))),
    }),
    () => ({
      kind: 'top-level-injection',
      contentType: json,
      body: JSON.stringify({
        ...pick(TOP_LEVEL_INJECTIONS, random),
        [pick(fields.length ? fields : ['x'], random)]: { $gt: '' },
      }),
    }),
    () => ({
      kind: 'query-injection',
      contentType: json,
      body: JSON.stringify(objectWith(fields, random, () => pick(WRONG_TYPES, random))),
      query: pick(QUERY_INJECTIONS, random),
    }),
    () => ({
      kind: 'form-injection',
      contentType: 'application/x-www-form-urlencoded',
      body: `${pick(fields.length ? fields : ['a'], random)}[$ne]=&a[$gt]=`,
    }),
    () => ({
      kind: 'unicode-edge',
      contentType: json,
      body: JSON.stringify(objectWith(fields, random, () => pick(UNICODE, random)())),
    }),
    () => ({
      kind: 'unicode-keys',
      contentType: json,
      body: JSON.stringify({ [pick(UNICODE.slice(0, 7), random)()]: 1, ['\u0000$gt']: '' }),
    }),
    () => ({ kind: 'wrong-content-type', contentType: 'text/plain', body: 'orgId=1&content=hi' }),
  ];
  const out: BadCase[] = [
    // One oversized body per route (over the 1 MiB JSON limit).
    { kind: 'oversized', contentType: json, body: JSON.stringify({ content: 'x'.repeat(1_100_000) }) },
  ];
  while (out.length < n) out.push(pick(makers, random)());
  return out;
}
