import { z } from 'zod';
import { ZDisclosureDomain } from '../catalogue/catalogue-item';
import { ZFinanceStatement } from '../finance/finance.schema';
import { ZObjectId } from '../http/object-id';
import { ZDisclosureState } from '../state/disclosure-machine';
import { ZAttachmentRef, ZBlocks } from './blocks.schema';
import { ZRedactionTarget } from './disclosure.schema';

// Response shapes of the disclosure API (API.md "Disclosures"), for the OpenAPI document, the
// server's response checks and the mini-program's parsing.

const ZIsoTime = z.string().meta({ description: 'ISO-8601 时间', example: '2026-04-03T02:00:00.000Z' });

/** The content of one version as stored and hashed. */
export const ZDisclosureContent = z
  .object({
    title: z.string(),
    blocks: ZBlocks,
    attachments: z.array(ZAttachmentRef),
    finance: ZFinanceStatement.nullable(),
  })
  .meta({ id: 'DisclosureContent', description: '公开内容' });
export type DisclosureContent = z.infer<typeof ZDisclosureContent>;

/** One signature or rejection of a review round. */
export const ZSignature = z.object({
  userId: ZObjectId,
  name: z.string(),
  stage: z
    .enum(['group', 'office', 'leader'])
    .meta({ description: 'group 监督小组；office 股室审核；leader 领导审批' }),
  decision: z.enum(['approve', 'reject']),
  comment: z.string().nullable(),
  round: z.number().int(),
  at: ZIsoTime,
});
export type Signature = z.infer<typeof ZSignature>;

/** One approved redaction of published content. */
export const ZRedaction = z.object({
  id: ZObjectId,
  versionNo: z.number().int(),
  target: ZRedactionTarget,
  reason: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  requestedBy: z.string(),
  requestedAt: ZIsoTime,
  decidedBy: z.string().nullable(),
  decidedAt: ZIsoTime.nullable(),
});
export type RedactionDto = z.infer<typeof ZRedaction>;

/** One version of a disclosure with its review record. */
export const ZDisclosureVersion = z
  .object({
    no: z.number().int().min(1),
    kind: z.enum(['original', 'correction']),
    state: ZDisclosureState,
    reason: z.string().nullable().meta({ description: '更正理由（首版为 null）' }),
    content: ZDisclosureContent,
    masked: z.boolean().meta({ description: '个人信息是否已按公开要求脱敏' }),
    signatures: z.array(ZSignature),
    requiredSignatures: z.number().int(),
    approvals: z.number().int().meta({ description: '本轮已签章人数' }),
    submittedAt: ZIsoTime.nullable(),
    publishedAt: ZIsoTime.nullable(),
    contentHash: z.string().nullable(),
    previousHash: z.string().nullable(),
    revokedAt: ZIsoTime.nullable(),
    revokeReason: z.string().nullable(),
    redactions: z.array(ZRedaction),
  })
  .meta({ id: 'DisclosureVersion', description: '公开事项的一个版本' });
export type DisclosureVersionDto = z.infer<typeof ZDisclosureVersion>;

/** One link of the public hash chain: a publication, a revocation or an approved redaction. */
export const ZChainLink = z.object({
  seq: z.number().int(),
  kind: z.enum(['publish', 'revoke', 'redact']),
  versionNo: z.number().int(),
  reason: z.string().nullable(),
  at: ZIsoTime,
  contentDigest: z.string().nullable(),
  hash: z.string(),
  previousHash: z.string().nullable(),
});
export type ChainLink = z.infer<typeof ZChainLink>;

/** `GET /disclosures/:id/verify`. */
export const ZChainVerification = z
  .object({
    valid: z.boolean(),
    links: z.number().int(),
    brokenAt: z.number().int().nullable().meta({ description: '第一个不符的链节序号（从 1 起）' }),
    problem: z.string().nullable(),
    headHash: z.string().nullable(),
  })
  .meta({ id: 'DisclosureChainVerification', description: '版本哈希链校验结果' });
