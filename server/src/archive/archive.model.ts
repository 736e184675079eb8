import { Schema, model, type InferSchemaType, type Types } from 'mongoose';

// A closed year of an org (DOMAIN.md "Archive 档案"; seed 000 篇七 六): from then on that year's
// disclosures, versions, signatures, feedback and replies are read-only; corrections go through a
// data-modification request an inspector approves.

const archiveSchema = new Schema(
  {
    orgId: { type: Schema.Types.ObjectId, ref: 'Org', required: true },
    orgPath: { type: [Schema.Types.ObjectId], required: true },
    orgName: { type: String, required: true },
    year: { type: Number, required: true },
    closedAt: { type: Date, required: true },
    closedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    closedByName: { type: String, required: true },
    disclosures: { type: Number, required: true },
    feedback: { type: Number, required: true },
  },
  { strict: true, versionKey: false },
);
// One archive per org and year; the write guard asks "is (org, year) closed?" through it.
archiveSchema.index({ orgId: 1, year: 1 }, { unique: true });

export type ArchiveDoc = InferSchemaType<typeof archiveSchema> & { _id: Types.ObjectId };
export const Archive = model('Archive', archiveSchema);

const modificationSchema = new Schema(
  {
    archiveId: { type: Schema.Types.ObjectId, ref: 'Archive', required: true },
    orgId: { type: Schema.Types.ObjectId, ref: 'Org', required: true },
    target: {
      type: { type: String, enum: ['disclosure', 'feedback'], required: true },
      id: { type: Schema.Types.ObjectId, required: true },
    },
    change: { field: { type: String, required: true }, value: { type: String, required: true } },
    /** The value when the request was made (shown to the approver; re-checked on approval). */
    before: { type: String, default: null },
    reason: { type: String, required: true },
    status: { type: String, enum: ['pending', 'approved', 'rejected'], default: 'pending' },
    requestedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    requestedByName: { type: String, required: true },
    requestedAt: { type: Date, required: true },
    decidedBy: { type: Schema.Types.ObjectId, default: null },
    decidedByName: { type: String, default: null },
    decidedAt: { type: Date, default: null },
    comment: { type: String, default: null },
  },
  { strict: true, versionKey: false },
);
// GET /archives/:id/modification-requests, newest first.
modificationSchema.index({ archiveId: 1, requestedAt: -1 });

export type ModificationDoc = InferSchemaType<typeof modificationSchema> & { _id: Types.ObjectId };
export const ModificationRequest = model('ModificationRequest', modificationSchema);
