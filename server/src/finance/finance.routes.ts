import {
  ACTIONS,
  ForbiddenError,
  reconcile,
  scopesFor,
  ValidationError,
  ZFinanceStatement,
  ZFinanceStatementDraft,
  ZReconcileReport,
} from '@sanwu/shared';
import { z } from 'zod';
import { readMultipart } from '../attachments/multipart';
import type { FeatureDeps } from '../context';
import { RouteGroup } from '../http/route-group';
import { parseFinanceXlsx } from './finance-parse';
import { financeTemplateXlsx } from './finance-template';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_XLSX_BYTES = 5 * 1024 * 1024;
const ZIP_MAGIC = Buffer.from('PK\x03\x04', 'latin1');

const ZParsedStatement = z
  .object({ statement: ZFinanceStatement, report: ZReconcileReport })
  .meta({ id: 'ParsedFinanceStatement', description: '从 XLSX 读出的财务公开表及校验结果' });

// Building the template costs a few ms; it never changes while the process runs.
let template: Promise<Buffer> | undefined;

/**
 * Finance statement tools that store nothing: the XLSX template, the cadre's pre-check of a
 * statement and reading an XLSX file. Importing into a disclosure draft is
 * `POST /orgs/:id/finance-statements/import` of the disclosures feature (it calls parseFinanceXlsx).
 */
export function financeRoutes(_deps: FeatureDeps): RouteGroup {
  return new RouteGroup({ prefix: '/finance-statements', tag: '财务公开' })
    .define(
      {
        method: 'get',
        path: '/template',
        summary: '下载财务公开表 XLSX 模板',
        auth: 'public',
        responses: { 200: { contentType: XLSX_MIME, description: '带中文表头和示例行的模板' } },
      },
      async (ctx) => {
        template ??= financeTemplateXlsx();
        ctx.attachment('财务公开表模板.xlsx'); // RFC 5987 filename* for the Chinese name
        ctx.type = XLSX_MIME;
        ctx.set('Cache-Control', 'public, max-age=3600');
        ctx.body = await template;
      },
    )
    .define(
      {
        method: 'post',
        path: '/validate',
        summary: '校验财务公开表（逐行检查并核对期初 + 收入 − 支出 = 期末）',
        description: '只做计算、不保存；problems 列出每一处问题（row 为明细第几行，整表问题为 null）。',
        auth: 'public',
        request: { body: ZFinanceStatementDraft },
        responses: { 200: ZReconcileReport },
        rateLimit: { limit: 120, windowMs: 60_000 },
      },
      (ctx) => reconcile(ctx.state.body),
    )
    .define(
      {
        method: 'post',
        path: '/parse',
        summary: '读取上传的财务公开表 XLSX（不保存）',
        description:
          'multipart/form-data，字段 file：按模板填写的 .xlsx（≤ 5 MB）。有问题时返回 400，details 逐条指出单元格（如 E7）与“第N行「列名」”。',
        auth: 'required',
        responses: { 200: ZParsedStatement },
        errors: ['FORBIDDEN', 'PAYLOAD_TOO_LARGE'],
        rateLimit: { limit: 30, windowMs: 60_000 },
      },
      async (ctx) => {
        // Reading a statement is part of drafting one: any cadre may do it, for no org in particular.
        if (scopesFor(ctx.state.actor!, 'disclosure.draft').length === 0) {
          throw new ForbiddenError(`没有权限：${ACTIONS['disclosure.draft'].label}`);
        }
        const { files } = await readMultipart(ctx.req, {
          maxFiles: 1,
          maxFileBytes: MAX_XLSX_BYTES,
          maxTotalBytes: MAX_XLSX_BYTES + 64 * 1024,
        });
        const file = files[0];
        if (!file)
          throw new ValidationError('请选择要上传的 XLSX 文件', [{ path: 'file', message: '缺少文件' }]);
        if (!file.bytes.subarray(0, 4).equals(ZIP_MAGIC)) {
          throw new ValidationError('文件不是 .xlsx 格式，请使用下载的模板', [
            { path: 'file', message: '不是 XLSX 文件' },
          ]);
        }
        return parseFinanceXlsx(file.bytes);
      },
    );
}
