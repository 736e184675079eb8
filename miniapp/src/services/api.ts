import {
  type DisclosureDomain,
  ZEscalate,
  ZFeedbackNote,
  ZPasswordLogin,
  ZRating,
  ZReply,
  ZSubmitFeedback,
  ZTransfer,
  ZVerificationRequest,
  ZWechatLogin,
  type DemoAccountDto,
  type FeedbackDto,
  type FeedbackQuery,
  type JointRequestStatusDto,
  type MeDto,
  type NotificationDto,
  ZCorrection,
  ZCreateDisclosure,
  ZPatchDisclosure,
  ZReview,
  ZRevoke,
  type Correction,
  type CreateDisclosure,
  type DisclosureDto,
  type DisclosureState,
  type DisclosureSummary,
  type ObjectionTally,
  type PatchDisclosure,
  type Review,
  ZCreateNotice,
  type ComplaintDto,
  type ComplaintQuery,
  type ComplianceReportDto,
  type CreateNotice,
  type NoticeDto,
  type OverdueBoardDto,
  type OverviewDto,
  type OrgDto,
  type Paginated,
  type SessionDto,
  type SubmitFeedback,
  type VerificationDto,
  type VerificationRequest,
} from '@sanwu/shared';
import { apiRequest, apiUpload } from './api-client';
import type { UploadedAttachment } from './disclosure.types';
import { saveTokens } from './session';

// Every endpoint the app calls, typed; bodies are validated with the shared schemas first.

async function signedIn(session: SessionDto): Promise<MeDto> {
  saveTokens(session);
  const me = await apiRequest<MeDto>('GET', '/me');
  saveTokens(session, me);
  return me;
}

export const authApi = {
  login: async (username: string, password: string) =>
    signedIn(
      await apiRequest<SessionDto>('POST', '/auth/login', {
        body: { username, password },
        schema: ZPasswordLogin,
        auth: false,
      }),
    ),
  wechat: async (code: string) =>
    signedIn(
      await apiRequest<SessionDto>('POST', '/auth/wechat', {
        body: { code },
        schema: ZWechatLogin,
        auth: false,
      }),
    ),
  demoUsers: () =>
    apiRequest<DemoAccountDto[] | { items: DemoAccountDto[] }>('GET', '/auth/demo/users', { auth: false }),
  demo: async (userId: string) =>
    signedIn(await apiRequest<SessionDto>('POST', '/auth/demo', { body: { userId }, auth: false })),
  me: () => apiRequest<MeDto>('GET', '/me'),
};

export const orgApi = {
  search: (q: string) =>
    apiRequest<OrgDto[] | Paginated<OrgDto>>('GET', '/orgs', { query: { q }, auth: false }),
  get: (id: string) => apiRequest<OrgDto>('GET', `/orgs/${id}`, { auth: false }),
  children: (parentId: string) =>
    apiRequest<OrgDto[] | Paginated<OrgDto>>('GET', '/orgs', { query: { parentId }, auth: false }),
  requestVerification: (orgId: string, body: VerificationRequest) =>
    apiRequest<VerificationDto>('POST', `/orgs/${orgId}/verifications`, {
      body,
      schema: ZVerificationRequest,
    }),
};

/** Lists answer `{items,…}`; a few early endpoints answer a bare array. */
export function itemsOf<T>(list: T[] | { items: T[] }): T[] {
  return Array.isArray(list) ? list : list.items;
}

export interface DisclosureListQuery {
  domain?: DisclosureDomain;
  q?: string;
  page?: number;
  pageSize?: number;
}

/** Uploads photos (or PDFs) of an org, one request per file; answers their ids in order. */
async function uploadFiles(
  orgId: string,
  filePaths: string[],
  kind?: 'image',
): Promise<UploadedAttachment[]> {
  const uploaded: UploadedAttachment[] = [];
  for (const path of filePaths) {
    const answer = await apiUpload<{ items: UploadedAttachment[] }>(
      `/attachments?orgId=${orgId}${kind ? `&kind=${kind}` : ''}`,
      path,
    );
    uploaded.push(...answer.items);
  }
  return uploaded;
}

export const attachmentApi = { upload: uploadFiles };

