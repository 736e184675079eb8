import { Schema, model, type InferSchemaType, type Types } from 'mongoose';

// The append-only audit log (seed 000 篇七: every login and every action). Each org has
// its own hash chain (orgId null: the global chain for org-less actions such as logins
// of accounts without a grant). Nothing in the code base updates or deletes entries.
const auditSchema = new Schema(
  {
    orgId: { type: Schema.Types.ObjectId, ref: 'Org', default: null },
    seq: { type: Number, required: true },
    at: { type: Date, required: true },
    actorId: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    actorRole: { type: String, default: null },
    action: { type: String, required: true },
    target: {
      type: { type: String },
      id: { type: String },
    },
    requestId: { type: String, default: null },
    ip: { type: String, default: null },
    summary: {
      before: { type: Schema.Types.Mixed },
      after: { type: Schema.Types.Mixed },
    },
    prevHash: { type: String, default: null },
    hash: { type: String, required: true },
  },
  { strict: true, versionKey: false },
);

// One seq per chain: two writers racing for the same seq collide here and one retries.
auditSchema.index({ orgId: 1, seq: 1 }, { unique: true });
// `GET /audit`: an org's (or a subtree's) entries newest first.
auditSchema.index({ orgId: 1, at: -1 });
// Listing by actor and by time.
auditSchema.index({ actorId: 1, at: -1 });
auditSchema.index({ at: -1 });

export type AuditDoc = InferSchemaType<typeof auditSchema> & { _id: Types.ObjectId };
export const AuditEntry = model('AuditEntry', auditSchema);
