import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { FEEDBACK_STATES, FEEDBACK_TYPES, TIMELINE_KINDS } from '@sanwu/shared';
import { auditsOwedField, auditsOwedPlugin } from '../audit/audits-owed-field';
import { inboxRevisionPlugin } from './inbox-revision';

/** The filings whose receipt the sweep checks: a villager's own, and one a cadre registered for them. */
export const RECEIPT_ACTIONS = ['feedback.submit', 'feedback.assist'] as const;

const timelineSchema = new Schema(
  {
    kind: { type: String, enum: TIMELINE_KINDS, required: true },
    at: { type: Date, required: true },
    actorId: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    actorName: { type: String, default: null },
    orgId: { type: Schema.Types.ObjectId, ref: 'Org', default: null },
    orgName: { type: String, default: null },
    toOrgId: { type: Schema.Types.ObjectId, ref: 'Org', default: null },
    toOrgName: { type: String, default: null },
    text: { type: String, default: null },
    /** Shown on the public view of a public item; the resident always sees every entry. */
    public: { type: Boolean, default: true },
  },
  { _id: false },
);

const feedbackSchema = new Schema(
  {
    /** The org the resident addressed; never changes (首问: where it was first received). */
    orgId: { type: Schema.Types.ObjectId, ref: 'Org', required: true },
    orgPath: { type: [Schema.Types.ObjectId], required: true },
    /** Who owes the answer now: changed by transfer and escalation. */
    handlingOrgId: { type: Schema.Types.ObjectId, ref: 'Org', required: true },
    /** The handling org's path, so "items in my subtree" is one indexed query. */
    handlingOrgPath: { type: [Schema.Types.ObjectId], required: true },
    disclosureId: { type: Schema.Types.ObjectId, default: null },
    type: { type: String, enum: FEEDBACK_TYPES, required: true },
    content: { type: String, required: true },
    images: { type: [Schema.Types.ObjectId], default: [] },
    authorId: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    authorName: { type: String, required: true },
    /** The registry entry of a verified author: objections count once per villager, not per account. */
    residentId: { type: Schema.Types.ObjectId, default: null },
    showNamePublicly: { type: Boolean, default: false },
    public: { type: Boolean, default: false },
    assisted: {
      byId: { type: Schema.Types.ObjectId, ref: 'User' },
      channel: { type: String, enum: ['desk', 'phone'] },
      /** sha256 of the 6-digit code handed to the villager; cleared once confirmed. */
      codeHash: { type: String },
      confirmedAt: { type: Date },
    },
    state: { type: String, enum: FEEDBACK_STATES, required: true, default: 'submitted' },
    /** The deadline currently owed (escalation gives the inspector level its own). */
    dueAt: { type: Date, default: null },
    dueDate: { type: String, default: null },
    /** dueAt, or the far future when there is none: the inbox sorts by time left with these last. */
    sortDue: { type: Date, required: true },
    provisional: { type: Boolean, default: false },
    /** Snapshot of the policy the deadline was computed with: a later policy change never rewrites it. */
    policy: { unit: { type: String }, amount: { type: Number } },
    /** Set by the scheduler when the deadline passed unanswered (for lists; overdue itself is derived). */
    overdueAt: { type: Date, default: null },
    /**
     * When the scheduler must look at this item next (a reminder, the due day, the deadline);
     * null when nothing is pending. The sweep reads only `nextCheckAt <= now` through its index.
     */
    nextCheckAt: { type: Date, default: null },
    rating: { score: { type: Number }, comment: { type: String }, at: { type: Date } },
    escalationLevel: { type: Number, default: 0 },
    /** Joint requests: when the threshold was met (the obligation to disclose starts then). */
    reachedAt: { type: Date, default: null },
    timeline: { type: [timelineSchema], default: [] },
    // Set from the injected clock (not mongoose timestamps) so deadlines and lists agree in tests.
    createdAt: { type: Date, required: true },
    /** Bumped by every change: a concurrent second change fails instead of overwriting the first. */
    rev: { type: Number, default: 0 },
    /**
     * The Idempotency-Key the item was filed with, by whom (the resident, or the cadre of an assisted
     * filing), and the hash of the canonical request: stored in the same insert as the item, so
     * there is no instant at which a key exists without its item.
     */
    idempotency: {
      userId: { type: Schema.Types.ObjectId },
      key: { type: String },
      bodyHash: { type: String },
    },
    /**
     * What the filing still owes once the item is stored (its audit entry, the handlers' notice, an
     * objection's correction duty, a joint request's first signature), for the sweep to complete if
     * the process stopped in between (feedback-receipt.ts). Removed once the sweep has checked it.
     */
    receipt: {
      checkAt: { type: Date },
      action: { type: String, enum: RECEIPT_ACTIONS },
      actorRole: { type: String },
      requestId: { type: String },
      ip: { type: String },
    },
    /** The audit entries its last state changes owe, until the sweep has seen them written (audit/audits-owed.ts). */
    auditsOwed: auditsOwedField,
  },
  { strict: true },
);

// The inbox: items a handling org (or an ancestor's inspector) owes, by time left.
feedbackSchema.index({ handlingOrgPath: 1, state: 1, sortDue: 1, _id: 1 });
// Supervision (overview, complaint log, public record): items received in an org's subtree by date.
feedbackSchema.index({ orgPath: 1, createdAt: -1 });
// "My feedback", newest first.
feedbackSchema.index({ authorId: 1, createdAt: -1 });
// The scheduler's sweep: only items with a pending check that has come due.
feedbackSchema.index({ nextCheckAt: 1 }, { partialFilterExpression: { nextCheckAt: { $type: 'date' } } });
// One objection per resident per disclosure (counted once per verified resident), and the tally.
feedbackSchema.index(
  { disclosureId: 1, residentId: 1 },
  { unique: true, partialFilterExpression: { type: 'objection' } },
);
feedbackSchema.index({ disclosureId: 1, type: 1 });
// One item per user and Idempotency-Key; a retry finds the first item through it.
feedbackSchema.index(
  { 'idempotency.userId': 1, 'idempotency.key': 1 },
  { unique: true, partialFilterExpression: { 'idempotency.key': { $type: 'string' } } },
);

// The sweep's receipt check: only items whose filing has not been checked yet.
feedbackSchema.index(
  { 'receipt.checkAt': 1 },
  { partialFilterExpression: { 'receipt.checkAt': { $type: 'date' } } },
);

feedbackSchema.plugin(auditsOwedPlugin);
feedbackSchema.plugin(inboxRevisionPlugin);

export type FeedbackDoc = InferSchemaType<typeof feedbackSchema> & { _id: Types.ObjectId };
export type TimelineEntry = FeedbackDoc['timeline'][number];
export const Feedback = model('Feedback', feedbackSchema);