export const disclosureApi = {
  /** The public list: published items only. */
  list: (orgId: string, query: DisclosureListQuery) =>
    apiRequest<Paginated<DisclosureSummary>>('GET', `/orgs/${orgId}/disclosures`, { query: { ...query } }),
  /** The workspace of cadres and reviewers: every state. */
  drafts: (orgId: string, query: { state?: DisclosureState; page?: number; pageSize?: number }) =>
    apiRequest<Paginated<DisclosureSummary>>('GET', `/orgs/${orgId}/disclosure-drafts`, {
      query: { ...query },
    }),
  get: (id: string) => apiRequest<DisclosureDto>('GET', `/disclosures/${id}`),
  objections: (id: string) =>
    apiRequest<ObjectionTally>('GET', `/disclosures/${id}/objections`, { auth: false }),
  create: (orgId: string, draft: CreateDisclosure) =>
    apiRequest<DisclosureDto>('POST', `/orgs/${orgId}/disclosures`, {
      body: draft,
      schema: ZCreateDisclosure,
    }),
  update: (id: string, patch: PatchDisclosure) =>
    apiRequest<DisclosureDto>('PATCH', `/disclosures/${id}`, { body: patch, schema: ZPatchDisclosure }),
  submit: (id: string) => apiRequest<DisclosureDto>('POST', `/disclosures/${id}/submit`, { body: {} }),
  review: (id: string, review: Review) =>
    apiRequest<DisclosureDto>('POST', `/disclosures/${id}/reviews`, { body: review, schema: ZReview }),
  publish: (id: string) => apiRequest<DisclosureDto>('POST', `/disclosures/${id}/publish`, { body: {} }),
  correct: (id: string, correction: Correction) =>
    apiRequest<DisclosureDto>('POST', `/disclosures/${id}/corrections`, {
      body: correction,
      schema: ZCorrection,
    }),
  revoke: (id: string, reason: string) =>
    apiRequest<DisclosureDto>('POST', `/disclosures/${id}/revoke`, { body: { reason }, schema: ZRevoke }),
  printUrl: (id: string) => `/disclosures/${id}/print`,
};

export const feedbackApi = {
  submit: (body: SubmitFeedback, idempotencyKey: string) =>
    apiRequest<FeedbackDto>('POST', '/feedback', { body, schema: ZSubmitFeedback, idempotencyKey }),
  mine: (page = 1) => apiRequest<Paginated<FeedbackDto>>('GET', '/feedback/mine', { query: { page } }),
  get: (id: string) => apiRequest<FeedbackDto>('GET', `/feedback/${id}`),
  ofOrg: (orgId: string, query: Partial<FeedbackQuery>) =>
    apiRequest<Paginated<FeedbackDto>>('GET', `/orgs/${orgId}/feedback`, { query: { ...query } }),
  reply: (id: string, content: string, isPublic: boolean) =>
    apiRequest<FeedbackDto>('POST', `/feedback/${id}/replies`, {
      body: { content, public: isPublic },
      schema: ZReply,
    }),
  transfer: (id: string, toOrgId: string, reason: string) =>
    apiRequest<FeedbackDto>('POST', `/feedback/${id}/transfer`, {
      body: { toOrgId, reason },
      schema: ZTransfer,
    }),
  close: (id: string, note?: string) =>
    apiRequest<FeedbackDto>('POST', `/feedback/${id}/close`, { body: { note }, schema: ZFeedbackNote }),
  rate: (id: string, score: number, comment?: string) =>
    apiRequest<FeedbackDto>('POST', `/feedback/${id}/rating`, { body: { score, comment }, schema: ZRating }),
  escalate: (id: string, reason: string) =>
    apiRequest<FeedbackDto>('POST', `/feedback/${id}/escalate`, { body: { reason }, schema: ZEscalate }),
  /** A joint request's signatures against the legal thresholds; signed in, whether I have signed. */
  jointStatus: (orgId: string, id: string) =>
    apiRequest<JointRequestStatusDto>('GET', `/orgs/${orgId}/joint-requests/${id}`),
  cosign: (id: string) => apiRequest<JointRequestStatusDto>('POST', `/feedback/${id}/cosign`, { body: {} }),
};

export const supervisionApi = {
  overview: (orgId: string) => apiRequest<OverviewDto>('GET', '/supervision/overview', { query: { orgId } }),
  /** The complaint log of an org's whole subtree, filtered (`ComplaintQuery` of the shared schemas). */
  complaints: (query: Partial<ComplaintQuery> & { orgId: string }) =>
    apiRequest<Paginated<ComplaintDto>>('GET', '/supervision/complaints', { query: { ...query } }),
  overdue: (orgId: string) =>
    apiRequest<OverdueBoardDto>('GET', '/supervision/overdue', { query: { orgId } }),
  compliance: (orgId: string, year: number) =>
    apiRequest<ComplianceReportDto>('GET', '/supervision/compliance', { query: { orgId, year } }),
  /** A 通报 naming orgs with a rectification deadline. */
  notice: (notice: CreateNotice) =>
    apiRequest<NoticeDto>('POST', '/supervision/notices', { body: notice, schema: ZCreateNotice }),
};

export const notificationsApi = {
  /** The in-app inbox, newest first; `unread` for the count on 我的. */
  list: (page = 1, unread?: boolean) =>
    apiRequest<Paginated<NotificationDto>>('GET', '/notifications', { query: { page, unread } }),
  read: (id: string) => apiRequest<NotificationDto>('POST', `/notifications/${id}/read`, { body: {} }),
  readAll: () => apiRequest<{ updated: number }>('POST', '/notifications/read-all', { body: {} }),
};
