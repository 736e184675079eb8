// Labels for the disclosure API (schemas in @sanwu/shared) and client-side types of the
// supervision API. NOTE: the supervision schemas (overview, overdue, compliance, rectification)
// are not in @sanwu/shared yet; when they land, replace these with the shared `z.infer` types.
import type { AttachmentRef, DisclosureDomain, DisclosureState, FeedbackDto } from '@sanwu/shared';
import { apiBase } from './config';

export const DOMAIN_LABELS: Record<DisclosureDomain, string> = {
  party: '党务',
  village: '村务',
  government: '政务',
  finance: '财务',
};

export const DISCLOSURE_STATE_LABELS: Record<DisclosureState, string> = {
  draft: '草稿',
  in_review: '审核中',
  rejected: '被退回',
  approved: '已签章待发布',
  published: '已公开',
  superseded: '已更正',
  revoked: '已撤回',
  expired: '公示期满',
  archived: '已归档',
};

const IMAGE_NAME = /\.(jpe?g|png|webp|gif)$/i;

/** Where an attachment is read (`GET /attachments/:id`), and whether to show it as a picture. */
export function attachmentUrl(ref: Pick<AttachmentRef, 'id'>, thumbnail = false): string {
  return `${apiBase()}/attachments/${ref.id}${thumbnail ? '/thumbnail' : ''}`;
}
export function isImage(ref: Pick<AttachmentRef, 'name'>): boolean {
  return IMAGE_NAME.test(ref.name);
}

/** `POST /attachments` answer items. */
export interface UploadedAttachment {
  id: string;
  kind: 'image' | 'pdf';
  mime: string;
  size: number;
}

export interface OverviewDto {
  orgId: string;
  feedbackTotal: number;
  open: number;
  overdue: number;
  answeredOnTimeRate: number | null;
  medianAnswerHours: number | null;
  disclosuresPublished: number;
  disclosuresOverdue: number;
}

export interface OverdueDisclosureDto {
  orgId: string;
  orgName: string;
  categoryName: string;
  period: string | null;
  publishBy: string;
}

export interface OverdueBoardDto {
  feedback: FeedbackDto[];
  disclosures: OverdueDisclosureDto[];
}

export interface ComplianceRowDto {
  catalogueCode: string;
  categoryName: string;
  period: string;
  publishBy: string;
  published: boolean;
  onTime: boolean;
  disclosureId: string | null;
}

export interface ComplianceDto {
  orgId: string;
  year: number;
  expected: number;
  published: number;
  onTime: number;
  rows: ComplianceRowDto[];
}

/** A 整改通知 (rectification order) an inspector issues to an org. */
export interface RectificationDraft {
  orgId: string;
  title: string;
  content: string;
  dueDate: string;
}
