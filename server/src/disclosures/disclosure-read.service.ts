import { Types } from 'mongoose';
import {
  can,
  endOfShanghaiDay,
  ForbiddenError,
  NotFoundError,
  startOfShanghaiDay,
  UnauthenticatedError,
  type DisclosureDto,
  type DisclosureQuery,
  type DisclosureSummary,
  type DraftQuery,
  type Paginated,
} from '@sanwu/shared';
import { readById } from '../db/read-by-id';
import { Org } from '../orgs/org.model';
import type { LoadedActor } from '../policy/authorize';
import { verifyDisclosureChain } from './disclosure-chain';
import { Disclosure, type DisclosureDoc } from './disclosure.model';
import { SUMMARY_FIELDS, toDetail, toSummary } from './disclosure.mapper';
import { disclosureTarget, orgFor } from './disclosure-store';
import { objectionTally } from './objection-tally';

// Reading: the public list and detail (published items only, personal data masked), the
// reviewers' workspace, and the access rule for drafts.

/** What a viewer may see of an item: drafts and unmasked personal data need their own grants. */
export function viewerAccess(actor: LoadedActor | undefined, doc: Pick<DisclosureDoc, 'orgPath'>) {
  const target = disclosureTarget(doc);
  return {
    staff: can(actor, 'disclosure.read-draft', target),
    seePersonal: can(actor, 'disclosure.read-personal', target),
  };
}

/** Drafts are private: 401 for the anonymous, 403 for those without `disclosure.read-draft`. */
export function ensureReadable(actor: LoadedActor | undefined, doc: DisclosureDoc): void {
  if (doc.public) return;
  if (!actor) throw new UnauthenticatedError('请先登录后查看未发布的公开事项');
  if (!viewerAccess(actor, doc).staff) throw new ForbiddenError('没有权限：查看未发布公开事项');
}

async function orgName(orgId: Types.ObjectId): Promise<string> {
  return (await readById<{ name: string }>(Org, orgId, { name: 1 }))?.name ?? '';
}

export async function disclosureDetail(
  actor: LoadedActor | undefined,
  doc: DisclosureDoc,
  now: Date,
): Promise<DisclosureDto> {
  ensureReadable(actor, doc);
  const access = viewerAccess(actor, doc);
  const [name, objections] = await Promise.all([orgName(doc.orgId), objectionTally(doc, now)]);
  return toDetail(doc, {
    orgName: name,
    staff: access.staff,
    mask: !access.seePersonal,
    chainValid: verifyDisclosureChain(doc).valid,
    objections,
    now,
  });
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `GET /orgs/:id/disclosures`: published items, newest first. The keyword is a literal substring
 * match on the public title and masked text, which works for Chinese without word segmentation;
 * the org/public/date prefix of the indexes keeps the scan to one org's published items.
 */
export async function listPublished(
  orgId: string,
  q: DisclosureQuery,
  now: Date,
): Promise<Paginated<DisclosureSummary>> {
  if (!Types.ObjectId.isValid(orgId)) throw new NotFoundError('组织不存在');
  const id = new Types.ObjectId(orgId);
  const filter: Record<string, unknown> = { orgId: id, public: true };
  if (q.domain) filter.domain = q.domain;
  if (q.category) filter.catalogueCode = q.category;
  if (q.period) filter.period = q.period;
  if (q.from || q.to) {
    filter.lastPublishedAt = {
      ...(q.from && { $gte: startOfShanghaiDay(q.from) }),
      ...(q.to && { $lte: endOfShanghaiDay(q.to) }),
    };
  }
  if (q.q) filter.searchText = { $regex: escapeRegex(q.q), $options: 'i' };
  // NOTE: the org is read together with the page, not before it. Under load each round trip waits a
  // turn of the busy event loop, and the page of an org that does not exist is merely empty.
  const [org, docs, total] = await Promise.all([
    readById<{ name: string }>(Org, id, { name: 1 }),
    Disclosure.find(filter, SUMMARY_FIELDS)
      .sort({ lastPublishedAt: -1, _id: -1 })
      .skip((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .lean<DisclosureDoc[]>(),
    Disclosure.countDocuments(filter),
  ]);
  if (!org) throw new NotFoundError('组织不存在');
  return { items: docs.map((d) => toSummary(d, org.name, now)), total, page: q.page, pageSize: q.pageSize };
}

/** `GET /orgs/:id/disclosure-drafts`: every item of the org for cadres, reviewers and inspectors. */
export async function listWorkspace(
  actor: LoadedActor,
  orgId: string,
  q: DraftQuery,
  now: Date,
): Promise<Paginated<DisclosureSummary>> {
  const { org } = await orgFor(actor, 'disclosure.read-draft', orgId);
  const filter: Record<string, unknown> = { orgId: org._id, ...(q.state && { state: q.state }) };
  const [docs, total] = await Promise.all([
    Disclosure.find(filter, SUMMARY_FIELDS)
      .sort({ updatedAt: -1, _id: -1 })
      .skip((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .lean<DisclosureDoc[]>(),
    Disclosure.countDocuments(filter),
  ]);
  return {
    items: docs.map((d) => toSummary(d, org.name, now, true)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
