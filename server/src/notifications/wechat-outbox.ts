import { Types } from 'mongoose';
import { shanghaiDate } from '@sanwu/shared';
import type { Logger } from '../logger';
import { User } from '../users/user.model';
import type { WechatClient } from '../wechat/wechat-client';
import { WechatApiError } from '../wechat/wechat-errors';
import { Notification, type NotificationDoc } from './notification.model';

/** Template ids per notification family (WECHAT_TEMPLATE_* in config); unset → in-app only. */
export interface WechatTemplates {
  reminder?: string;
  progress?: string;
  overdue?: string;
  alert?: string;
}

export interface OutboxOptions {
  wechat?: WechatClient;
  templates: WechatTemplates;
  logger: Logger;
  /** Attempts before a delivery is recorded as failed for good. */
  maxAttempts?: number;
  /** First retry delay; doubled each attempt (1, 2, 4, 8 … minutes). */
  baseDelayMs?: number;
  /** Deliveries per sweep, so one sweep stays within its minute. */
  batch?: number;
}

/** errcodes no retry fixes: the user did not subscribe (43101), bad openid/template/arguments. */
const PERMANENT_ERRCODES = new Set([43101, 40003, 40037, 47003, 41030]);

function templateFamily(kind: string): keyof WechatTemplates {
  if (kind.endsWith('.reminder')) return 'reminder';
  if (kind.endsWith('.overdue')) return 'overdue';
  if (kind.startsWith('feedback.')) return 'progress';
  return 'alert';
}

// Subscribe-message "thing" fields hold at most 20 characters.
const thing = (text: string) => (text.length > 20 ? `${text.slice(0, 19)}…` : text);

function isPermanent(err: unknown): boolean {
  return err instanceof WechatApiError && PERMANENT_ERRCODES.has(err.errcode);
}

function describe(err: unknown): string {
  if (err instanceof WechatApiError) return `errcode ${err.errcode} ${err.errmsg}`;
  const e = err as { reason?: string; errcode?: number; message?: string };
  return e.reason ? `${e.reason}${e.errcode ? ` (${e.errcode})` : ''}` : String(e.message ?? err);
}

/**
 * Sends the outbox's pending WeChat subscribe messages due at `now`. Each delivery is claimed
 * first (its next attempt moved past the sweep) so a crash never sends one twice in a row;
 * failures are retried with exponential backoff, then recorded as failed for admins.
 */
export async function deliverWechat(
  now: Date,
  options: OutboxOptions,
): Promise<{ sent: number; failed: number; retried: number; skipped: number }> {
  const result = { sent: 0, failed: 0, retried: 0, skipped: 0 };
  const maxAttempts = options.maxAttempts ?? 6;
  const base = options.baseDelayMs ?? 60_000;
  const due = await Notification.find({ wechatStatus: 'pending', wechatNextAttemptAt: { $lte: now } })
    .sort({ wechatNextAttemptAt: 1 })
    .limit(options.batch ?? 100)
    .lean<NotificationDoc[]>();
  for (const n of due) {
    const claimed = await Notification.updateOne(
      { _id: n._id, wechatStatus: 'pending', wechatAttempts: n.wechatAttempts },
      { $set: { wechatNextAttemptAt: new Date(now.getTime() + base) }, $inc: { wechatAttempts: 1 } },
    );
    if (claimed.modifiedCount === 0) continue;
    const templateId = options.templates[templateFamily(n.kind)];
    const user = await User.findById(n.userId).select({ wechat: 1 }).lean();
    const openid = user?.wechat?.openid;
    if (!options.wechat || !templateId || !openid) {
      await Notification.updateOne(
        { _id: n._id },
        { $set: { wechatStatus: 'skipped', wechatNextAttemptAt: null } },
      );
      result.skipped++;
      continue;
    }
    try {
      await options.wechat.sendSubscribeMessage({
        toOpenid: openid,
        templateId,
        page: n.feedbackId
          ? `pages/feedback/detail/index?id=${String(n.feedbackId)}`
          : 'pages/notifications/index',
        data: { thing1: thing(n.title), thing2: thing(n.body), time3: shanghaiDate(n.createdAt) },
      });
      await Notification.updateOne(
        { _id: n._id },
        {
          $set: { wechatStatus: 'sent', wechatSentAt: now, wechatNextAttemptAt: null, wechatLastError: null },
        },
      );
      result.sent++;
    } catch (err) {
      const attempts = (n.wechatAttempts ?? 0) + 1;
      const giveUp = isPermanent(err) || attempts >= maxAttempts;
      await Notification.updateOne(
        { _id: n._id as Types.ObjectId },
        {
          $set: giveUp
            ? {
                wechatStatus: 'failed',
                wechatFailedAt: now,
                wechatNextAttemptAt: null,
                wechatLastError: describe(err),
              }
            : {
                wechatNextAttemptAt: new Date(now.getTime() + base * 2 ** (attempts - 1)),
                wechatLastError: describe(err),
              },
        },
      );
      if (giveUp) {
        options.logger.warn(
          { notificationId: String(n._id), err: describe(err) },
          'wechat notification failed for good',
        );
        result.failed++;
      } else result.retried++;
    }
  }
  return result;
}
