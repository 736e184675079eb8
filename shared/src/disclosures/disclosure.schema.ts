import { z } from 'zod';
import { ZDateString } from '../calendar/date-string';
import { ZDisclosureDomain } from '../catalogue/catalogue-item';
import { ZCatalogueCode } from '../catalogue/catalogues';
import { ZPeriodKey } from '../catalogue/periods';
import { ZFinanceStatementDraft } from '../finance/finance.schema';
import { ZObjectId } from '../http/object-id';
import { ZDisclosureState } from '../state/disclosure-machine';
import { ZAttachmentRef, ZBlocks } from './blocks.schema';

// One zod schema per disclosure operation (API.md "Disclosures"); responses are in
// disclosure-dto.schema.ts. The server validates with them, the mini-program validates its forms with the same ones, and
// the OpenAPI document is generated from them.

const emptyAsAbsent = (value: unknown) => (value === '' ? undefined : value);
const ZTitle = z
  .string({ error: '请填写标题' })
  .trim()
  .min(1, '请填写标题')
  .max(120, '标题不能超过 120 个字符');
const ZReason = (what: string) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .min(2, `请填写${what}（至少 2 个字）`)
    .max(1000, `${what}不能超过 1000 个字符`);

/** Shortest and longest 公示 objection window in days (seed 003: party-member development ≥ 7 days). */
export const PUBLIC_NOTICE_DAYS = { min: 7, max: 90 } as const;
const ZPublicNoticeDays = z
  .number()
  .int()
  .min(PUBLIC_NOTICE_DAYS.min, `公示期不少于 ${PUBLIC_NOTICE_DAYS.min} 天`)
  .max(PUBLIC_NOTICE_DAYS.max, `公示期不超过 ${PUBLIC_NOTICE_DAYS.max} 天`)
  .meta({ description: '公示期（自然日）；设置后为公示，公示期内可提出异议' });

/** What a draft may change (every field of a new draft except its catalogue item). */
const draftFields = {
  /** Reporting period for scheduled items: `2026-03`, `2026-Q1`, `2026-H1`. */
  period: ZPeriodKey.optional().meta({
    description: '公开期间：2026-03 / 2026-Q1 / 2026-H1（定期事项必填）',
  }),
  /** The day the matter was settled, for items published on event (publish-by counts from it). */
  settledOn: ZDateString.optional().meta({ description: '事项确定之日（即时、长期事项必填）' }),
  title: ZTitle,
  blocks: ZBlocks,
  attachments: z.array(ZAttachmentRef).max(30, '附件不能超过 30 个').optional(),
  /** Checked line by line and reconciled by the server; a faulty statement is refused with its rows. */
  finance: ZFinanceStatementDraft.optional(),
  publicNoticeDays: ZPublicNoticeDays.optional(),
};

/** `POST /orgs/:id/disclosures`: a draft (清样) for one catalogue item. */
export const ZCreateDisclosure = z
  .object({ catalogueCode: ZCatalogueCode.meta({ description: '公开目录事项编码' }), ...draftFields })
  .meta({ id: 'CreateDisclosure', description: '起草公开事项' });
export type CreateDisclosure = z.infer<typeof ZCreateDisclosure>;

/** `PATCH /disclosures/:id`: drafts only; send only what changes (`finance: null` removes the statement). */
export const ZPatchDisclosure = z
  .object({
    period: draftFields.period,
    settledOn: draftFields.settledOn,
    title: ZTitle.optional(),
    blocks: ZBlocks.optional(),
    attachments: draftFields.attachments,
    finance: ZFinanceStatementDraft.nullable().optional(),
    publicNoticeDays: ZPublicNoticeDays.nullable().optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), '没有要修改的内容')
  .meta({ id: 'PatchDisclosure', description: '修改草稿' });
export type PatchDisclosure = z.infer<typeof ZPatchDisclosure>;

/** `POST /disclosures/:id/reviews`: a signature (approve) or a rejection, which needs a comment. */
export const ZReview = z
  .object({
    decision: z.enum(['approve', 'reject'], { error: '审核意见应为 approve（同意）或 reject（退回）' }),
    comment: z.string().trim().max(500, '审核意见不能超过 500 个字符').optional(),
  })
  .refine((r) => r.decision === 'approve' || (r.comment ?? '').length >= 2, {
    path: ['comment'],
    message: '退回时请写明理由',
  })
  .meta({ id: 'DisclosureReview', description: '审核签章' });
export type Review = z.infer<typeof ZReview>;

