import { Types } from 'mongoose';
import { ValidationError, type AttachmentRef } from '@sanwu/shared';
import { Attachment } from '../attachments/attachment.model';
import { Disclosure } from './disclosure.model';

// How disclosures refer to uploads of the attachment service.

/**
 * Attachments named in a draft must be uploads of the same org (ids come from the client, so an
 * id of another village's private upload must not be made public by referring to it).
 */
export async function checkAttachmentRefs(
  orgId: Types.ObjectId,
  refs: readonly AttachmentRef[] | undefined,
): Promise<void> {
  if (!refs?.length) return;
  const ids = [...new Set(refs.map((r) => r.id))];
  const found = await Attachment.countDocuments({
    _id: { $in: ids.map((id) => new Types.ObjectId(id)) },
    orgId,
  });
  if (found !== ids.length) {
    throw new ValidationError('附件不存在或不属于本组织，请重新上传', [
      { path: 'attachments', message: '附件无效' },
    ]);
  }
}

/** Whether anything public refers to the attachment: a published version or a posting proof. */
export async function isPublicDisclosureAttachment(attachmentId: string): Promise<boolean> {
  if (!Types.ObjectId.isValid(attachmentId)) return false;
  const id = new Types.ObjectId(attachmentId);
  const found = await Disclosure.exists({
    public: true,
    $or: [
      { versions: { $elemMatch: { publishedAt: { $ne: null }, 'content.attachments.id': id } } },
      { 'postingProofs.attachmentId': id },
    ],
  });
  return Boolean(found);
}
