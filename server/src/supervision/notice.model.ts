import { Schema, model, type InferSchemaType, type Types } from 'mongoose';

// A 通报 (DOMAIN.md "Supervision"; seed 000 篇四, 篇五): an inspector names non-compliant orgs or
// overdue items and orders a rectification by a date. Each named org answers; the inspector closes it.

const noticeItemSchema = new Schema(
  {
    orgId: { type: Schema.Types.ObjectId, ref: 'Org', required: true },
    orgName: { type: String, required: true },
    kind: { type: String, enum: ['compliance', 'feedback', 'disclosure', 'other'], required: true },
    refId: { type: Schema.Types.ObjectId, default: null },
    catalogueCode: { type: String, default: null },
    periodKey: { type: String, default: null },
    note: { type: String, required: true },
  },
  { _id: false },
);

const noticeOrgSchema = new Schema(
  {
    orgId: { type: Schema.Types.ObjectId, ref: 'Org', required: true },
    orgName: { type: String, required: true },
    respondedAt: { type: Date, default: null },
    overdueAt: { type: Date, default: null },
  },
  { _id: false },
);

const noticeSchema = new Schema(
  {
    issuerOrgId: { type: Schema.Types.ObjectId, ref: 'Org', required: true },
    issuerOrgName: { type: String, required: true },
    issuedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    issuedByName: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    title: { type: String, required: true },
    content: { type: String, required: true },
    items: { type: [noticeItemSchema], required: true },
    /** The named orgs (one entry each) and whether each has answered. */
    orgs: { type: [noticeOrgSchema], required: true },
    /** Every named org and its ancestors: "notices concerning org X" is one indexed query. */
    orgPaths: { type: [Schema.Types.ObjectId], required: true },
    rectifyBy: { type: String, required: true },
    /** End of the rectify-by day, Asia/Shanghai. */
    dueAt: { type: Date, required: true },
    responses: {
      type: [
        {
          orgId: Schema.Types.ObjectId,
          byId: Schema.Types.ObjectId,
          byName: String,
          content: String,
          at: Date,
          late: Boolean,
          _id: false,
        },
      ],
      default: [],
    },
    state: { type: String, enum: ['open', 'closed'], default: 'open' },
    closedAt: { type: Date, default: null },
    closedBy: { type: Schema.Types.ObjectId, default: null },
    conclusion: { type: String, default: null },
    /** The scheduler's next look (reminder, overdue), as for feedback deadlines; null when done. */
    nextCheckAt: { type: Date, default: null },
    rev: { type: Number, default: 0 },
  },
  { strict: true },
);

// GET /orgs/:id/notices: notices naming the org or an org below it, newest first.
noticeSchema.index({ orgPaths: 1, issuedAt: -1 });
// The scheduler's sweep: only notices with a pending check that has come due.
noticeSchema.index({ nextCheckAt: 1 }, { partialFilterExpression: { nextCheckAt: { $type: 'date' } } });

export type NoticeDoc = InferSchemaType<typeof noticeSchema> & { _id: Types.ObjectId };
export const Notice = model('Notice', noticeSchema);
