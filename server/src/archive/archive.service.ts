import { Types } from 'mongoose';
import {
  ConflictError,
  endOfShanghaiDay,
  FEEDBACK_AWAITING_ANSWER,
  InvalidStateError,
  NotFoundError,
  shanghaiDate,
  startOfShanghaiDay,
  type ArchiveDto,
} from '@sanwu/shared';
import { appendAudit, type RequestMeta } from '../audit/audit.service';
import { Disclosure, type DisclosureDoc } from '../disclosures/disclosure.model';
import { Feedback, type FeedbackDoc } from '../feedback/feedback.model';
import type { OrgDoc } from '../orgs/org.model';
import { ensureCan, orgTarget, type LoadedActor } from '../policy/authorize';
import { disclosureYear } from './archive-guard';
import { Archive, type ArchiveDoc } from './archive.model';
import { isDuplicateKey } from '../db/duplicate-key';

// Closing a year (DOMAIN.md "Archive 档案"): only a finished year, only when nothing of it is
// still being handled (an unanswered complaint must not be frozen unanswered).

export interface Acting {
  actor: LoadedActor;
  meta: RequestMeta;
  now: Date;
}

export function toArchiveDto(a: ArchiveDoc): ArchiveDto {
  return {
    id: String(a._id),
    orgId: String(a.orgId),
    orgName: a.orgName,
    year: a.year,
    closedAt: a.closedAt.toISOString(),
    closedByName: a.closedByName,
    disclosures: a.disclosures,
    feedback: a.feedback,
  };
}

/** The org's own disclosures of `year` (period, else settled day, else creation). */
export async function disclosuresOfYear(orgId: Types.ObjectId, year: number): Promise<DisclosureDoc[]> {
  // Served by { orgId, updatedAt }; the year is decided per item like the write guard decides it.
  const docs = await Disclosure.find({ orgId }).sort({ updatedAt: 1 }).lean<DisclosureDoc[]>();
  return docs.filter((d) => disclosureYear(d) === year);
}

/** Feedback the org received in `year` (served by { orgPath, createdAt }). */
export function feedbackOfYear(orgId: Types.ObjectId, year: number): Promise<FeedbackDoc[]> {
  return Feedback.find({
    orgPath: orgId,
    orgId,
    createdAt: { $gte: startOfShanghaiDay(`${year}-01-01`), $lte: endOfShanghaiDay(`${year}-12-31`) },
  })
    .sort({ createdAt: 1 })
    .lean<FeedbackDoc[]>();
}

const PENDING_DISCLOSURE = ['in_review', 'approved'];

/** `POST /orgs/:id/archives {year}`. */
export async function closeYear(acting: Acting, org: OrgDoc, year: number): Promise<ArchiveDoc> {
  const role = ensureCan(acting.actor, 'archive.close', orgTarget(org));
  const thisYear = Number(shanghaiDate(acting.now).slice(0, 4));
  if (year >= thisYear) throw new InvalidStateError(`${year} 年尚未结束，不能归档`);
  if (await Archive.exists({ orgId: org._id, year })) throw new ConflictError(`${year} 年已归档`);
  const orgId = org._id as Types.ObjectId;
  const [disclosures, feedback] = await Promise.all([
    disclosuresOfYear(orgId, year),
    feedbackOfYear(orgId, year),
  ]);
  const open = feedback.filter((f) => FEEDBACK_AWAITING_ANSWER.includes(f.state as never)).length;
  const pending = disclosures.filter((d) => PENDING_DISCLOSURE.includes(d.state)).length;
  if (open || pending) {
    throw new InvalidStateError(
      `${year} 年仍有 ${open} 条意见未答复、${pending} 项公开事项在审核或待发布，办结后才能归档`,
    );
  }
  let archive: ArchiveDoc;
  try {
    archive = (
      await Archive.create({
        orgId,
        orgPath: org.path,
        orgName: org.name,
        year,
        closedAt: acting.now,
        closedBy: acting.actor.userId,
        closedByName: acting.actor.name,
        disclosures: disclosures.length,
        feedback: feedback.length,
      })
    ).toObject() as ArchiveDoc;
  } catch (err) {
    if (isDuplicateKey(err)) throw new ConflictError(`${year} 年已归档`);
    throw err;
  }
  await appendAudit({
    orgId,
    actorId: acting.actor.userId,
    actorRole: role,
    action: 'archive.close',
    target: { type: 'archive', id: String(archive._id) },
    summary: { after: { year, disclosures: disclosures.length, feedback: feedback.length } },
    meta: acting.meta,
    at: acting.now,
  });
  return archive;
}

export async function listArchives(org: OrgDoc): Promise<ArchiveDoc[]> {
  return Archive.find({ orgId: org._id }).sort({ year: -1 }).lean<ArchiveDoc[]>();
}

export async function loadArchive(id: string): Promise<ArchiveDoc> {
  const a = Types.ObjectId.isValid(id) ? await Archive.findById(id).lean<ArchiveDoc>() : null;
  if (!a) throw new NotFoundError('归档不存在');
  return a;
}

export async function findArchive(org: OrgDoc, year: number): Promise<ArchiveDoc> {
  const a = await Archive.findOne({ orgId: org._id, year }).lean<ArchiveDoc>();
  if (!a) throw new NotFoundError(`${year} 年尚未归档`);
  return a;
}
