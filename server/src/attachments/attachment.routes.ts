import { ensureCan, loadOrg, orgTarget } from '../policy/authorize';
import { NotFoundError, UnauthenticatedError, ValidationError, ZObjectId } from '@sanwu/shared';
import type { Middleware } from 'koa';
import { z } from 'zod';
import type { AppContext, AppState, FeatureDeps } from '../context';
import { RouteGroup } from '../http/route-group';
import { ZIdParams } from '../policy/route-helpers';
import { isAttachmentPublic } from './attachment-access';
import { toAttachmentDto, ZAttachment } from './attachment.mapper';
import type { AttachmentDoc } from './attachment.model';
import type { AttachmentService } from './attachment.service';
import type { BlobStorage } from './blob-storage';
import { readMultipart } from './multipart';

const ZUploadQuery = z.object({
  orgId: ZObjectId.meta({ description: '附件所属组织（村、社区或部门）' }),
  kind: z.enum(['image', 'pdf']).optional().meta({ description: '只接受某一类（如意见照片只收图片）' }),
});
const ZUploaded = z.object({ items: z.array(ZAttachment) });
const FILE_RESPONSE = {
  contentType: 'application/octet-stream',
  description: '文件内容（按实际类型给出 Content-Type）',
};

type Loaded = AppState & { attachment?: AttachmentDoc; attachmentPublic?: boolean };

/**
 * Loads the attachment and lets the caller through when it is public (something published
 * refers to it), else only its uploader and the staff of its org (policy 'attachment.read').
 */
function loadReadableAttachment(service: AttachmentService): Middleware<Loaded> {
  return async (ctx, next) => {
    const attachment = await service.find((ctx.state.params as { id: string }).id);
    const isPublic = await isAttachmentPublic(String(attachment._id));
    if (!isPublic) {
      if (!ctx.state.actor) throw new UnauthenticatedError('该附件尚未公开，请先登录');
      const org = await loadOrg(String(attachment.orgId));
      ensureCan(ctx.state.actor, 'attachment.read', orgTarget(org, String(attachment.uploaderId)));
    }
    ctx.state.attachment = attachment;
    ctx.state.attachmentPublic = isPublic;
    await next();
  };
}

/** Serves a content-addressed blob with its type, name, ETag and cache policy; 304 when unchanged. */
async function sendBlob(ctx: AppContext, storage: BlobStorage, key: string, mime: string, name: string) {
  const { attachmentPublic } = ctx.state as Loaded;
  ctx.status = 200;
  ctx.etag = key;
  // Public bytes under this URL never change (content-addressed): cache them for good. Private
  // ones must be re-checked each time, since access depends on who asks.
  ctx.set('Cache-Control', attachmentPublic ? 'public, max-age=31536000, immutable' : 'private, no-cache');
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.attachment(name, { type: 'inline' });
  ctx.type = mime; // after attachment(), which guesses a type from the name
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  const { stream, size } = await storage.open(key);
  ctx.length = size;
  ctx.body = stream;
}

/** Uploading attachments (images, PDF) and reading them back with caching headers. */
export function attachmentRoutes(deps: FeatureDeps): RouteGroup {
  const service = deps.services.attachments;
  return new RouteGroup({ prefix: '/attachments', tag: '附件' })
    .define(
      {
        method: 'post',
        path: '/',
        summary: '上传附件（图片或 PDF，可多个）',
        description:
          'multipart/form-data，每个文件一个 file 字段（最多 9 个）。类型按文件内容识别：JPG、PNG、WebP 图片（≤ 10 MB）和 PDF（≤ 20 MB）；' +
          '图片按拍摄方向转正并去除位置等元数据，生成缩略图。任一文件不合格则都不保存。',
        auth: 'required',
        request: { query: ZUploadQuery },
        responses: { 201: ZUploaded },
        errors: ['NOT_FOUND', 'PAYLOAD_TOO_LARGE'],
        rateLimit: { limit: 60, windowMs: 60_000 },
      },
      async (ctx) => {
        const actor = ctx.state.actor!;
        const org = await loadOrg(ctx.state.query.orgId);
        const actorRole = ensureCan(actor, 'attachment.upload', orgTarget(org));
        const { limits } = service;
        const { files } = await readMultipart(ctx.req, {
          maxFiles: limits.maxFiles,
          maxFileBytes: Math.max(limits.imageBytes, limits.pdfBytes),
          limitFor: service.limitFor,
          maxTotalBytes: limits.maxRequestBytes,
        });
        if (files.length === 0)
          throw new ValidationError('请选择要上传的文件', [{ path: 'file', message: '缺少文件' }]);
        const docs = await service.storeUploads(
          files.map((f) => ({
            orgId: String(org._id),
            uploaderId: actor.userId,
            filename: f.filename,
            bytes: f.bytes,
          })),
          {
            allowed: ctx.state.query.kind ? [ctx.state.query.kind] : undefined,
            actorRole,
            meta: { requestId: ctx.state.requestId, ip: ctx.ip },
          },
        );
        return { items: docs.map(toAttachmentDto) };
      },
    )
    .define(
      {
        method: 'get',
        path: '/:id',
        summary: '读取附件',
        description:
          '已公开事项引用的附件任何人可读（长期缓存）；否则仅上传者和本组织工作人员可读。支持 If-None-Match → 304。',
        auth: 'optional',
        request: { params: ZIdParams },
        responses: { 200: FILE_RESPONSE },
        errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
        middleware: [loadReadableAttachment(service)],
      },
      async (ctx) => {
        const a = (ctx.state as Loaded).attachment!;
        await sendBlob(ctx, service.storage, a.sha256, a.mime, a.originalName);
      },
    )
    .define(
      {
        method: 'get',
        path: '/:id/thumbnail',
        summary: '读取图片缩略图（JPEG，最长边 320 像素）',
        auth: 'optional',
        request: { params: ZIdParams },
        responses: { 200: { contentType: 'image/jpeg', description: '缩略图' } },
        errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
        middleware: [loadReadableAttachment(service)],
      },
      async (ctx) => {
        const a = (ctx.state as Loaded).attachment!;
        if (!a.thumbnailKey) throw new NotFoundError('该附件没有缩略图');
        const name = a.originalName.replace(/\.[a-z]+$/, '') + '-缩略图.jpg';
        await sendBlob(ctx, service.storage, a.thumbnailKey, 'image/jpeg', name);
      },
    );
}
