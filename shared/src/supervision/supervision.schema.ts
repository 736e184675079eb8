import { z } from 'zod';
import { ZDateString } from '../calendar';
import { ZFeedback, ZFeedbackState, ZFeedbackType } from '../feedback';
import { ZObjectId } from '../http';

// Requests and responses of the supervision feature (issue 8; API.md "Supervision").

const emptyAsAbsent = (value: unknown) => (value === '' ? undefined : value);
const optionalDate = z.preprocess(emptyAsAbsent, ZDateString.optional());
const ZIsoTime = z.string().meta({ description: 'ISO-8601 时间' });
const ZYear = z.coerce
  .number({ message: '年度应为数字' })
  .int('年度应为整数')
  .min(2000, '年度应在 2000 年以后')
  .max(2100, '年度不正确');

/** `?orgId=&from=&to=`: an org subtree and a period of Asia/Shanghai dates (both ends included). */
export const ZSupervisionRange = z
  .object({ orgId: ZObjectId, from: optionalDate, to: optionalDate })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '开始日期不能晚于结束日期', path: ['from'] });
export type SupervisionRange = z.infer<typeof ZSupervisionRange>;

export const ZOrgIdQuery = z.object({ orgId: ZObjectId });

/** `GET /supervision/complaints`. */
export const ZComplaintQuery = z.object({
  orgId: ZObjectId,
  type: z.preprocess(emptyAsAbsent, ZFeedbackType.optional()),
  status: z.preprocess(emptyAsAbsent, ZFeedbackState.optional()),
  overdue: z.preprocess(
    emptyAsAbsent,
    z
      .enum(['true', 'false', '1', '0'], { message: '应为 true 或 false' })
      .transform((v) => v === 'true' || v === '1')
      .optional(),
  ),
  from: optionalDate,
  to: optionalDate,
  q: z.preprocess(emptyAsAbsent, z.string().trim().max(50, '关键词不能超过 50 字').optional()),
  page: z.preprocess(emptyAsAbsent, z.coerce.number().int().min(1).default(1)),
  pageSize: z.preprocess(emptyAsAbsent, z.coerce.number().int().min(1).max(100).default(20)),
});
export type ComplaintQuery = z.infer<typeof ZComplaintQuery>;

/** A complaint-log row: the item with its full timeline and the org it was addressed to. */
export const ZComplaint = ZFeedback.extend({ orgName: z.string(), handlingOrgName: z.string() }).meta({
  id: 'Complaint',
  description: '意见台账条目（含完整办理记录）',
});
export type ComplaintDto = z.infer<typeof ZComplaint>;

const ZCounts = z.record(z.string(), z.number().int());
export const ZFeedbackFigures = z.object({
  total: z.number().int(),
  byType: ZCounts,
  byState: ZCounts,
  due: z.number().int(),
  answeredOnTime: z.number().int(),
  answeredLate: z.number().int(),
  overdueUnanswered: z.number().int(),
  onTimeRate: z.number().nullable(),
  answered: z.number().int(),
  medianAnswerWorkdays: z.number().nullable(),
  p90AnswerWorkdays: z.number().nullable(),
  rated: z.number().int(),
  meanRating: z.number().nullable(),
  dissatisfiedShare: z.number().nullable(),
});
export const ZComplianceCounts = z.object({
  expected: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  missing: z.number().int(),
  notYetDue: z.number().int(),
});

/** `GET /supervision/overview`. */
export const ZOverview = z
  .object({
    orgId: ZObjectId,
    orgName: z.string(),
    from: ZDateString,
    to: ZDateString,
    asOf: ZIsoTime,
    orgCount: z.number().int(),
    feedback: ZFeedbackFigures,
    objectionThresholdsReached: z.number().int(),
    disclosures: ZComplianceCounts,
  })
  .meta({ id: 'SupervisionOverview', description: '监督概况' });
export type OverviewDto = z.infer<typeof ZOverview>;

