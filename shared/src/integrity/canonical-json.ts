// Why our own serialiser instead of JSON.stringify with a replacer: key order must not depend on how an
// object was built (a mongoose document and a parsed API body list fields in different orders), and the
// exact bytes must be the same in Node and in the mini-program for the hash to mean anything.

const toTag = (v: object): string => Object.prototype.toString.call(v);

function serialize(value: unknown, key: string, stack: Set<object>): string | undefined {
  let v = value;
  if (v !== null && typeof v === 'object') {
    // Tag checks rather than instanceof: values may come from another realm (vm, jest sandbox).
    const tag = toTag(v);
    if (tag === '[object Date]')
      v = (v as Date).toISOString(); // RangeError on an invalid Date
    else if (tag === '[object Number]' || tag === '[object String]' || tag === '[object Boolean]') {
      v = (v as { valueOf(): unknown }).valueOf();
    } else if (typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      v = (v as { toJSON(key: string): unknown }).toJSON(key); // e.g. ObjectId, Decimal128
    }
  }
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonicalJson: BigInt is not JSON');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (v === null) return 'null';
  const obj = v as object;
  if (stack.has(obj)) throw new TypeError('canonicalJson: circular structure');
  stack.add(obj);
  try {
    if (Array.isArray(obj)) {
      return `[${obj.map((item, i) => serialize(item, String(i), stack) ?? 'null').join(',')}]`;
    }
    const record = obj as Record<string, unknown>;
    const parts: string[] = [];
    // Default sort compares UTF-16 code units — the order RFC 8785 (JCS) prescribes.
    for (const k of Object.keys(record).sort()) {
      const s = serialize(record[k], k, stack);
      if (s !== undefined) parts.push(`${JSON.stringify(k)}:${s}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    stack.delete(obj);
  }
}

/**
 * The canonical JSON text of `value`, the input of every content hash (DOMAIN.md "Archive": archived
 * records cannot be changed; "Supervision": append-only audit log). Like `JSON.stringify` — `undefined`,
 * functions and symbols are dropped from objects and become `null` in arrays, non-finite numbers become
 * `null`, `toJSON` is honoured — except that object keys are sorted recursively (UTF-16 code-unit order),
 * there is no whitespace, and Dates are always ISO-8601 UTC strings (`2026-03-31T16:00:00.000Z`).
 * For JSON-compatible data this is RFC 8785 (JCS). Throws TypeError on cycles, BigInt or a top-level value
 * that has no JSON form, RangeError on an invalid Date.
 */
export function canonicalJson(value: unknown): string {
  const out = serialize(value, '', new Set());
  if (out === undefined) throw new TypeError('canonicalJson: value has no JSON representation');
  return out;
}
