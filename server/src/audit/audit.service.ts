import { Types } from 'mongoose';
import { ConflictError, type AuditEntryDto, type Paginated, type Pagination } from '@sanwu/shared';
import { Org } from '../orgs/org.model';
import { AuditEntry, type AuditDoc } from './audit.model';
import { auditHash, type HashedAuditFields } from './audit-hash';
import { isDuplicateKey } from '../db/duplicate-key';
import { castChecked } from '../db/cast-checked';
import { readOne } from '../db/read-by-id';

/** Where a service call came from, for the audit trail. */
export interface RequestMeta {
  requestId?: string;
  ip?: string;
}

type Id = Types.ObjectId | string;

export interface AuditInput {
  /** The chain: the org acted on; null/absent for the global chain. */
  orgId?: Id | null;
  actorId?: Id | null;
  actorRole?: string | null;
  /** Dotted verb, e.g. 'auth.login', 'registry.import', 'grant.approve'. */
  action: string;
  target?: { type: string; id?: string | null };
  /** Before/after of what changed — never secrets or full personal data. */
  summary?: { before?: unknown; after?: unknown };
  meta?: RequestMeta;
  at?: Date;
}

const MAX_ATTEMPTS = 25;

// Stored summaries are plain JSON so the hash recomputed from the stored document equals
// the hash computed at write time (no Dates or ObjectIds changing shape through BSON).
function plain(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

/**
 * Appends an entry to its org's chain: `seq` = last + 1, `hash` covers the entry and the
 * previous hash. Without transactions two writers may pick the same seq; the unique
 * {orgId, seq} index rejects the second, which re-reads the tail and tries again.
 */
export function appendAudit(input: AuditInput): Promise<AuditDoc> {
  const orgId = input.orgId ? new Types.ObjectId(String(input.orgId)) : null;
  const key = String(orgId);
  let chain = chains.get(key);
  if (!chain) chains.set(key, (chain = { orgId, waiting: [], tail: null, conflicts: 0, parked: false }));
  const queued = chain;
  return new Promise<AuditDoc>((resolve, reject) => {
    queued.waiting.push({ fields: entryFields(input, orgId), resolve, reject });
    if (!writing) void drain();
  });
}

/**
 * `input` as the entry will store it (ids as ObjectIds, the summary as plain JSON, no undefined):
 * kept in a document until the entry is surely written, it appends the very same entry.
 */
export function storableAudit(input: AuditInput): AuditInput {
  const orgId = input.orgId ? new Types.ObjectId(String(input.orgId)) : null;
  const f = entryFields(input, orgId);
  return {
    orgId,
    at: f.at,
    actorId: f.actorId,
    actorRole: f.actorRole,
    action: f.action,
    ...(input.target && { target: { type: input.target.type, id: input.target.id ?? null } }),
    ...(f.summary && { summary: f.summary }),
    meta: { ...(f.requestId && { requestId: f.requestId }), ...(f.ip && { ip: f.ip }) },
  };
}

/** The last entry of a chain, as the next entry links to it. */
interface Tail {
  seq: number;
  hash: string;
}

type EntryFields = Omit<HashedAuditFields, 'seq'>;

interface Waiting {
  fields: EntryFields;
  resolve: (entry: AuditDoc) => void;
  reject: (err: unknown) => void;
}

interface Chain {
  orgId: Types.ObjectId | null;
  /** Appends not yet written, in the order they were asked for. */
  waiting: Waiting[];
  /** The entry this process wrote last; null when unknown (nothing written yet, or a failure). */
  tail: Tail | null;
  /** Writes in a row that another instance's entry stopped; the chain waits a little after each. */
  conflicts: number;
  parked: boolean;
}

// NOTE: a whole village objecting at once appends to one chain, and a county's villages filing at
// once append to hundreds. Appends queue up within this process, and whatever queued while a write
// was in flight goes out as the next batch: one ordered insert for every chain's entries, each
// linked to the one before it on its chain, so throughput is bounded by CPU, not by a round trip
// per entry or per chain (docs/performance.md, thirteenth pass). A chain's tail is kept while
// writes follow each other and read again once the writer goes idle. Retries only settle races
// with other instances, which the unique {orgId, seq} index reveals.
const chains = new Map<string, Chain>();
const MAX_BATCH = 100;
let writing = false;

async function drain(): Promise<void> {
  writing = true;
  for (let batch = nextBatch(); batch.length > 0; batch = nextBatch()) await writeBatch(batch);
  // Nothing awaits between the last check and here, so no append can slip in unwritten.
  writing = false;
  for (const [key, chain] of chains) if (chain.waiting.length === 0 && !chain.parked) chains.delete(key);
}

/** A chain's share of a batch: its next appends, in order. */
interface Part {
  chain: Chain;
  entries: Waiting[];
}

function nextBatch(): Part[] {
  const parts: Part[] = [];
  let room = MAX_BATCH;
  for (const chain of chains.values()) {
    if (room === 0) break;
    if (chain.parked || chain.waiting.length === 0) continue;
    const entries = chain.waiting.splice(0, room);
    room -= entries.length;
    parts.push({ chain, entries });
  }
  return parts;
}

function entryFields(input: AuditInput, orgId: Types.ObjectId | null): EntryFields {
  return {
    orgId,
    at: input.at ?? new Date(),
    actorId: input.actorId ? new Types.ObjectId(String(input.actorId)) : null,
    actorRole: input.actorRole ?? null,
    action: input.action,
    target: input.target ? { type: input.target.type, id: input.target.id ?? null } : null,
    requestId: input.meta?.requestId ?? null,
    ip: input.meta?.ip ?? null,
    summary: input.summary
      ? { before: plain(input.summary.before) ?? null, after: plain(input.summary.after) ?? null }
      : null,
  };
}

/** Writes `parts` at the ends of their chains, settling each append or putting it back; never throws. */
async function writeBatch(parts: Part[]): Promise<void> {
  let linked: Linked[];
  let stored: number;
  try {
    const tails = await Promise.all(
      parts.map(
        ({ chain }) =>
          chain.tail ??
          readOne<Tail>(
            AuditEntry,
            { orgId: chain.orgId },
            { sort: { seq: -1 }, projection: { seq: 1, hash: 1 } },
          ),
      ),
    );
    linked = await Promise.all(parts.map(({ entries }, i) => link(tails[i]!, entries)));
    stored = (await insertInOrder(linked.flatMap((l) => l.docs))).length;
  } catch (err) {
    for (const { chain, entries } of parts) {
      chain.tail = null;
      for (const waiting of entries) waiting.reject(err);
    }
    return;
  }
  // The insert is ordered: it stored the first `stored` documents and stopped at the next one,
  // whose seq another instance had taken.
  let offset = 0;
  parts.forEach(({ chain }, i) => {
    const { docs, valid } = linked[i]!;
    const written = Math.min(docs.length, Math.max(0, stored - offset));
    const stoppedHere = written < docs.length && offset + written === stored;
    offset += docs.length;
    docs.slice(0, written).forEach((doc, j) => valid[j]!.resolve(doc));
    const last = docs[written - 1];
    if (last) chain.tail = { seq: last.seq, hash: last.hash };
    const unwritten = valid.slice(written);
    if (!stoppedHere) {
      if (unwritten.length === 0) chain.conflicts = 0;
      // Behind the entry that stopped the insert: linked again after what was stored.
      chain.waiting.unshift(...unwritten);
      return;
    }
    // Another instance took the next seq: link the rest to the tail it wrote, after a short wait.
    chain.tail = null;
    if (++chain.conflicts >= MAX_ATTEMPTS) {
      chain.conflicts = 0;
      const conflict = new ConflictError('审计日志写入冲突，请重试');
      for (const waiting of unwritten) waiting.reject(conflict);
      return;
    }
    chain.waiting.unshift(...unwritten);
    chain.parked = true;
    setTimeout(
      () => {
        chain.parked = false;
        if (!writing) void drain();
      },
      Math.random() * 5 * chain.conflicts,
    );
  });
}

interface Linked {
  docs: AuditDoc[];
  valid: Waiting[];
}

/**
 * The batch as stored documents, each linked to the one before it (the first to `tail`). An entry
 * that fails validation is refused on its own; the next one links past it.
 */
async function link(tail: Tail | null, batch: Waiting[]): Promise<Linked> {
  const docs: AuditDoc[] = [];
  const valid: Waiting[] = [];
  let prev = tail;
  for (const waiting of batch) {
    const fields = { ...waiting.fields, seq: (prev?.seq ?? 0) + 1 };
    const prevHash = prev?.hash ?? null;
    try {
      const doc = await castChecked<AuditDoc>(AuditEntry, {
        ...fields,
        prevHash,
        hash: auditHash(fields, prevHash),
      });
      docs.push(doc);
      valid.push(waiting);
      prev = { seq: doc.seq, hash: doc.hash };
    } catch (err) {
      waiting.reject(err);
    }
  }
  return { docs, valid };
}

/** Inserts `docs` in order; returns those stored before a duplicate seq stopped it (other errors throw). */
async function insertInOrder(docs: AuditDoc[]): Promise<AuditDoc[]> {
  if (docs.length === 0) return [];
  try {
    await AuditEntry.collection.insertMany(docs as never[], { ordered: true });
    return docs;
  } catch (err) {
    const first = (err as { writeErrors?: { index: number }[] }).writeErrors?.[0];
    if (!isDuplicateKey(first ?? err)) throw err;
    return docs.slice(0, first?.index ?? 0);
  }
}

export interface AuditFilter {
  orgId?: string;
  /** With orgId: include the org's whole subtree (what an inspector sees). */
  subtree?: boolean;
  /** Without orgId: the subtrees of these orgs (the caller's reach). */
  scopes?: string[];
  /** Also the global chain (sign-ins of unknown or org-less accounts): admins of a root org. */
  includeGlobal?: boolean;
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
}

export type AuditDto = AuditEntryDto;

export function toAuditDto(e: AuditDoc): AuditDto {
  return {
    id: String(e._id),
    orgId: e.orgId ? String(e.orgId) : null,
    seq: e.seq,
    at: e.at.toISOString(),
    actorId: e.actorId ? String(e.actorId) : null,
    actorRole: e.actorRole ?? null,
    action: e.action,
    target: e.target?.type ? { type: e.target.type, id: e.target.id ?? null } : null,
    requestId: e.requestId ?? null,
    ip: e.ip ?? null,
    summary: (e.summary as AuditDto['summary']) ?? null,
    hash: e.hash,
  };
}

/** Lists entries newest first. Authorisation (audit.read over orgId) is the caller's job. */
export async function listAudit(filter: AuditFilter, page: Pagination): Promise<Paginated<AuditDto>> {
  const query: Record<string, unknown> = {};
  if (filter.orgId) {
    if (filter.subtree) {
      const ids = await Org.find({ path: new Types.ObjectId(filter.orgId) }).distinct('_id');
      query.orgId = { $in: ids };
    } else {
      query.orgId = new Types.ObjectId(filter.orgId);
    }
  } else if (filter.scopes) {
    const roots = filter.scopes.map((id) => new Types.ObjectId(id));
    const ids: unknown[] = await Org.find({ path: { $in: roots } }).distinct('_id');
    query.orgId = { $in: filter.includeGlobal ? [...ids, null] : ids };
  }
  if (filter.actorId) query.actorId = new Types.ObjectId(filter.actorId);
  // `archive.*` is a prefix: every action of an area (the audit viewer's filter); else exact.
  if (filter.action)
    query.action = filter.action.endsWith('*')
      ? { $regex: `^${filter.action.slice(0, -1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` }
      : filter.action;
  if (filter.from || filter.to) {
    query.at = { ...(filter.from && { $gte: filter.from }), ...(filter.to && { $lte: filter.to }) };
  }
  const [items, total] = await Promise.all([
    AuditEntry.find(query)
      .sort({ at: -1, seq: -1 })
      .skip((page.page - 1) * page.pageSize)
      .limit(page.pageSize)
      .lean<AuditDoc[]>(),
    AuditEntry.countDocuments(query),
  ]);
  return { items: items.map(toAuditDto), total, page: page.page, pageSize: page.pageSize };
}
