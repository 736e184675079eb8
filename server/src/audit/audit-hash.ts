import { createHash } from 'node:crypto';
import type { Types } from 'mongoose';

// TODO(identity): switch to `contentHash` from @sanwu/shared/integrity once it lands, so
// the audit log and disclosures share one hashing rule. Until then: SHA-256 over a
// canonical JSON (sorted keys) of `{ prev, value }`.
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

function contentHash(value: unknown, previousHash?: string | null): string {
  return createHash('sha256')
    .update(canonical({ prev: previousHash ?? null, value }))
    .digest('hex');
}

/** The fields of an entry that the hash covers, as stored (ids and dates as strings). */
export interface HashedAuditFields {
  orgId: Types.ObjectId | string | null;
  seq: number;
  at: Date;
  actorId: Types.ObjectId | string | null;
  actorRole: string | null;
  action: string;
  target: { type?: string | null; id?: string | null } | null;
  requestId: string | null;
  ip: string | null;
  summary: { before?: unknown; after?: unknown } | null;
}

/**
 * The hash of an audit entry chained to the previous entry's hash. Both the writer and
 * the verifier call this, so what is covered is defined in one place.
 */
export function auditHash(entry: HashedAuditFields, prevHash: string | null): string {
  const value = {
    orgId: entry.orgId ? String(entry.orgId) : null,
    seq: entry.seq,
    at: entry.at.toISOString(),
    actorId: entry.actorId ? String(entry.actorId) : null,
    actorRole: entry.actorRole ?? null,
    action: entry.action,
    target: entry.target?.type ? { type: entry.target.type, id: entry.target.id ?? null } : null,
    requestId: entry.requestId ?? null,
    ip: entry.ip ?? null,
    summary: entry.summary
      ? { before: entry.summary.before ?? null, after: entry.summary.after ?? null }
      : null,
  };
  return contentHash(value, prevHash);
}
