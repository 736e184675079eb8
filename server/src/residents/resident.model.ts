import { Schema, model, type InferSchemaType, type Types } from 'mongoose';

// One entry of a village's resident registry (村民名册). Personal data is minimised: the
// last 4 characters of the ID number only, and the phone as an HMAC plus a masked copy.
const residentSchema = new Schema(
  {
    orgId: { type: Schema.Types.ObjectId, ref: 'Org', required: true },
    name: { type: String, required: true, trim: true, maxlength: 40 },
    idLast4: { type: String, required: true, match: /^\d{3}[\dX]$/ },
    phoneHash: { type: String },
    phoneMasked: { type: String },
    household: { type: String, required: true, trim: true, maxlength: 40 },
    isRepresentative: { type: Boolean, default: false },
    isAdult: { type: Boolean, default: true },
    /** Inactive: staged by an unfinished import, replaced by a newer import, or removed. */
    active: { type: Boolean, default: true },
    importId: { type: Schema.Types.ObjectId, default: null },
  },
  { strict: true, timestamps: true },
);

// Registry lists and verification matching by (org, name).
residentSchema.index({ orgId: 1, active: 1, name: 1 });
residentSchema.index({ orgId: 1, active: 1, phoneHash: 1 });
// Flipping a staged import active.
residentSchema.index({ importId: 1 });

export type ResidentDoc = InferSchemaType<typeof residentSchema> & { _id: Types.ObjectId };
export const Resident = model('Resident', residentSchema);
