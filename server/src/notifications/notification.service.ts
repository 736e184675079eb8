import { Types } from 'mongoose';
import {
  NotFoundError,
  type Role,
  type NotificationDto,
  type NotificationFailureDto,
  type Paginated,
} from '@sanwu/shared';
import { User } from '../users/user.model';
import { Notification, type NotificationDoc } from './notification.model';
import { isDuplicateKey } from '../db/duplicate-key';
import { groupCommit, type Outcome } from '../db/group-commit';

export interface NotifyInput {
  /** Identifies the event; combined with each recipient into the notification's unique key. */
  key: string;
  userIds: (string | Types.ObjectId)[];
  kind: string;
  title: string;
  body: string;
  feedbackId?: string | Types.ObjectId | null;
  disclosureId?: string | Types.ObjectId | null;
  at: Date;
}

/**
 * Puts one notification per recipient into the outbox, at most once per key: an upsert with
 * `$setOnInsert` on the unique key, so a retried or concurrent producer never makes a second.
 * Every recipient in one unordered bulk command (a village committee has several members), shared
 * with the notifications of whatever else is filed at the same moment (group commit).
 * Returns how many were new.
 */
export async function notify(input: NotifyInput): Promise<number> {
  const recipients = [...new Set(input.userIds.map(String))];
  if (recipients.length === 0) return 0;
  return upsertGrouped(
    recipients.map((userId) => {
      const doc = {
        key: `${input.key}:${userId}`,
        userId: new Types.ObjectId(userId),
        kind: input.kind,
        title: input.title,
        body: input.body,
        feedbackId: input.feedbackId ? new Types.ObjectId(String(input.feedbackId)) : null,
        disclosureId: input.disclosureId ? new Types.ObjectId(String(input.disclosureId)) : null,
        createdAt: input.at,
        wechatStatus: 'pending',
        wechatNextAttemptAt: input.at,
      };
      return { updateOne: { filter: { key: doc.key }, update: { $setOnInsert: doc }, upsert: true } };
    }),
  );
}

type Upsert = { updateOne: { filter: { key: string }; update: object; upsert: true } };

/**
 * One bulk command for the upserts of every `notify` waiting; each caller learns how many of its
 * own were new. A duplicate key is another producer having stored that one (not an error); any
 * other refusal fails the caller it belongs to.
 */
const upsertGrouped = groupCommit(async (calls: Upsert[][]): Promise<Outcome<number>[]> => {
  let upserted: Record<number, unknown> = {};
  const refused = new Map<number, unknown>();
  try {
    upserted = (await Notification.bulkWrite(calls.flat(), { ordered: false })).upsertedIds;
  } catch (err) {
    const failed = err as {
      writeErrors?: { index: number }[];
      result?: { upsertedIds?: Record<number, unknown> };
    };
    if (!failed.writeErrors?.length) throw err;
    for (const e of failed.writeErrors) if (!isDuplicateKey(e)) refused.set(e.index, err);
    upserted = failed.result?.upsertedIds ?? {};
  }
  let first = 0;
  return calls.map((ops) => {
    const own = Array.from({ length: ops.length }, (_, i) => first + i);
    first += ops.length;
    const error = own.map((i) => refused.get(i)).find(Boolean);
    if (error) return { ok: false, error };
    return { ok: true, value: own.filter((i) => upserted[i] !== undefined).length };
  });
});

/** Recipient lookups memoised for the length of one sweep (many items share an org). */
export type RecipientCache = Map<string, Promise<string[]>>;

/**
 * Users holding `role` exactly at `orgId` (not in its subtree): who is responsible there.
 * Served by the `grants.orgPath + grants.role` index, then narrowed to the exact org.
 */
export function usersWithRoleAt(
  role: Role,
  orgId: string | Types.ObjectId,
  cache?: RecipientCache,
): Promise<string[]> {
  const key = `${role}:${String(orgId)}`;
  const hit = cache?.get(key);
  if (hit) return hit;
  const found = lookupFor(role)(new Types.ObjectId(String(orgId)));
  cache?.set(key, found);
  return found;
}

// NOTE: every filing tells its org's cadres, so under load each submission paid a find of its own
// for them. Lookups of one role asked for while one is in flight go together as the next find, of
// every org asked for (docs/performance.md, thirteenth pass). Each is sent after it was asked for:
// a grant made before it is seen, as by a find of its own; this is not a cache.
const lookups = new Map<Role, (orgId: Types.ObjectId) => Promise<string[]>>();

