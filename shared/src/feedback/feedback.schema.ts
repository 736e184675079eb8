import { z } from 'zod';
import { ZDuePolicy } from '../deadlines/due-policy';
import { ZObjectId } from '../http/object-id';
import { ZFeedbackState, type FeedbackState } from '../state/feedback-machine';

// One zod schema per operation of the feedback API (API.md "Feedback", "Notifications") and one per
// response shape. The mini-program validates its forms with the same schemas before sending.

const ZIsoTime = z.string().meta({ description: 'ISO-8601 时间', example: '2026-03-02T02:00:00.000Z' });
const emptyAsAbsent = (value: unknown) => (value === '' ? undefined : value);
const queryBool = z.preprocess(
  emptyAsAbsent,
  z
    .enum(['true', 'false', '1', '0'], { message: '应为 true 或 false' })
    .transform((v) => v === 'true' || v === '1')
    .optional(),
);

/** The kinds of feedback a resident can submit (DOMAIN.md "Feedback" table). */
export const FEEDBACK_TYPES = ['opinion', 'inquiry', 'objection', 'joint_request', 'report'] as const;
export type FeedbackType = (typeof FEEDBACK_TYPES)[number];
export const ZFeedbackType = z.enum(FEEDBACK_TYPES, { message: '意见类型不正确' });

/** Chinese names of the feedback types, for lists and notifications. */
export const FEEDBACK_TYPE_LABELS: Record<FeedbackType, string> = {
  opinion: '意见建议',
  inquiry: '质询',
  objection: '异议',
  joint_request: '联名申请',
  report: '反映举报',
};

/** Chinese names of the feedback states, as residents, cadres and the township office read them. */
export const FEEDBACK_STATE_LABELS: Record<FeedbackState, string> = {
  submitted: '待受理',
  accepted: '办理中',
  transferred: '已转办',
  answered: '已答复',
  rated: '已评价',
  escalated: '上级督办中',
  closed: '已办结',
};

/** Longest text a resident may write (a bulletin-board note, not an essay). */
export const FEEDBACK_CONTENT_MAX = 2000;
/** Photos per item, as WeChat's image picker allows. */
export const FEEDBACK_IMAGES_MAX = 9;

const ZContent = z
  .string({ message: '请填写内容' })
  .trim()
  .min(1, '请填写内容')
  .max(FEEDBACK_CONTENT_MAX, `内容不能超过 ${FEEDBACK_CONTENT_MAX} 字`);
const ZReason = z
  .string({ message: '请填写理由' })
  .trim()
  .min(1, '请填写理由')
  .max(500, '理由不能超过 500 字');

/** `POST /feedback`. `images` are ids returned by `POST /attachments`. */
export const ZSubmitFeedback = z
  .object({
    orgId: ZObjectId,
    disclosureId: ZObjectId.optional(),
    type: ZFeedbackType,
    content: ZContent,
    images: z
      .array(ZObjectId)
      .max(FEEDBACK_IMAGES_MAX, `最多上传 ${FEEDBACK_IMAGES_MAX} 张照片`)
      .refine((ids) => new Set(ids).size === ids.length, '照片重复')
      .default([]),
    showNamePublicly: z.boolean().default(false),
    /** Public items (and their public replies) are listed for everyone with the name masked. */
    public: z.boolean().default(false),
  })
  .refine((v) => v.type !== 'objection' || v.disclosureId !== undefined, {
    message: '异议须针对一项公开事项',
    path: ['disclosureId'],
  });
export type SubmitFeedback = z.infer<typeof ZSubmitFeedback>;

/** `POST /orgs/:id/feedback/assisted`: a cadre files for a villager without a smartphone. */
export const ZAssistedFeedback = z.object({
  disclosureId: ZObjectId.optional(),
  type: z.enum(['opinion', 'inquiry', 'report'], { message: '代办只能登记意见、质询或反映' }),
  content: ZContent,
  /** The villager's name as they gave it at the service desk or on the phone. */
  villagerName: z.string().trim().min(1, '请填写村民姓名').max(40, '姓名过长'),
  channel: z.enum(['desk', 'phone'], { message: '渠道应为窗口或电话' }),
  public: z.boolean().default(false),
});
export type AssistedFeedback = z.infer<typeof ZAssistedFeedback>;

