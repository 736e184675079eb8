// Small API answers shaped like the server's, for page tests.
import type { DisclosureSummary, FeedbackDto, MeDto, NotificationDto } from '@sanwu/shared';

export const VILLAGE = { id: '6b042b3713b033cea568ec65', name: '东山村' };

let seq = 0;
const oid = () => `6b${String(++seq).padStart(22, '0')}`;

export function summary(over: Partial<DisclosureSummary> = {}): DisclosureSummary {
  return {
    id: oid(),
    orgId: VILLAGE.id,
    orgName: VILLAGE.name,
    catalogueCode: 'village-finances',
    categoryName: '财务计划及各项收入、支出和债权债务情况',
    domain: 'finance',
    period: '2026-02',
    settledOn: null,
    title: '2026年2月财务收支公开',
    state: 'published',
    versionCount: 1,
    publishBy: '2026-03-06',
    firstPublishedAt: '2026-03-03T02:00:00.000Z',
    lastPublishedAt: '2026-03-03T02:00:00.000Z',
    late: false,
    lateWorkdays: 0,
    displayUntil: '2026-04-14',
    publicNotice: null,
    contentHash: 'ab'.repeat(32),
    correctionPending: false,
    postedAt: null,
    ...over,
  };
}

export function feedback(over: Partial<FeedbackDto> = {}): FeedbackDto {
  return {
    id: oid(),
    orgId: VILLAGE.id,
    handlingOrgId: VILLAGE.id,
    disclosureId: null,
    type: 'inquiry',
    content: '二月份的修路款是多少？',
    images: [],
    authorName: '王*刚',
    showNamePublicly: false,
    public: true,
    assisted: false,
    confirmed: true,
    state: 'submitted',
    dueAt: '2026-03-17T15:59:59.999Z',
    dueDate: '2026-03-17',
    provisional: false,
    policy: { unit: 'calendarDays', amount: 15 },
    overdue: false,
    dueSoon: false,
    workdaysLeft: 10,
    rating: null,
    timeline: [],
    createdAt: '2026-03-02T02:00:00.000Z',
    ...over,
  };
}

export function me(role: MeDto['scopes'][number]['role'], name = '王建国'): MeDto {
  return {
    user: {
      id: oid(),
      kind: role === 'resident' ? 'resident' : 'staff',
      name,
      username: null,
      wechatBound: false,
      grants: [],
      disabled: false,
    },
    roles: [role],
    scopes: [{ role, orgId: VILLAGE.id, orgName: VILLAGE.name, orgLevel: 'village' }],
  };
}

export const page = <T>(items: T[]) => ({ items, total: items.length, page: 1, pageSize: 20 });

export function notification(over: Partial<NotificationDto> = {}): NotificationDto {
  return {
    id: oid(),
    kind: 'feedback.replied',
    title: '您的意见有了答复',
    body: '东山村已答复您的质询，请查看。',
    feedbackId: oid(),
    disclosureId: null,
    createdAt: '2026-03-05T02:00:00.000Z',
    readAt: null,
    ...over,
  };
}
