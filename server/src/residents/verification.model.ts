import { Schema, model, type InferSchemaType, type Types } from 'mongoose';

// A resident's request to be matched to the registry of a village (实名认证).
const verificationSchema = new Schema(
  {
    orgId: { type: Schema.Types.ObjectId, ref: 'Org', required: true },
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    name: { type: String, required: true, trim: true },
    idLast4: { type: String },
    phoneHash: { type: String },
    phoneMasked: { type: String },
    status: { type: String, enum: ['pending', 'approved', 'rejected'], default: 'pending' },
    /** The registry entry that matched automatically (a suggestion for the cadre), then the one approved. */
    matchedResidentId: { type: Schema.Types.ObjectId, ref: 'Resident', default: null },
    decidedBy: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    decidedAt: { type: Date, default: null },
    reason: { type: String },
  },
  { strict: true, timestamps: true },
);

// Duplicate-pending check and the per-day rate limit, both by user.
verificationSchema.index({ userId: 1, status: 1 });
verificationSchema.index({ userId: 1, createdAt: -1 });
// The cadre's queue.
verificationSchema.index({ orgId: 1, status: 1, createdAt: 1 });

export type VerificationDoc = InferSchemaType<typeof verificationSchema> & { _id: Types.ObjectId };
export const Verification = model('Verification', verificationSchema);
