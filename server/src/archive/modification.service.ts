import { Types } from 'mongoose';
import {
  ConflictError,
  InvalidStateError,
  MODIFIABLE_FIELDS,
  NotFoundError,
  ValidationError,
  ZDateString,
  ZPeriodKey,
  type ModificationDto,
  type ModificationRequestInput,
} from '@sanwu/shared';
import { appendAudit } from '../audit/audit.service';
import { Disclosure, type DisclosureDoc } from '../disclosures/disclosure.model';
import { Feedback } from '../feedback/feedback.model';
import { ensureCan, loadOrg, orgTarget } from '../policy/authorize';
import { disclosureYear, feedbackYear } from './archive-guard';
import type { ArchiveDoc } from './archive.model';
import { ModificationRequest, type ModificationDoc } from './archive.model';
import type { Acting } from './archive.service';
import { correctedDisclosureFields } from './disclosure-correction';

// 数据修改申请 (seed 000 篇七 六; DOMAIN.md "Archive"): an archived record changes only through a
// request an inspector approves; the request, the decision and the applied change (before and
// after) are all in the audit log. Only a few fields are correctable, each checked like the
// original input: the published text itself is never edited (that stays a correction version).

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function toModificationDto(m: ModificationDoc): ModificationDto {
  return {
    id: String(m._id),
    archiveId: String(m.archiveId),
    target: { type: m.target!.type as 'disclosure' | 'feedback', id: String(m.target!.id) },
    change: { field: m.change!.field, value: m.change!.value },
    before: m.before ?? null,
    reason: m.reason,
    status: m.status as ModificationDto['status'],
    requestedByName: m.requestedByName,
    requestedAt: m.requestedAt.toISOString(),
    decidedByName: m.decidedByName ?? null,
    decidedAt: iso(m.decidedAt),
    comment: m.comment ?? null,
  };
}

const VALUE_CHECKS: Record<string, (v: string) => boolean> = {
  period: (v) => ZPeriodKey.safeParse(v).success,
  settledOn: (v) => ZDateString.safeParse(v).success,
  type: (v) => ['opinion', 'inquiry', 'report'].includes(v),
  authorName: (v) => v.length <= 30,
};

/** The record and the current value of the field; checks it belongs to the archive. */
async function currentValue(archive: ArchiveDoc, input: ModificationRequestInput): Promise<string | null> {
  const { target, change } = input;
  const allowed = MODIFIABLE_FIELDS[target.type] as readonly string[];
  if (!allowed.includes(change.field) || !VALUE_CHECKS[change.field]!(change.value)) {
    throw new ValidationError('修改内容不正确', [{ path: 'change', message: '该字段不能这样修改' }]);
  }
  const id = new Types.ObjectId(target.id);
  const doc =
    target.type === 'disclosure'
      ? await Disclosure.findOne({ _id: id, orgId: archive.orgId }).lean()
      : await Feedback.findOne({ _id: id, orgId: archive.orgId }).lean();
  const year = !doc
    ? null
    : target.type === 'disclosure'
      ? disclosureYear(doc as never)
      : feedbackYear(doc as { createdAt: Date });
  if (!doc || year !== archive.year) throw new NotFoundError('该归档中没有这条记录');
  if (change.field === 'period' || change.field === 'settledOn') {
    if (Number(change.value.slice(0, 4)) !== archive.year)
      throw new ValidationError('修改后仍须属于归档年度', [{ path: 'change.value', message: '年度不符' }]);
  }
  if (target.type === 'disclosure')
    await correctedDisclosureFields(
      doc as unknown as DisclosureDoc,
      change.field as 'period' | 'settledOn',
      change.value,
    );
  const value = (doc as Record<string, unknown>)[change.field];
  return value === null || value === undefined ? null : String(value);
}

