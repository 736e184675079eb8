// A compound index's entries grouped by the keys of their first `p` fields and kept in the order of
// the remaining fields, so `find({ a, b: { $in } }).sort({ c, d }).limit(k)` on an `{ a, b, c, d }`
// index reads k documents instead of matching and sorting every document under `a` (the inbox).
import { bsonCompare, firstNotBefore } from './compare';
import { keyOf } from './values';

/** One distinct key of the index: its field values and the ids holding it (the index's own Set). */
export interface Row {
  values: unknown[];
  ids: Set<string>;
}

/** The key of a row's first `p` fields, as the planner builds it from a filter. */
export function prefixKey(keys: string[]): string {
  return JSON.stringify(keys);
}

export class OrderedGroups {
  /** prefix key -> rows sorted by the fields after the prefix, in the index's directions. */
  private readonly groups = new Map<string, Row[]>();

  constructor(
    private readonly p: number,
    private readonly dirs: number[],
    rows: Iterable<Row>,
  ) {
    for (const row of rows) this.groupOf(row, true)!.push(row);
    for (const group of this.groups.values()) group.sort((a, b) => this.compare(a, b));
  }

  /** Index order of two rows of one group (from field `p` on). */
  compare(a: Row, b: Row): number {
    for (let i = this.p; i < this.dirs.length; i++) {
      const c = bsonCompare(a.values[i], b.values[i]);
      if (c !== 0) return c * this.dirs[i]!;
    }
    return 0;
  }

  add(row: Row): void {
    const group = this.groupOf(row, true)!;
    group.splice(this.bound(group, row, true), 0, row);
  }

  remove(row: Row): void {
    const group = this.groupOf(row, false);
    if (!group) return;
    // Binary search to the rows that sort with it, then the row itself: county-wide groups are long.
    let at = this.bound(group, row, false);
    while (at < group.length && group[at] !== row) at++;
    if (at < group.length) group.splice(at, 1);
    if (group.length === 0) this.groups.delete(prefixKey(row.values.slice(0, this.p).map(keyOf)));
  }

  /** Documents held by the groups of these prefixes (an upper bound on what a scan reads). */
  size(prefixes: string[]): number {
    let n = 0;
    for (const key of prefixes) for (const row of this.groups.get(key) ?? []) n += row.ids.size;
    return n;
  }

  /**
   * Ids under any of `prefixes`, in index order (`reverse`: backwards), each once: a document first met
   * at its smallest (forward) / largest (backward) array element, as MongoDB sorts arrays.
   */
  *ids(prefixes: string[], reverse: boolean): Generator<string> {
    const groups = prefixes.map((k) => this.groups.get(k)).filter((g): g is Row[] => g !== undefined);
    const at = groups.map((g) => (reverse ? g.length - 1 : 0));
    const step = reverse ? -1 : 1;
    const seen = new Set<string>();
    for (;;) {
      // Merge: the group whose next row comes first in the scan's direction.
      let pick = -1;
      groups.forEach((g, i) => {
        const row = g[at[i]!];
        if (!row) return;
        if (pick < 0 || this.compare(row, groups[pick]![at[pick]!]!) * step < 0) pick = i;
      });
      if (pick < 0) return;
      const row = groups[pick]![at[pick]!]!;
      at[pick] = at[pick]! + step;
      for (const id of row.ids) {
        if (seen.has(id)) continue;
        seen.add(id);
        yield id;
      }
    }
  }

  private groupOf(row: Row, create: boolean): Row[] | undefined {
    const key = prefixKey(row.values.slice(0, this.p).map(keyOf));
    let group = this.groups.get(key);
    if (!group && create) this.groups.set(key, (group = []));
    return group;
  }

  /** First position whose row sorts after `row` (`after`), or not before it. */
  private bound(group: Row[], row: Row, after: boolean): number {
    return firstNotBefore(group.length, (i) => {
      const c = this.compare(group[i]!, row);
      return c < 0 || (after && c === 0);
    });
  }
}
