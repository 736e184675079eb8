import { ZDisclosure, ZFinanceImportFields } from '@sanwu/shared';
import { registerAttachmentPublicCheck } from '../attachments/attachment-access';
import { readMultipart } from '../attachments/multipart';
import type { FeatureDeps } from '../context';
import type { RouteGroup } from '../http/route-group';
import { isPublicDisclosureAttachment } from './attachment-refs';
import { addPostingProof, attachToDraft, importFinanceDraft } from './disclosure-files.service';
import { ZIdParams } from '../policy/route-helpers';
import type { RouteHelpers } from './route-helpers';

// The multipart routes of the disclosures feature; the bytes are checked and stored by the
// attachment service, the XLSX read by the finance module.

const MAX_XLSX_BYTES = 5 * 1024 * 1024;

export function defineFileRoutes(group: RouteGroup, deps: FeatureDeps, h: RouteHelpers): RouteGroup {
  const service = deps.services.attachments;
  // Published attachments and posting proofs become readable by anyone (and cacheable for good).
  registerAttachmentPublicCheck('disclosures', isPublicDisclosureAttachment);
  const readFiles = (ctx: { req: Parameters<typeof readMultipart>[0] }) =>
    readMultipart(ctx.req, {
      maxFiles: service.limits.maxFiles,
      maxFileBytes: Math.max(service.limits.imageBytes, service.limits.pdfBytes),
      limitFor: service.limitFor,
      maxTotalBytes: service.limits.maxFiles * Math.max(service.limits.imageBytes, service.limits.pdfBytes),
    });
  const multipart = (what: string) =>
    `multipart/form-data，字段 file。${what}类型按文件内容识别（JPG、PNG、WebP 图片 ≤ 10 MB，PDF ≤ 20 MB），改扩展名无效。`;

  return group
    .define(
      {
        method: 'post',
        path: '/disclosures/:id/attachments',
        summary: '为草稿上传附件（图片、PDF）',
        description: multipart('可多个文件。'),
        auth: 'required',
        request: { params: ZIdParams },
        responses: { 201: ZDisclosure },
        errors: ['NOT_FOUND', 'FORBIDDEN', 'INVALID_STATE', 'CONFLICT', 'PAYLOAD_TOO_LARGE'],
        rateLimit: { limit: 60, windowMs: 60_000 },
        middleware: [h.load],
      },
      async (ctx) => {
        const { files } = await readFiles(ctx);
        return h.detail(ctx, await attachToDraft(h.acting(ctx), h.loaded(ctx), files, service));
      },
    )
    .define(
      {
        method: 'post',
        path: '/disclosures/:id/posting-proof',
        summary: '上传公开栏张贴照片（发布后，公众可见张贴时间）',
        description: multipart('一张照片。'),
        auth: 'required',
        request: { params: ZIdParams },
        responses: { 201: ZDisclosure },
        errors: ['NOT_FOUND', 'FORBIDDEN', 'INVALID_STATE', 'CONFLICT', 'PAYLOAD_TOO_LARGE'],
        rateLimit: { limit: 30, windowMs: 60_000 },
        middleware: [h.load],
      },
      async (ctx) => {
        const { files } = await readFiles(ctx);
        return h.detail(ctx, await addPostingProof(h.acting(ctx), h.loaded(ctx), files, service));
      },
    )
    .define(
      {
        method: 'post',
        path: '/orgs/:id/finance-statements/import',
        summary: '导入财务公开表 XLSX，生成财务公开草稿',
        description:
          'multipart/form-data：file 为按模板（GET /finance-statements/template）填写的 .xlsx（≤ 5 MB），' +
          'period 为公开期间（如 2026-03），可选 catalogueCode、title。有问题时 400，details 逐条指出单元格。',
        auth: 'required',
        request: { params: ZIdParams },
        responses: { 201: ZDisclosure },
        errors: ['NOT_FOUND', 'FORBIDDEN', 'PAYLOAD_TOO_LARGE'],
        rateLimit: { limit: 30, windowMs: 60_000 },
      },
      async (ctx) => {
        const { files, fields } = await readMultipart(ctx.req, {
          maxFiles: 1,
          maxFileBytes: MAX_XLSX_BYTES,
          maxTotalBytes: MAX_XLSX_BYTES + 64 * 1024,
        });
        const input = ZFinanceImportFields.parse(fields);
        return h.detail(ctx, await importFinanceDraft(h.acting(ctx), ctx.state.params.id, input, files[0]));
      },
    );
}