/** `POST /archives/:id/modification-requests`. */
export async function requestModification(
  acting: Acting,
  archive: ArchiveDoc,
  input: ModificationRequestInput,
): Promise<ModificationDoc> {
  const org = await loadOrg(String(archive.orgId));
  const role = ensureCan(acting.actor, 'archive.request-change', orgTarget(org));
  const before = await currentValue(archive, input);
  if (before === input.change.value) throw new ValidationError('修改后的值与原值相同');
  const created = await ModificationRequest.create({
    archiveId: archive._id,
    orgId: archive.orgId,
    target: input.target,
    change: input.change,
    before,
    reason: input.reason,
    requestedBy: acting.actor.userId,
    requestedByName: acting.actor.name,
    requestedAt: acting.now,
  });
  const m = created.toObject() as ModificationDoc;
  await audit(acting, role, 'archive.modification.request', m, {
    before,
    after: input.change,
    reason: input.reason,
  });
  return m;
}

export async function loadModification(id: string): Promise<ModificationDoc> {
  const m = Types.ObjectId.isValid(id)
    ? await ModificationRequest.findById(id).lean<ModificationDoc>()
    : null;
  if (!m) throw new NotFoundError('数据修改申请不存在');
  return m;
}

/** `POST /modification-requests/:id/decision`: approval applies the change, conditionally on `before`. */
export async function decideModification(
  acting: Acting,
  m: ModificationDoc,
  decision: 'approve' | 'reject',
  comment: string | undefined,
): Promise<ModificationDoc> {
  const org = await loadOrg(String(m.orgId));
  const role = ensureCan(acting.actor, 'archive.decide-change', orgTarget(org));
  if (m.status !== 'pending') throw new InvalidStateError('该申请已审批');
  if (String(m.requestedBy) === acting.actor.userId) throw new InvalidStateError('不能审批自己提出的申请');
  const status = decision === 'approve' ? 'approved' : 'rejected';
  const decided = await ModificationRequest.findOneAndUpdate(
    { _id: m._id, status: 'pending' },
    {
      $set: {
        status,
        decidedBy: acting.actor.userId,
        decidedByName: acting.actor.name,
        decidedAt: acting.now,
        comment: comment ?? null,
      },
    },
    { returnDocument: 'after' },
  ).lean<ModificationDoc>();
  if (!decided) throw new ConflictError('该申请刚被他人审批');
  await audit(acting, role, `archive.modification.${decision}`, decided, { after: { status, comment } });
  if (decision === 'approve') await applyChange(acting, role, decided);
  return decided;
}

/** Writes the approved change past the archive guard — the one sanctioned way to do so. */
async function applyChange(acting: Acting, role: string, m: ModificationDoc): Promise<void> {
  const { field, value } = m.change!;
  const id = m.target!.id;
  const where = { _id: id, [field]: m.before };
  let res;
  if (m.target!.type === 'disclosure') {
    const doc = await Disclosure.findOne(where).lean<DisclosureDoc>();
    const set = doc ? await correctedDisclosureFields(doc, field as 'period' | 'settledOn', value) : {};
    res = doc
      ? await Disclosure.updateOne({ ...where, revision: doc.revision }, { $set: set, $inc: { revision: 1 } })
      : { modifiedCount: 0 };
  } else {
    res = await Feedback.updateOne(where, { $set: { [field]: value }, $inc: { rev: 1 } });
  }
  if (res.modifiedCount !== 1) {
    await ModificationRequest.updateOne({ _id: m._id }, { $set: { status: 'pending', decidedAt: null } });
    throw new ConflictError('记录在申请后已变化，请重新提出申请');
  }
  await appendAudit({
    orgId: m.orgId,
    actorId: acting.actor.userId,
    actorRole: role,
    action: `archive.modification.apply`,
    target: { type: m.target!.type, id: String(id) },
    summary: { before: { [field]: m.before }, after: { [field]: value } },
    meta: acting.meta,
    at: acting.now,
  });
}

async function audit(acting: Acting, role: string, action: string, m: ModificationDoc, after: unknown) {
  await appendAudit({
    orgId: m.orgId,
    actorId: acting.actor.userId,
    actorRole: role,
    action,
    target: { type: 'modification-request', id: String(m._id) },
    summary: { after },
    meta: acting.meta,
    at: acting.now,
  });
}

export async function listModifications(archive: ArchiveDoc): Promise<ModificationDoc[]> {
  return ModificationRequest.find({ archiveId: archive._id })
    .sort({ requestedAt: -1 })
    .lean<ModificationDoc[]>();
}