/** `POST /feedback/:id/confirm {code}`: the villager claims an assisted item from their own phone. */
export const ZConfirmAssisted = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, '确认码应为 6 位数字'),
});
export type ConfirmAssisted = z.infer<typeof ZConfirmAssisted>;

/** `POST /feedback/:id/replies`. `public` defaults to true for items about a disclosure (seed 000 篇六). */
export const ZReply = z.object({
  content: ZContent,
  public: z.boolean().optional(),
  /** The disclosure that answers it (a met joint request is answered by disclosing). */
  disclosureId: ZObjectId.optional(),
});
export type Reply = z.infer<typeof ZReply>;

/** `POST /feedback/:id/transfer` (首问负责制). */
export const ZTransfer = z.object({ toOrgId: ZObjectId, reason: ZReason });
export type Transfer = z.infer<typeof ZTransfer>;

/** `POST /feedback/:id/rating`. */
export const ZRating = z.object({
  score: z
    .number({ message: '评分应为 1 到 5' })
    .int('评分应为整数')
    .min(1, '评分应为 1 到 5')
    .max(5, '评分应为 1 到 5'),
  comment: z.string().trim().max(500, '评价不能超过 500 字').optional(),
});
export type Rating = z.infer<typeof ZRating>;

/** `POST /feedback/:id/escalate`. */
export const ZEscalate = z.object({ reason: ZReason });
export type Escalate = z.infer<typeof ZEscalate>;

/** `POST /feedback/:id/close` and `/accept`: an optional note. */
export const ZFeedbackNote = z.object({ note: z.string().trim().max(500, '说明不能超过 500 字').optional() });
export type FeedbackNote = z.infer<typeof ZFeedbackNote>;

/** `GET /orgs/:id/feedback?status=&type=&overdue=&dueBefore=`. */
export const ZFeedbackQuery = z.object({
  status: z.preprocess(emptyAsAbsent, ZFeedbackState.optional()),
  type: z.preprocess(emptyAsAbsent, ZFeedbackType.optional()),
  overdue: queryBool,
  dueBefore: z.preprocess(
    emptyAsAbsent,
    z.iso.datetime({ offset: true, message: '时间格式不正确' }).optional(),
  ),
  page: z.preprocess(emptyAsAbsent, z.coerce.number().int().min(1).default(1)),
  pageSize: z.preprocess(emptyAsAbsent, z.coerce.number().int().min(1).max(100).default(20)),
});
export type FeedbackQuery = z.infer<typeof ZFeedbackQuery>;

/** What happened to an item, in order; the resident sees every entry, the public the public ones. */
export const TIMELINE_KINDS = [
  'submitted',
  'assisted',
  'confirmed',
  'accepted',
  'transferred',
  'replied',
  'rated',
  'escalated',
  'closed',
  'overdue',
  'cosigned',
  'threshold_reached',
] as const;
export const ZTimelineEntry = z
  .object({
    kind: z.enum(TIMELINE_KINDS),
    at: ZIsoTime,
    actorName: z.string().nullable(),
    orgId: ZObjectId.nullable(),
    orgName: z.string().nullable(),
    toOrgId: ZObjectId.nullable(),
    toOrgName: z.string().nullable(),
    text: z.string().nullable(),
    public: z.boolean(),
  })
  .meta({ id: 'FeedbackTimelineEntry', description: '意见办理记录' });
export type TimelineEntryDto = z.infer<typeof ZTimelineEntry>;