/** `POST /disclosures/:id/corrections`: the reason and the whole new content; reviewed again. */
export const ZCorrection = z
  .object({
    reason: ZReason('更正理由'),
    title: ZTitle,
    blocks: ZBlocks,
    attachments: draftFields.attachments,
    finance: ZFinanceStatementDraft.optional(),
  })
  .meta({ id: 'DisclosureCorrection', description: '更正公开事项（生成新版本，重新审核）' });
export type Correction = z.infer<typeof ZCorrection>;

/** `POST /disclosures/:id/revoke`. */
export const ZRevoke = z
  .object({ reason: ZReason('撤回理由') })
  .meta({ id: 'DisclosureRevoke', description: '撤回公开事项' });
export type Revoke = z.infer<typeof ZRevoke>;

/** `POST /orgs/:id/withheld`: a 不予公开 decision with its written reason (备案). */
export const ZWithheld = z
  .object({
    category: ZCatalogueCode.meta({ description: '公开目录事项编码' }),
    subject: z.string().trim().min(1, '请填写不予公开的事项').max(200, '事项不能超过 200 个字符'),
    period: ZPeriodKey.optional(),
    reason: ZReason('不予公开理由'),
  })
  .meta({ id: 'CreateWithheld', description: '登记不予公开决定' });
export type Withheld = z.infer<typeof ZWithheld>;

/** Where a redaction applies: one table cell or one attachment of a published version. */
export const ZRedactionTarget = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('cell'),
      block: z.number().int().min(0),
      row: z.number().int().min(0),
      column: z.string().min(1).max(32),
    }),
    z.object({ kind: z.literal('attachment'), attachmentId: ZObjectId }),
  ],
  { error: '删除位置应为表格单元格（cell）或附件（attachment）' },
);
export type RedactionTarget = z.infer<typeof ZRedactionTarget>;

/** `POST /disclosures/:id/redactions`: ask to remove one field or attachment from published content. */
export const ZRequestRedaction = z
  .object({
    versionNo: z.number().int().min(1),
    target: ZRedactionTarget,
    reason: ZReason('删除理由'),
  })
  .meta({ id: 'RequestRedaction', description: '申请删除已发布内容中的个人信息（须监督小组成员批准）' });
export type RequestRedaction = z.infer<typeof ZRequestRedaction>;

/** Form fields of `POST /orgs/:id/finance-statements/import` (multipart, with the XLSX as `file`). */
export const ZFinanceImportFields = z
  .object({
    catalogueCode: ZCatalogueCode.default('village-finances').meta({
      description: '公开目录事项编码（默认村财务收支）',
    }),
    period: ZPeriodKey.meta({ description: '公开期间，如 2026-03' }),
    title: z.preprocess(emptyAsAbsent, ZTitle.optional()),
  })
  .meta({ id: 'FinanceImportFields', description: '导入财务公开表的表单字段' });
export type FinanceImportFields = z.infer<typeof ZFinanceImportFields>;

/** `GET /orgs/:id/disclosures`: the public list. */
export const ZDisclosureQuery = z.object({
  domain: z.preprocess(emptyAsAbsent, ZDisclosureDomain.optional()),
  category: z.preprocess(emptyAsAbsent, ZCatalogueCode.optional()),
  period: z.preprocess(emptyAsAbsent, ZPeriodKey.optional()),
  q: z.preprocess(emptyAsAbsent, z.string().trim().min(1).max(50, '关键词不能超过 50 个字符').optional()),
  from: z.preprocess(emptyAsAbsent, ZDateString.optional()),
  to: z.preprocess(emptyAsAbsent, ZDateString.optional()),
  page: z.preprocess(emptyAsAbsent, z.coerce.number().int().min(1).default(1)),
  pageSize: z.preprocess(emptyAsAbsent, z.coerce.number().int().min(1).max(100).default(20)),
});
export type DisclosureQuery = z.infer<typeof ZDisclosureQuery>;

/** `GET /orgs/:id/disclosure-drafts`: the cadres' and reviewers' workspace. */
export const ZDraftQuery = z.object({
  state: z.preprocess(emptyAsAbsent, ZDisclosureState.optional()),
  page: z.preprocess(emptyAsAbsent, z.coerce.number().int().min(1).default(1)),
  pageSize: z.preprocess(emptyAsAbsent, z.coerce.number().int().min(1).max(100).default(20)),
});
export type DraftQuery = z.infer<typeof ZDraftQuery>;
