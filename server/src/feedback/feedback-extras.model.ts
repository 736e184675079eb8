import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { auditsOwedField, auditsOwedPlugin } from '../audit/audits-owed-field';

// Small collections of the feedback feature: co-signatures, answer templates and the obligations
// that thresholds create.

const signatureSchema = new Schema({
  feedbackId: { type: Schema.Types.ObjectId, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  residentId: { type: Schema.Types.ObjectId, required: true },
  isRepresentative: { type: Boolean, default: false },
  at: { type: Date, required: true },
  /** When the sweep looks at what the signature owes its request (joint-signature-check.ts); unset once it has. */
  checkAt: { type: Date },
  auditsOwed: auditsOwedField,
});
// One signature per verified resident (the registry entry, so two accounts of one person count once).
signatureSchema.index({ feedbackId: 1, residentId: 1 }, { unique: true });
// The sweep's signatures to look at: only those not yet looked at.
signatureSchema.index({ checkAt: 1 }, { partialFilterExpression: { checkAt: { $type: 'date' } } });
signatureSchema.plugin(auditsOwedPlugin);
export const JointSignature = model('JointSignature', signatureSchema);

const templateSchema = new Schema(
  {
    orgId: { type: Schema.Types.ObjectId, required: true },
    category: { type: String, required: true },
    title: { type: String, required: true },
    content: { type: String, required: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true },
);
// Listed per org and category.
templateSchema.index({ orgId: 1, category: 1, title: 1 });
export type AnswerTemplateDoc = InferSchemaType<typeof templateSchema> & { _id: Types.ObjectId };
export const AnswerTemplate = model('AnswerTemplate', templateSchema);

const obligationSchema = new Schema(
  {
    /** correction: republish a disclosure objected to by half; disclose: a met joint request. */
    kind: { type: String, enum: ['correction', 'disclose'], required: true },
    orgId: { type: Schema.Types.ObjectId, required: true },
    orgPath: { type: [Schema.Types.ObjectId], required: true },
    disclosureId: { type: Schema.Types.ObjectId, default: null },
    feedbackId: { type: Schema.Types.ObjectId, default: null },
    reason: { type: String, required: true },
    startedAt: { type: Date, required: true },
    dueAt: { type: Date, required: true },
    dueDate: { type: String, required: true },
    /** When the people concerned were told (and the disclosure flagged); null until done. */
    announcedAt: { type: Date, default: null },
    metAt: { type: Date, default: null },
    overdueAt: { type: Date, default: null },
    nextCheckAt: { type: Date, default: null },
  },
  { timestamps: true },
);
// One obligation per subject: a threshold reached twice (a race) starts one deadline.
obligationSchema.index(
  { kind: 1, disclosureId: 1 },
  { unique: true, partialFilterExpression: { kind: 'correction' } },
);
obligationSchema.index(
  { kind: 1, feedbackId: 1 },
  { unique: true, partialFilterExpression: { kind: 'disclose' } },
);
// Supervision's overdue board: unmet obligations in an org's subtree by deadline.
obligationSchema.index({ orgPath: 1, metAt: 1, dueAt: 1 });
obligationSchema.index({ nextCheckAt: 1 }, { partialFilterExpression: { nextCheckAt: { $type: 'date' } } });
export type ObligationDoc = InferSchemaType<typeof obligationSchema> & { _id: Types.ObjectId };
export const Obligation = model('Obligation', obligationSchema);