export type ChainVerification = z.infer<typeof ZChainVerification>;

/** `GET /disclosures/:id/objections` (DOMAIN.md "Objection threshold"). */
export const ZObjectionTally = z
  .object({
    count: z.number().int().meta({ description: '提出异议的已认证村民人数（去重）' }),
    base: z.number().int().meta({ description: '登记在册的成年村民人数' }),
    threshold: z.number().int().nullable().meta({ description: '达到半数所需人数' }),
    reached: z.boolean(),
    windowEnd: ZIsoTime.nullable(),
    open: z.boolean(),
    correctionDueAt: ZIsoTime.nullable().meta({ description: '异议达半数后须更正重新公开的截止时间' }),
  })
  .meta({ id: 'ObjectionTally', description: '公示异议统计' });
export type ObjectionTally = z.infer<typeof ZObjectionTally>;

/** A posting proof: the photo of the sheet on the physical bulletin board. */
export const ZPostingProof = z.object({
  attachmentId: ZObjectId,
  postedAt: ZIsoTime,
  uploadedBy: z.string(),
});

/** Fields shared by the list item and the detail. */
const summaryFields = {
  id: ZObjectId,
  orgId: ZObjectId,
  orgName: z.string(),
  catalogueCode: z.string(),
  categoryName: z.string(),
  domain: ZDisclosureDomain,
  period: z.string().nullable(),
  settledOn: z.string().nullable(),
  title: z.string(),
  state: ZDisclosureState,
  versionCount: z.number().int(),
  publishBy: z.string().nullable().meta({ description: '应公开截止日期（YYYY-MM-DD）' }),
  firstPublishedAt: ZIsoTime.nullable(),
  lastPublishedAt: ZIsoTime.nullable(),
  late: z.boolean().nullable().meta({ description: '是否逾期公开（未发布为 null）' }),
  lateWorkdays: z.number().int().nullable().meta({ description: '逾期公开的工作日数；按时为 0' }),
  displayUntil: z.string().nullable().meta({ description: '最短公开期截止日期；长期事项为 null' }),
  publicNotice: z
    .object({ days: z.number().int(), windowEnd: ZIsoTime.nullable(), open: z.boolean() })
    .nullable(),
  contentHash: z.string().nullable(),
  correctionPending: z.boolean(),
  postedAt: ZIsoTime.nullable().meta({ description: '纸质公开栏张贴时间' }),
};

/** One item of the public list. */
export const ZDisclosureSummary = z
  .object(summaryFields)
  .meta({ id: 'DisclosureSummary', description: '公开事项（列表）' });
export type DisclosureSummary = z.infer<typeof ZDisclosureSummary>;

/** `GET /disclosures/:id`: the item with every version, its signatures, hash chain and tally. */
export const ZDisclosure = z
  .object({
    ...summaryFields,
    current: ZDisclosureVersion.meta({ description: '当前展示的版本' }),
    versions: z.array(ZDisclosureVersion),
    chain: z.array(ZChainLink),
    chainValid: z.boolean(),
    objections: ZObjectionTally.nullable(),
    postingProofs: z.array(ZPostingProof),
    pendingRedactions: z.array(ZRedaction),
    financeTotals: z.object({ incomeFen: z.number().int(), expenseFen: z.number().int() }).nullable(),
  })
  .meta({ id: 'Disclosure', description: '公开事项' });
export type DisclosureDto = z.infer<typeof ZDisclosure>;

/** A recorded 不予公开 decision. */
export const ZWithheldDecision = z
  .object({
    id: ZObjectId,
    orgId: ZObjectId,
    category: z.string(),
    categoryName: z.string(),
    subject: z.string(),
    period: z.string().nullable(),
    reason: z.string(),
    decidedBy: z.string(),
    decidedAt: ZIsoTime,
  })
  .meta({ id: 'WithheldDecision', description: '不予公开备案' });
export type WithheldDecisionDto = z.infer<typeof ZWithheldDecision>;
