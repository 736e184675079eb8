import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { ROLES } from '@sanwu/shared';
import { auditsOwedField, auditsOwedPlugin } from '../audit/audits-owed-field';

const grantSchema = new Schema(
  {
    role: { type: String, enum: ROLES, required: true },
    orgId: { type: Schema.Types.ObjectId, ref: 'Org', required: true },
    /** The org's path when granted (kept in step by org moves): "users within subtree O" is `{ 'grants.orgPath': O }`. */
    orgPath: { type: [Schema.Types.ObjectId], required: true },
    /** Resident grants exist only once a cadre matched the user to the registry. */
    verified: { type: Boolean },
    residentId: { type: Schema.Types.ObjectId, ref: 'Resident' },
    grantedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    grantedAt: { type: Date },
  },
  { _id: false },
);

const userSchema = new Schema(
  {
    kind: { type: String, enum: ['resident', 'staff'], required: true },
    name: { type: String, required: true, trim: true, maxlength: 40 },
    username: { type: String, trim: true, lowercase: true },
    passwordHash: { type: String },
    wechat: {
      openid: { type: String },
      unionid: { type: String },
    },
    grants: { type: [grantSchema], default: [] },
    failedLogins: { type: Number, default: 0 },
    lockedUntil: { type: Date, default: null },
    phoneHash: { type: String },
    disabled: { type: Boolean, default: false },
    /** Audit entries its grant changes owe until the sweep has seen them written (audit/audits-owed). */
    auditsOwed: auditsOwedField,
  },
  { strict: true, timestamps: true },
);

// Password sign-in looks users up by username; only staff have one.
userSchema.index(
  { username: 1 },
  { unique: true, partialFilterExpression: { username: { $type: 'string' } } },
);
// WeChat sign-in: one account per openid.
userSchema.index(
  { 'wechat.openid': 1 },
  { unique: true, partialFilterExpression: { 'wechat.openid': { $type: 'string' } } },
);
// "Who holds a role over this org or its subtree", and "is this registry entry already bound".
userSchema.index({ 'grants.orgPath': 1, 'grants.role': 1 });
userSchema.index({ 'grants.residentId': 1 });
userSchema.plugin(auditsOwedPlugin);

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: Types.ObjectId };
export const User = model('User', userSchema);
