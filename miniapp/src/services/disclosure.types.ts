// Labels and attachment helpers for the disclosure API (its schemas are in @sanwu/shared).
import type { AttachmentRef, DisclosureDomain, DisclosureState } from '@sanwu/shared';
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

/** `POST /attachments` answer items. NOTE: the server declares this shape itself (attachment.mapper.ts), not in @sanwu/shared. */
export interface UploadedAttachment {
  id: string;
  kind: 'image' | 'pdf';
  mime: string;
  size: number;
}