/** One expected disclosure against what was published (`complianceOf`). */
export const ZComplianceRow = z.object({
  catalogueCode: z.string(),
  catalogueName: z.string(),
  periodKey: z.string(),
  publishBy: ZDateString,
  provisional: z.boolean(),
  status: z.enum(['onTime', 'late', 'missing', 'notYetDue']),
  publishedAt: ZIsoTime.nullable(),
  lateWorkdays: z.number().int().nullable(),
});
export type ComplianceRowDto = z.infer<typeof ZComplianceRow>;

export const ZOrgCompliance = z.object({
  orgId: ZObjectId,
  orgName: z.string(),
  counts: ZComplianceCounts,
  items: z.array(ZComplianceRow),
});
export type OrgComplianceDto = z.infer<typeof ZOrgCompliance>;

/** `GET /supervision/compliance?orgId=&year=`. */
export const ZComplianceQuery = z.object({ orgId: ZObjectId, year: ZYear });
export const ZComplianceReport = z
  .object({ year: z.number().int(), asOf: ZIsoTime, orgs: z.array(ZOrgCompliance) })
  .meta({ id: 'ComplianceReport', description: '公开目录执行情况' });
export type ComplianceReportDto = z.infer<typeof ZComplianceReport>;

/** An overdue disclosure: expected and missing, or a correction owed after objections. */
export const ZOverdueDisclosure = z.object({
  orgId: ZObjectId,
  orgName: z.string(),
  kind: z.enum(['missing', 'correction']),
  catalogueCode: z.string().nullable(),
  periodKey: z.string().nullable(),
  disclosureId: ZObjectId.nullable(),
  title: z.string(),
  dueDate: ZDateString.nullable(),
  overdueWorkdays: z.number().int(),
});
export const ZOverdueBoard = z
  .object({ asOf: ZIsoTime, feedback: z.array(ZComplaint), disclosures: z.array(ZOverdueDisclosure) })
  .meta({ id: 'OverdueBoard', description: '超期事项' });
export type OverdueBoardDto = z.infer<typeof ZOverdueBoard>;

