import {
  addCalendarDays,
  endOfShanghaiDay,
  shanghaiDate,
  startOfShanghaiDay,
  type DateString,
} from '@sanwu/shared';
import { Org, type OrgDoc } from '../orgs/org.model';
import { ensureCan, loadOrg, orgTarget, type LoadedActor } from '../policy/authorize';

// The reach of a supervision query: the org asked about, checked against the one policy, and
// every org below it (the `{ path }` index answers "the subtree of O").

export interface Subtree {
  org: OrgDoc;
  orgs: OrgDoc[];
  names: Map<string, string>;
}

/** Loads `orgId` (404), checks `supervision.read` over it (403), and lists its subtree. */
export async function supervisedSubtree(actor: LoadedActor, orgId: string): Promise<Subtree> {
  const org = await loadOrg(orgId);
  ensureCan(actor, 'supervision.read', orgTarget(org));
  return subtreeOf(org);
}

export async function subtreeOf(org: OrgDoc): Promise<Subtree> {
  const orgs = await Org.find({ path: org._id }).sort({ name: 1 }).lean<OrgDoc[]>();
  return { org, orgs, names: new Map(orgs.map((o) => [String(o._id), o.name])) };
}

/** A period of Shanghai dates as instants; defaults: from 1 January of `now`'s year to today. */
export function periodOf(now: Date, from?: DateString, to?: DateString) {
  const today = shanghaiDate(now);
  const f = from ?? `${today.slice(0, 4)}-01-01`;
  const t = to ?? today;
  return { from: f, to: t, start: startOfShanghaiDay(f), end: endOfShanghaiDay(t) };
}

/** The last day of `year`, or yesterday when the year is still running (what can be judged). */
export function yearRange(year: number, now: Date): { from: DateString; to: DateString } {
  const today = shanghaiDate(now);
  const end = `${year}-12-31`;
  return { from: `${year}-01-01`, to: end < today ? end : addCalendarDays(today, -1) };
}
