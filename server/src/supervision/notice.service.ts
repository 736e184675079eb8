import { Types } from 'mongoose';
import {
  ConflictError,
  endOfShanghaiDay,
  ForbiddenError,
  InvalidStateError,
  NotFoundError,
  scopesFor,
  shanghaiDate,
  ValidationError,
  type CreateNotice,
  type NoticeDto,
  type NoticeResponse,
} from '@sanwu/shared';
import { appendAudit, type RequestMeta } from '../audit/audit.service';
import { nextCheckAfter, type ReminderSettings } from '../feedback/feedback-deadlines';
import { Org, type OrgDoc } from '../orgs/org.model';
import { ensureCan, loadOrg, orgTarget, type LoadedActor } from '../policy/authorize';
import { Notice, type NoticeDoc } from './notice.model';

// 通报 and rectification (DOMAIN.md "Supervision"): an inspector names orgs and items and sets a
// rectify-by date; the named orgs' cadres report back; the inspector closes it. The deadline runs
// on the scheduler's clock (notice-checks.ts) like feedback deadlines.

export interface Acting {
  actor: LoadedActor;
  meta: RequestMeta;
  now: Date;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function toNoticeDto(n: NoticeDoc, now: Date): NoticeDto {
  const open = n.state === 'open';
  return {
    id: String(n._id),
    issuerOrgId: String(n.issuerOrgId),
    issuerOrgName: n.issuerOrgName,
    issuedByName: n.issuedByName,
    issuedAt: n.issuedAt.toISOString(),
    title: n.title,
    content: n.content,
    rectifyBy: n.rectifyBy,
    state: n.state as 'open' | 'closed',
    overdue: open && now.getTime() > n.dueAt.getTime() && n.orgs.some((o) => !o.respondedAt),
    items: n.items.map((i) => ({
      orgId: String(i.orgId),
      orgName: i.orgName,
      kind: i.kind as 'compliance' | 'feedback' | 'disclosure' | 'other',
      ...(i.refId ? { refId: String(i.refId) } : {}),
      ...(i.catalogueCode ? { catalogueCode: i.catalogueCode } : {}),
      ...(i.periodKey ? { periodKey: i.periodKey } : {}),
      note: i.note,
    })),
    orgs: n.orgs.map((o) => ({
      orgId: String(o.orgId),
      orgName: o.orgName,
      respondedAt: iso(o.respondedAt),
      overdueAt: iso(o.overdueAt),
    })),
    responses: n.responses.map((r) => ({
      orgId: String(r.orgId),
      byName: r.byName ?? '',
      content: r.content ?? '',
      at: r.at!.toISOString(),
      late: r.late ?? false,
    })),
    closedAt: iso(n.closedAt),
    conclusion: n.conclusion ?? null,
  };
}

/** The inspector's org from which the notice goes out: a scope of theirs covering every named org. */
function issuerScope(actor: LoadedActor, named: OrgDoc[]): string {
  for (const org of named) ensureCan(actor, 'supervision.notice', orgTarget(org));
  const scopes = scopesFor(actor, 'supervision.notice');
  const covering = scopes.filter((s) => named.every((o) => o.path.map(String).includes(s)));
  // The deepest covering scope: a township inspector who is also a county inspector issues from the township.
  const depth = (id: string) => named[0]!.path.map(String).indexOf(id);
  const best = covering.sort((a, b) => depth(b) - depth(a))[0];
  if (!best) throw new ForbiddenError('被通报的单位须都在您的监督范围内');
  return best;
}

/** `POST /supervision/notices`. */
export async function createNotice(
  acting: Acting,
  input: CreateNotice,
  reminders: ReminderSettings,
): Promise<NoticeDoc> {
  const { actor, now } = acting;
  if (input.rectifyBy < shanghaiDate(now)) {
    throw new ValidationError('整改期限不能早于今天', [{ path: 'rectifyBy', message: '整改期限已过' }]);
  }
  const ids = [...new Set(input.items.map((i) => i.orgId))];
  const named = await Org.find({ _id: { $in: ids.map((i) => new Types.ObjectId(i)) } }).lean<OrgDoc[]>();
  if (named.length !== ids.length) throw new NotFoundError('被通报的单位不存在');
  const issuerId = issuerScope(actor, named);
  const issuer = await loadOrg(issuerId);
  const byId = new Map(named.map((o) => [String(o._id), o]));
  const dueAt = endOfShanghaiDay(input.rectifyBy);
  const notice = await Notice.create({
    issuerOrgId: issuer._id,
    issuerOrgName: issuer.name,
    issuedBy: actor.userId,
    issuedByName: actor.name,
    issuedAt: now,
    title: input.title,
    content: input.content,
    items: input.items.map((i) => ({ ...i, orgName: byId.get(i.orgId)!.name })),
    orgs: ids.map((id) => ({ orgId: id, orgName: byId.get(id)!.name })),
    orgPaths: [...new Set(named.flatMap((o) => o.path.map(String)))],
    rectifyBy: input.rectifyBy,
    dueAt,
    nextCheckAt: nextCheckAfter({ dueDate: input.rectifyBy, dueAt }, now, reminders),
  });
  await audit(acting, 'notice.issue', notice.toObject() as NoticeDoc, {
    after: { title: input.title, orgs: ids, rectifyBy: input.rectifyBy },
  });
  return notice.toObject() as NoticeDoc;
}

export async function loadNotice(id: string): Promise<NoticeDoc> {
  const n = Types.ObjectId.isValid(id) ? await Notice.findById(id).lean<NoticeDoc>() : null;
  if (!n) throw new NotFoundError('通报不存在');
  return n;
}

/** Readable by the issuing level and by staff of any named org. */
export async function ensureCanReadNotice(actor: LoadedActor, n: NoticeDoc): Promise<void> {
  const orgs = await Org.find({ _id: { $in: [n.issuerOrgId, ...n.orgs.map((o) => o.orgId)] } }).lean<
    OrgDoc[]
  >();
  const readable = orgs.some(
    (o) =>
      ensureQuiet(actor, 'notice.read', o) ||
      (String(o._id) === String(n.issuerOrgId) && ensureQuiet(actor, 'supervision.notice', o)),
  );
  if (!readable) throw new ForbiddenError('没有权限：查看通报');
}

function ensureQuiet(actor: LoadedActor, action: 'notice.read' | 'supervision.notice', org: OrgDoc): boolean {
  try {
    ensureCan(actor, action, orgTarget(org));
    return true;
  } catch {
    return false;
  }
}

/** `GET /orgs/:id/notices`: notices naming the org or an org below it, newest first. */
export async function listOrgNotices(org: OrgDoc, page: number, pageSize: number) {
  const filter = { orgPaths: org._id };
  const [items, total] = await Promise.all([
    Notice.find(filter)
      .sort({ issuedAt: -1 })
      .skip((page - 1) * pageSize)
      .limit(pageSize)
      .lean<NoticeDoc[]>(),
    Notice.countDocuments(filter),
  ]);
  return { items, total };
}

/** `POST /notices/:id/responses`: a cadre of a named org reports on the rectification. */
export async function respondToNotice(
  acting: Acting,
  n: NoticeDoc,
  input: NoticeResponse,
): Promise<NoticeDoc> {
  const { actor, now } = acting;
  const entry = n.orgs.find((o) => String(o.orgId) === input.orgId);
  if (!entry)
    throw new ValidationError('该单位不在通报名单中', [{ path: 'orgId', message: '不在通报名单中' }]);
  const org = await loadOrg(input.orgId);
  const role = ensureCan(actor, 'notice.respond', orgTarget(org));
  if (n.state !== 'open') throw new InvalidStateError('通报已办结，不能再报告整改情况');
  const late = now.getTime() > n.dueAt.getTime();
  const saved = await Notice.findOneAndUpdate(
    { _id: n._id, rev: n.rev, 'orgs.orgId': org._id },
    {
      $push: {
        responses: {
          orgId: org._id,
          byId: actor.userId,
          byName: actor.name,
          content: input.content,
          at: now,
          late,
        },
      },
      // The first report marks the org as having answered; later ones only add to the record.
      ...(entry.respondedAt ? {} : { $set: { 'orgs.$.respondedAt': now } }),
      $inc: { rev: 1 },
    },
    { returnDocument: 'after' },
  ).lean<NoticeDoc>();
  if (!saved) throw new ConflictError('通报刚被他人更新，请刷新后重试');
  await audit({ ...acting }, 'notice.respond', saved, { after: { orgId: input.orgId, late } }, role);
  return saved;
}

/** `POST /notices/:id/close`: the issuing level closes the notice with a conclusion. */
export async function closeNotice(acting: Acting, n: NoticeDoc, conclusion: string): Promise<NoticeDoc> {
  const issuer = await loadOrg(String(n.issuerOrgId));
  const role = ensureCan(acting.actor, 'supervision.notice', orgTarget(issuer));
  if (n.state !== 'open') throw new InvalidStateError('通报已办结');
  const saved = await Notice.findOneAndUpdate(
    { _id: n._id, rev: n.rev, state: 'open' },
    {
      $set: {
        state: 'closed',
        closedAt: acting.now,
        closedBy: acting.actor.userId,
        conclusion,
        nextCheckAt: null,
      },
      $inc: { rev: 1 },
    },
    { returnDocument: 'after' },
  ).lean<NoticeDoc>();
  if (!saved) throw new ConflictError('通报刚被他人更新，请刷新后重试');
  await audit(
    acting,
    'notice.close',
    saved,
    { before: { state: 'open' }, after: { state: 'closed', conclusion } },
    role,
  );
  return saved;
}

async function audit(
  acting: Acting,
  action: string,
  n: NoticeDoc,
  summary: { before?: unknown; after?: unknown },
  role = 'inspector',
): Promise<void> {
  await appendAudit({
    orgId: n.issuerOrgId as Types.ObjectId,
    actorId: acting.actor.userId,
    actorRole: role,
    action,
    target: { type: 'notice', id: String(n._id) },
    summary,
    meta: acting.meta,
    at: acting.now,
  });
}
