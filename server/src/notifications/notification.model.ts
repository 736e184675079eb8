import { Schema, model, type InferSchemaType, type Types } from 'mongoose';

/** How a notification is sent besides the in-app inbox. */
export const WECHAT_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;

const notificationSchema = new Schema({
  /**
   * What this notification is about and for whom, e.g. `fb:<id>:remind:2026-10-09:<userId>`.
   * Unique: producing the same notification twice (a retried sweep, two instances) stores one.
   */
  key: { type: String, required: true },
  userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  kind: { type: String, required: true },
  title: { type: String, required: true },
  body: { type: String, required: true },
  feedbackId: { type: Schema.Types.ObjectId, default: null },
  disclosureId: { type: Schema.Types.ObjectId, default: null },
  createdAt: { type: Date, required: true },
  readAt: { type: Date, default: null },
  // The outbox part: the WeChat subscribe message and its delivery attempts.
  wechatStatus: { type: String, enum: WECHAT_STATUSES, required: true, default: 'pending' },
  wechatAttempts: { type: Number, default: 0 },
  wechatNextAttemptAt: { type: Date, default: null },
  wechatLastError: { type: String, default: null },
  wechatSentAt: { type: Date, default: null },
  wechatFailedAt: { type: Date, default: null },
});

notificationSchema.index({ key: 1 }, { unique: true });
// The in-app inbox, newest first.
notificationSchema.index({ userId: 1, createdAt: -1 });
// The outbox: deliveries due now.
notificationSchema.index(
  { wechatNextAttemptAt: 1 },
  { partialFilterExpression: { wechatStatus: 'pending' } },
);
// Admins' list of permanent failures.
notificationSchema.index({ wechatStatus: 1, wechatFailedAt: -1 });

export type NotificationDoc = InferSchemaType<typeof notificationSchema> & { _id: Types.ObjectId };
export const Notification = model('Notification', notificationSchema);
