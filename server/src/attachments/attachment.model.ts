import { Schema, model, type InferSchemaType, type Types } from 'mongoose';

const attachmentSchema = new Schema(
  {
    /** The org whose staff may see it before it is public (the uploader's context: a village, a department). */
    orgId: { type: Schema.Types.ObjectId, ref: 'Org', required: true },
    uploaderId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    kind: { type: String, enum: ['image', 'pdf'], required: true },
    /** Detected from the bytes, never taken from the client. */
    mime: {
      type: String,
      enum: ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'],
      required: true,
    },
    /** Storage key = SHA-256 of the stored bytes (the ETag). */
    sha256: { type: String, required: true },
    size: { type: Number, required: true },
    /** SHA-256 and size of the bytes as uploaded, when the stored image was cleaned (metadata stripped). */
    originalSha256: { type: String, required: true },
    originalSize: { type: Number, required: true },
    sanitized: { type: Boolean, default: false },
    originalName: { type: String, required: true, maxlength: 200 },
    width: { type: Number, default: null },
    height: { type: Number, default: null },
    thumbnailKey: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { strict: true, versionKey: false },
);

// "My uploads" and an org's uploads, newest first.
attachmentSchema.index({ uploaderId: 1, createdAt: -1 });
attachmentSchema.index({ orgId: 1, createdAt: -1 });
// A phone retrying an upload (or a cadre picking the same photo again) gets the attachment it
// already made: uploads are deduplicated per uploader, org and uploaded bytes.
attachmentSchema.index({ uploaderId: 1, orgId: 1, originalSha256: 1 });
// Which attachments hold given bytes (e.g. to find every use of a photo before a redaction).
attachmentSchema.index({ sha256: 1 });

export type AttachmentDoc = InferSchemaType<typeof attachmentSchema> & { _id: Types.ObjectId };
export const Attachment = model('Attachment', attachmentSchema);
