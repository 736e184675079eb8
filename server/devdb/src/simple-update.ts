// `$set`, `$unset` and `$inc` on plain dotted paths through plain objects, applied without mingo.
// They are nearly every update the application sends (inbox counters, notification upserts, state
// changes); mingo builds a fresh operator context on every call, which cost more than the update
// itself: a third of devdb's busy time under the submission benchmark (docs/performance.md).
// Anything else — other operators, positional or numeric segments, arrays or scalars on the way,
// paths that overlap — returns `undefined` and goes to mingo, so its rules stay the only ones there.
import { cloneDoc, getPath, isPlainObject, keyOf, setPath, type Doc } from './values';

const SIMPLE_OPERATORS = new Set(['$set', '$unset', '$inc']);
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

/** Applies `ops` to `doc` in place; true if it changed, undefined if mingo must apply them instead. */
export function applySimpleUpdate(doc: Doc, ops: Record<string, Doc>): boolean | undefined {
  const targets = simpleTargets(doc, ops);
  if (!targets) return undefined;
  let changed = false;
  // Every value on the way is a plain object or missing (simpleTargets), so getPath reads the old
  // value and setPath creates the missing objects exactly as MongoDB does.
  for (const { op, path, operand } of targets) {
    const old = getPath(doc, path);
    if (op === '$unset') {
      if (old === undefined) continue;
      const dot = path.lastIndexOf('.');
      const parent = (dot < 0 ? doc : getPath(doc, path.slice(0, dot))) as Doc;
      delete parent[path.slice(dot + 1)];
      changed = true;
    } else if (op === '$inc') {
      const sum = ((old as number | undefined) ?? 0) + (operand as number);
      if (sum !== old) changed = true;
      setPath(doc, path, sum);
    } else if (old === undefined || keyOf(old) !== keyOf(operand)) {
      setPath(doc, path, cloneDoc(operand));
      changed = true;
    }
  }
  return changed;
}

interface Target {
  op: string;
  path: string;
  operand: unknown;
}

/** The updates as paths when every one is simple against `doc`; undefined otherwise. */
function simpleTargets(doc: Doc, ops: Record<string, Doc>): Target[] | undefined {
  const targets: Target[] = [];
  for (const [op, fields] of Object.entries(ops)) {
    if (!SIMPLE_OPERATORS.has(op)) return undefined;
    for (const [path, operand] of Object.entries(fields)) {
      const segs = path.split('.');
      // `_id` is immutable: MongoDB's refusal (or mingo's acceptance of an equal value) stays theirs.
      if (segs[0] === '_id') return undefined;
      if (segs.some((s) => s === '' || s.startsWith('$') || /^\d+$/.test(s) || FORBIDDEN_SEGMENTS.has(s)))
        return undefined;
      if (op === '$inc' && typeof operand !== 'number') return undefined;
      if (!throughPlainObjects(doc, segs)) return undefined;
      targets.push({ op, path, operand });
    }
  }
  // Overlapping paths (`a` and `a.b`, or one path twice) are a conflict MongoDB refuses: mingo's call.
  const paths = targets.map((t) => t.path).sort();
  for (let i = 1; i < paths.length; i++) {
    if (paths[i] === paths[i - 1] || paths[i]!.startsWith(`${paths[i - 1]}.`)) return undefined;
  }
  return targets;
}

/** Every existing value above the leaf is a plain object, and the leaf holds no array. */
function throughPlainObjects(doc: Doc, segs: string[]): boolean {
  let cur: unknown = doc;
  for (let i = 0; i < segs.length; i++) {
    if (cur === undefined) return true;
    if (!isPlainObject(cur)) return false;
    cur = cur[segs[i]!];
  }
  return !Array.isArray(cur);
}
