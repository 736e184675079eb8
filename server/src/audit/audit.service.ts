import { Types } from 'mongoose';
import type { AuditEntryDto, Paginated, Pagination } from '@sanwu/shared';
import { Org } from '../orgs/org.model';
import { AuditEntry, type AuditDoc } from './audit.model';
import { auditHash } from './audit-hash';
import { isDuplicateKey } from '../db/duplicate-key';
import { insertChecked } from '../db/insert-checked';
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
  return queued(String(orgId), (tail) => appendOnce(input, orgId, tail));
}

/** The last entry of a chain, as the next entry links to it. */
interface Tail {
  seq: number;
  hash: string;
}

// NOTE: the soak (200 residents submitting to one village at once) ran out of retries: appends to
// one org's chain now queue up within this process, and the retries only settle races with other
// instances. An append queued behind another starts from the entry that one just wrote instead of
// reading the tail again: one round trip per entry while a village's chain is busy
// (docs/performance.md). If another instance wrote in between, the unique index says so.
const chains = new Map<string, Promise<Tail | null>>();

function queued(key: string, run: (tail: Tail | null) => Promise<AuditDoc>): Promise<AuditDoc> {
  const result = (chains.get(key) ?? Promise.resolve(null)).then(run);
  const tail = result.then(
    (entry) => ({ seq: entry.seq, hash: entry.hash }),
    () => null,
  );
  chains.set(key, tail);
  void tail.then(() => chains.get(key) === tail && chains.delete(key));
  return result;
}

async function appendOnce(
  input: AuditInput,
  orgId: Types.ObjectId | null,
  known: Tail | null,
): Promise<AuditDoc> {
  for (let attempt = 1; ; attempt++) {
    const last =
      attempt === 1 && known
        ? known
        : await readOne<Tail>(AuditEntry, { orgId }, { sort: { seq: -1 }, projection: { seq: 1, hash: 1 } });
    const fields = {
      orgId,
      seq: (last?.seq ?? 0) + 1,
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
    const prevHash = last?.hash ?? null;
    try {
      return await insertChecked<AuditDoc>(AuditEntry, {
        ...fields,
        prevHash,
        hash: auditHash(fields, prevHash),
      });
    } catch (err) {
      if (!isDuplicateKey(err) || attempt >= MAX_ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
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
