import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { ORG_KINDS, ORG_LEVELS } from '@sanwu/shared';
import { auditsOwedField, auditsOwedPlugin } from '../audit/audits-owed-field';

const orgSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 60 },
    level: { type: String, enum: ORG_LEVELS, required: true },
    kind: { type: String, enum: ORG_KINDS, required: true },
    parentId: { type: Schema.Types.ObjectId, ref: 'Org', default: null },
    /**
     * Ancestors AND the org itself, root first: the policy's `orgPath` as stored, so
     * "the subtree of O" is the single indexed query `{ path: O }`.
     */
    path: { type: [Schema.Types.ObjectId], required: true },
    /** Administrative division code (统一社会信用代码 / 区划代码), when known. */
    code: { type: String, trim: true },
    active: { type: Boolean, default: true },
    deactivatedAt: { type: Date, default: null },
    policy: {
      // 'majority' (default, seed 000 篇二 四), 'all', or a fixed number of signatures.
      reviewQuorum: { type: Schema.Types.Mixed, default: 'majority' },
      /** Per-feedback-type overrides of the default answer deadlines. */
      feedbackPolicies: { type: Schema.Types.Mixed, default: {} },
      /** Catalogue item ids this org publishes (empty: its kind's whole catalogue). */
      catalogueItems: { type: [String], default: [] },
      financeCadence: { type: String, enum: ['monthly', 'quarterly'], default: 'monthly' },
    },
    /** Members of the 三务公开监督小组 (their supervisor grants are the authority; this is the roster). */
    supervisionGroup: { type: [Schema.Types.ObjectId], ref: 'User', default: [] },
    /** Bumped by every change to a feedback item in this org's inbox (feedback/inbox-revision). */
    feedbackRev: { type: Number, default: 0 },
    /** Audit entries its policy and roster changes owe until the sweep has seen them written (audit/audits-owed). */
    auditsOwed: auditsOwedField,
  },
  { strict: true, timestamps: true },
);

// Subtree queries (`{ path: orgId }`) and listing children by parent.
orgSchema.plugin(auditsOwedPlugin);
orgSchema.index({ path: 1 });
orgSchema.index({ parentId: 1, name: 1 });
// The public name search of `GET /orgs?q=` (org-query.service.ts listOrgs).
orgSchema.index({ active: 1, name: 1 });
// A code identifies one org; many orgs have none.
orgSchema.index({ code: 1 }, { unique: true, partialFilterExpression: { code: { $type: 'string' } } });

export type OrgDoc = InferSchemaType<typeof orgSchema> & { _id: Types.ObjectId };
export const Org = model('Org', orgSchema);
