import type { Types } from 'mongoose';
import { contentHash } from '@sanwu/shared';

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
