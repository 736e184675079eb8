import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { ROLES } from '@sanwu/shared';
import { auditsOwedField, auditsOwedPlugin } from '../audit/audits-owed-field';

// A grant of an important role waiting for a second admin (two-person rule, seed 000 篇七 五).
const pendingGrantSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    role: { type: String, enum: ROLES, required: true },
    orgId: { type: Schema.Types.ObjectId, ref: 'Org', required: true },
    orgPath: { type: [Schema.Types.ObjectId], required: true },
    proposedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    approvedBy: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    status: { type: String, enum: ['pending', 'approved', 'rejected'], default: 'pending' },
    reason: { type: String },
    decidedAt: { type: Date, default: null },
    auditsOwed: auditsOwedField,
  },
  { strict: true, timestamps: true },
);

// Duplicate-proposal check and the admins' queue of pending grants.
pendingGrantSchema.index({ userId: 1, role: 1, orgId: 1, status: 1 });
pendingGrantSchema.index({ status: 1, orgPath: 1 });
pendingGrantSchema.plugin(auditsOwedPlugin);

export type PendingGrantDoc = InferSchemaType<typeof pendingGrantSchema> & { _id: Types.ObjectId };
export const PendingGrant = model('PendingGrant', pendingGrantSchema);