function lookupFor(role: Role): (orgId: Types.ObjectId) => Promise<string[]> {
  let lookup = lookups.get(role);
  if (!lookup)
    lookups.set(role, (lookup = groupCommit((orgIds: Types.ObjectId[]) => findWithRoleAt(role, orgIds))));
  return lookup;
}

async function findWithRoleAt(role: Role, orgIds: Types.ObjectId[]): Promise<Outcome<string[]>[]> {
  const users = await User.find({
    'grants.orgPath': orgIds.length === 1 ? orgIds[0] : { $in: orgIds },
    'grants.role': role,
    disabled: { $ne: true },
  })
    .select({ grants: 1 })
    .lean();
  return orgIds.map((id) => ({
    ok: true,
    value: users
      .filter((u) => u.grants.some((g) => g.role === role && g.orgId.equals(id)))
      .map((u) => String(u._id)),
  }));
}

/**
 * The nearest inspectors at the last org of `orgPath` or above it: a township without its own
 * inspector is watched from the county.
 */
export async function nearestInspectors(
  orgPath: readonly (string | Types.ObjectId)[],
  cache?: RecipientCache,
): Promise<string[]> {
  for (let i = orgPath.length - 1; i >= 0; i--) {
    const found = await usersWithRoleAt('inspector', orgPath[i]!, cache);
    if (found.length > 0) return found;
  }
  return [];
}

/** The nearest inspectors above an org (its parent's, else further up). */
export function inspectorsAbove(
  orgPath: readonly (string | Types.ObjectId)[],
  cache?: RecipientCache,
): Promise<string[]> {
  return nearestInspectors(orgPath.slice(0, -1), cache);
}

export function toNotificationDto(n: NotificationDoc): NotificationDto {
  return {
    id: String(n._id),
    kind: n.kind,
    title: n.title,
    body: n.body,
    feedbackId: n.feedbackId ? String(n.feedbackId) : null,
    disclosureId: n.disclosureId ? String(n.disclosureId) : null,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt ? n.readAt.toISOString() : null,
  };
}

export async function listNotifications(
  userId: string,
  query: { unread?: boolean; page: number; pageSize: number },
): Promise<Paginated<NotificationDto>> {
  const filter: Record<string, unknown> = { userId: new Types.ObjectId(userId) };
  if (query.unread) filter.readAt = null;
  const [items, total] = await Promise.all([
    Notification.find(filter)
      .sort({ createdAt: -1, _id: -1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean<NotificationDoc[]>(),
    Notification.countDocuments(filter),
  ]);
  return { items: items.map(toNotificationDto), total, page: query.page, pageSize: query.pageSize };
}

/** Marks one of the caller's notifications read; someone else's is "not found". */
export async function markRead(userId: string, id: string, at: Date): Promise<NotificationDto> {
  const filter = { _id: new Types.ObjectId(id), userId: new Types.ObjectId(userId) };
  // Reading twice keeps the first read time.
  await Notification.updateOne({ ...filter, readAt: null }, { $set: { readAt: at } });
  const doc = await Notification.findOne(filter).lean<NotificationDoc>();
  if (!doc) throw new NotFoundError('通知不存在');
  return toNotificationDto(doc);
}

/** Marks all of the caller's unread notifications read. */
export async function markAllRead(userId: string, at: Date): Promise<number> {
  const res = await Notification.updateMany(
    { userId: new Types.ObjectId(userId), readAt: null },
    { $set: { readAt: at } },
  );
  return res.modifiedCount;
}

/** WeChat deliveries that failed for good, newest first (admins). */
export async function listFailures(page: {
  page: number;
  pageSize: number;
}): Promise<Paginated<NotificationFailureDto>> {
  const filter = { wechatStatus: 'failed' as const };
  const [items, total] = await Promise.all([
    Notification.find(filter)
      .sort({ wechatFailedAt: -1 })
      .skip((page.page - 1) * page.pageSize)
      .limit(page.pageSize)
      .lean<NotificationDoc[]>(),
    Notification.countDocuments(filter),
  ]);
  return {
    items: items.map((n) => ({
      id: String(n._id),
      userId: String(n.userId),
      kind: n.kind,
      title: n.title,
      attempts: n.wechatAttempts ?? 0,
      lastError: n.wechatLastError ?? null,
      failedAt: n.wechatFailedAt ? n.wechatFailedAt.toISOString() : null,
    })),
    total,
    page: page.page,
    pageSize: page.pageSize,
  };
}