/** A feedback item as the API shows it; `authorName` is masked unless the viewer may see it. */
export const ZFeedback = z
  .object({
    id: ZObjectId,
    orgId: ZObjectId,
    handlingOrgId: ZObjectId,
    disclosureId: ZObjectId.nullable(),
    type: ZFeedbackType,
    content: z.string(),
    images: z.array(ZObjectId),
    authorName: z.string(),
    showNamePublicly: z.boolean(),
    public: z.boolean(),
    assisted: z.boolean(),
    confirmed: z.boolean(),
    state: ZFeedbackState,
    dueAt: ZIsoTime.nullable(),
    dueDate: z.string().nullable(),
    provisional: z.boolean(),
    policy: ZDuePolicy.nullable(),
    overdue: z.boolean(),
    dueSoon: z.boolean(),
    workdaysLeft: z.number().int().nullable(),
    rating: z.object({ score: z.number().int(), comment: z.string().nullable() }).nullable(),
    timeline: z.array(ZTimelineEntry),
    createdAt: ZIsoTime,
    /** Only in the answer to an assisted filing, for the cadre to hand to the villager. */
    confirmCode: z.string().optional(),
  })
  .meta({ id: 'Feedback', description: '群众意见' });
export type FeedbackDto = z.infer<typeof ZFeedback>;

/** `GET /orgs/:id/joint-requests/:id`: signatures against both thresholds. */
export const ZJointRequestStatus = z
  .object({
    id: ZObjectId,
    content: z.string(),
    villagerSignatures: z.number().int(),
    representativeSignatures: z.number().int(),
    villagers: z.number().int(),
    representatives: z.number().int(),
    villagerSignaturesNeeded: z.number().int().nullable(),
    representativeSignaturesNeeded: z.number().int().nullable(),
    reached: z.boolean(),
    reachedAt: ZIsoTime.nullable(),
    disclosureDueAt: ZIsoTime.nullable(),
    /** Whether the signed-in caller has signed (the initiator has); null for an anonymous reader. */
    signedByMe: z.boolean().nullable(),
  })
  .meta({ id: 'JointRequestStatus', description: '联名申请进度' });
export type JointRequestStatusDto = z.infer<typeof ZJointRequestStatus>;

/** `POST /orgs/:id/answer-templates`. */
export const ZCreateAnswerTemplate = z.object({
  category: z.string().trim().min(1, '请填写类别').max(40, '类别过长'),
  title: z.string().trim().min(1, '请填写标题').max(60, '标题过长'),
  content: ZContent,
});
export type CreateAnswerTemplate = z.infer<typeof ZCreateAnswerTemplate>;
export const ZAnswerTemplateQuery = z.object({
  category: z.preprocess(emptyAsAbsent, z.string().trim().max(40).optional()),
});
export const ZAnswerTemplate = z
  .object({ id: ZObjectId, orgId: ZObjectId, category: z.string(), title: z.string(), content: z.string() })
  .meta({ id: 'AnswerTemplate', description: '答复模板' });
export type AnswerTemplateDto = z.infer<typeof ZAnswerTemplate>;

/** An in-app notification (`GET /notifications`). */
export const ZNotification = z
  .object({
    id: ZObjectId,
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    feedbackId: ZObjectId.nullable(),
    disclosureId: ZObjectId.nullable(),
    createdAt: ZIsoTime,
    readAt: ZIsoTime.nullable(),
  })
  .meta({ id: 'Notification', description: '站内通知' });
export type NotificationDto = z.infer<typeof ZNotification>;
export const ZNotificationQuery = z.object({
  unread: queryBool,
  page: z.preprocess(emptyAsAbsent, z.coerce.number().int().min(1).default(1)),
  pageSize: z.preprocess(emptyAsAbsent, z.coerce.number().int().min(1).max(100).default(20)),
});

/** A WeChat delivery that failed for good (`GET /notifications/failures`, admins). */
export const ZNotificationFailure = z
  .object({
    id: ZObjectId,
    userId: ZObjectId,
    kind: z.string(),
    title: z.string(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    failedAt: ZIsoTime.nullable(),
  })
  .meta({ id: 'NotificationFailure', description: '微信通知发送失败记录' });
export type NotificationFailureDto = z.infer<typeof ZNotificationFailure>;
