import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { auditsOwedField, auditsOwedPlugin } from '../audit/audits-owed-field';

// One row per issued refresh token. Only the SHA-256 of the token is stored, so a
// database leak does not hand out sessions.
const refreshTokenSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    /** All tokens descended from one sign-in; reuse of a rotated token revokes the family. */
    familyId: { type: Schema.Types.ObjectId, required: true },
    tokenHash: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
    replacedBy: { type: Schema.Types.ObjectId, default: null },
    /** The sign-in's audit entry, until the sweep has seen it written (audit/audits-owed). */
    auditsOwed: auditsOwedField,
  },
  { strict: true, timestamps: true },
);

refreshTokenSchema.plugin(auditsOwedPlugin);
refreshTokenSchema.index({ tokenHash: 1 }, { unique: true });
refreshTokenSchema.index({ familyId: 1 });
// MongoDB removes expired tokens itself.
refreshTokenSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export type RefreshTokenDoc = InferSchemaType<typeof refreshTokenSchema> & { _id: Types.ObjectId };
export const RefreshToken = model('RefreshToken', refreshTokenSchema);