const ZText = (label: string, max: number) =>
  z
    .string({ message: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过 ${max} 字`);

/** What a 通报 names: an org, optionally one overdue item or one missing period of it. */
export const ZNoticeItem = z.object({
  orgId: ZObjectId,
  kind: z.enum(['compliance', 'feedback', 'disclosure', 'other']),
  refId: ZObjectId.optional(),
  catalogueCode: z.string().max(60).optional(),
  periodKey: z.string().max(10).optional(),
  note: ZText('问题说明', 500),
});

/** `POST /supervision/notices`: a 通报 naming orgs, with a rectification deadline (DOMAIN.md "Supervision"). */
export const ZCreateNotice = z.object({
  title: ZText('通报标题', 100),
  content: ZText('通报内容', 5000),
  items: z.array(ZNoticeItem).min(1, '请至少列出一个被通报的单位或事项').max(100, '一次最多通报 100 项'),
  rectifyBy: ZDateString,
});
export type CreateNotice = z.infer<typeof ZCreateNotice>;

/** `POST /notices/:id/responses`: a named org's cadre reports the rectification. */
export const ZNoticeResponse = z.object({ orgId: ZObjectId, content: ZText('整改情况', 5000) });
export type NoticeResponse = z.infer<typeof ZNoticeResponse>;

/** `POST /notices/:id/close`. */
export const ZCloseNotice = z.object({ conclusion: ZText('办结意见', 2000) });

export const ZNotice = z
  .object({
    id: ZObjectId,
    issuerOrgId: ZObjectId,
    issuerOrgName: z.string(),
    issuedByName: z.string(),
    issuedAt: ZIsoTime,
    title: z.string(),
    content: z.string(),
    rectifyBy: ZDateString,
    state: z.enum(['open', 'closed']),
    overdue: z.boolean(),
    items: z.array(ZNoticeItem.extend({ orgName: z.string() })),
    orgs: z.array(
      z.object({
        orgId: ZObjectId,
        orgName: z.string(),
        respondedAt: ZIsoTime.nullable(),
        overdueAt: ZIsoTime.nullable(),
      }),
    ),
    responses: z.array(
      z.object({
        orgId: ZObjectId,
        byName: z.string(),
        content: z.string(),
        at: ZIsoTime,
        late: z.boolean(),
      }),
    ),
    closedAt: ZIsoTime.nullable(),
    conclusion: z.string().nullable(),
  })
  .meta({ id: 'Notice', description: '通报与整改' });
export type NoticeDto = z.infer<typeof ZNotice>;

/** `GET /orgs/:id/record?year=`: the public record of a village. */
export const ZRecordQuery = z.object({ year: ZYear.optional() });
export const ZPublicRecord = z
  .object({
    orgId: ZObjectId,
    orgName: z.string(),
    year: z.number().int(),
    asOf: ZIsoTime,
    disclosures: ZComplianceCounts,
    answers: z.object({
      due: z.number().int(),
      onTime: z.number().int(),
      onTimeRate: z.number().nullable(),
      medianAnswerWorkdays: z.number().nullable(),
    }),
    overdueNow: z.object({ feedback: z.number().int(), disclosures: z.number().int() }),
    items: z.array(ZComplianceRow),
  })
  .meta({ id: 'PublicRecord', description: '村务公开履职记录（公开）' });
export type PublicRecordDto = z.infer<typeof ZPublicRecord>;

/** `POST /orgs/:id/archives {year}`. */
export const ZCreateArchive = z.object({ year: ZYear });

export const ZArchive = z
  .object({
    id: ZObjectId,
    orgId: ZObjectId,
    orgName: z.string(),
    year: z.number().int(),
    closedAt: ZIsoTime,
    closedByName: z.string(),
    disclosures: z.number().int(),
    feedback: z.number().int(),
  })
  .meta({ id: 'Archive', description: '年度归档' });
export type ArchiveDto = z.infer<typeof ZArchive>;

/** Fields a data-modification request may correct, per record type (see the archive service). */
export const MODIFIABLE_FIELDS = {
  disclosure: ['period', 'settledOn'],
  feedback: ['type', 'authorName'],
} as const;

/** `POST /archives/:id/modification-requests` (数据修改申请, seed 000 篇七 六). */
export const ZModificationRequest = z.object({
  target: z.object({ type: z.enum(['disclosure', 'feedback']), id: ZObjectId }),
  change: z.object({
    field: z.enum(['period', 'settledOn', 'type', 'authorName'], { message: '不支持修改该字段' }),
    value: z.string().trim().min(1, '请填写修改后的值').max(100, '修改后的值不能超过 100 字'),
  }),
  reason: ZText('修改理由', 1000),
});
export type ModificationRequestInput = z.infer<typeof ZModificationRequest>;

export const ZModificationDecision = z.object({
  decision: z.enum(['approve', 'reject'], { message: '请选择批准或驳回' }),
  comment: z.string().trim().max(1000, '意见不能超过 1000 字').optional(),
});

export const ZModification = z
  .object({
    id: ZObjectId,
    archiveId: ZObjectId,
    target: z.object({ type: z.enum(['disclosure', 'feedback']), id: ZObjectId }),
    change: z.object({ field: z.string(), value: z.string() }),
    before: z.string().nullable(),
    reason: z.string(),
    status: z.enum(['pending', 'approved', 'rejected']),
    requestedByName: z.string(),
    requestedAt: ZIsoTime,
    decidedByName: z.string().nullable(),
    decidedAt: ZIsoTime.nullable(),
    comment: z.string().nullable(),
  })
  .meta({ id: 'ModificationRequest', description: '数据修改申请' });
export type ModificationDto = z.infer<typeof ZModification>;
