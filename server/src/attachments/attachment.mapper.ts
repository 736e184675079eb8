import { ZObjectId } from '@sanwu/shared';
import { z } from 'zod';
import { API_PREFIX } from '../http/route-group';
import type { AttachmentDoc } from './attachment.model';

/** An attachment as the API shows it. */
export const ZAttachment = z
  .object({
    id: ZObjectId,
    orgId: ZObjectId,
    kind: z.enum(['image', 'pdf']),
    mime: z.string(),
    size: z.number().int(),
    sha256: z.string().meta({ description: '所存文件的 SHA-256（亦为 ETag）' }),
    sanitized: z.boolean().meta({ description: '图片是否已去除位置等元数据并按拍摄方向转正' }),
    originalName: z.string(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    url: z.string(),
    thumbnailUrl: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Attachment', description: '附件（图片或 PDF）' });
export type AttachmentDto = z.infer<typeof ZAttachment>;

/** The API shape of an attachment; URLs are relative to the API host. */
export function toAttachmentDto(doc: AttachmentDoc): AttachmentDto {
  const url = `${API_PREFIX}/attachments/${String(doc._id)}`;
  return {
    id: String(doc._id),
    orgId: String(doc.orgId),
    kind: doc.kind,
    mime: doc.mime,
    size: doc.size,
    sha256: doc.sha256,
    sanitized: doc.sanitized,
    originalName: doc.originalName,
    width: doc.width ?? null,
    height: doc.height ?? null,
    url,
    thumbnailUrl: doc.thumbnailKey ? `${url}/thumbnail` : null,
    createdAt: doc.createdAt.toISOString(),
  };
}
