import { Types, type UpdateQuery } from 'mongoose';
import {
  checkFinanceStatement,
  ConflictError,
  disclosureTransition,
  ForbiddenError,
  InvalidStateError,
  NotFoundError,
  ValidationError,
  type Action,
  type DisclosureEvent,
  type DisclosureState,
  type FinanceStatement,
  type TransitionActor,
} from '@sanwu/shared';
import { ensureDisclosureWritable } from '../archive/archive-guard';
import { appendAudit, type RequestMeta } from '../audit/audit.service';
import { oweAudit, type OwedAudit } from '../audit/audits-owed';
import { readById } from '../db/read-by-id';
import { ensureCan, loadOrg, orgTarget, type LoadedActor } from '../policy/authorize';
import type { OrgDoc } from '../orgs/org.model';
import { Disclosure, type DisclosureDoc, type VersionDoc } from './disclosure.model';

// Loading, guarded saving, transitions and auditing: the plumbing every disclosure service shares.

/** Who acts, from where, and when (the app clock). */
export interface Acting {
  actor: LoadedActor;
  meta: RequestMeta;
  now: Date;
}

const WITHOUT_SEARCH_TEXT = { searchText: 0 } as const;

export async function loadDisclosure(id: string): Promise<DisclosureDoc> {
  // One find command, like the caller and the org (db/read-by-id): every detail read starts here.
  // Without the search text, a second copy of the item's text only the list's keyword filter reads.
  const doc = Types.ObjectId.isValid(id)
    ? await readById<DisclosureDoc>(Disclosure, new Types.ObjectId(id), WITHOUT_SEARCH_TEXT)
    : null;
  if (!doc) throw new NotFoundError('公开事项不存在');
  return doc;
}

/** The policy target of a disclosure: its org's path. */
export function disclosureTarget(doc: Pick<DisclosureDoc, 'orgPath'>) {
  return { orgPath: doc.orgPath.map(String) };
}

/** ensureCan on the disclosure's org; returns the role that allowed it, as a transition actor. */
export function ensureOn(
  actor: LoadedActor,
  action: Action,
  doc: Pick<DisclosureDoc, 'orgPath'>,
): TransitionActor {
  return ensureCan(actor, action, disclosureTarget(doc)) as TransitionActor;
}

/** Loads the org and checks `action` over it. */
export async function orgFor(
  actor: LoadedActor,
  action: Action,
  orgId: string,
): Promise<{ org: OrgDoc; role: TransitionActor }> {
  const org = await loadOrg(orgId);
  return { org, role: ensureCan(actor, action, orgTarget(org)) as TransitionActor };
}

export function latestVersion(doc: Pick<DisclosureDoc, 'versions'>): VersionDoc {
  return doc.versions[doc.versions.length - 1]!;
}

const STATE_LABELS: Record<DisclosureState, string> = {
  draft: '草稿',
  in_review: '审核中',
  rejected: '已退回',
  approved: '已审核通过',
  published: '已发布',
  superseded: '已被更正',
  revoked: '已撤回',
  expired: '已过公开期',
  archived: '已归档',
};
const EVENT_LABELS: Record<DisclosureEvent, string> = {
  edit: '修改',
  submit: '提交审核',
  approve_quorum: '审核通过',
  reject: '退回',
  redraft: '重新起草',
  publish: '发布',
  correct: '更正',
  revoke: '撤回',
  expire: '到期下架',
  archive: '归档',
};

/** The shared state machine, with its refusals as the API's errors in Chinese. */
export function transition(state: DisclosureState, event: DisclosureEvent, actor: TransitionActor) {
  const result = disclosureTransition(state, event, actor);
  if (result.ok) return result;
  const what = `${STATE_LABELS[state]}的公开事项不能${EVENT_LABELS[event]}`;
  if (result.error.code === 'FORBIDDEN') throw new ForbiddenError(`没有权限：${what}`);
  throw new InvalidStateError(what);
}

/** The audit entry a change of a disclosure owes. */
export interface DisclosureAudit {
  acting: Acting;
  role: string;
  action: string;
  summary: { before?: unknown; after?: unknown };
}

/** The note of the entry `audit` owes, to store with the change (audit/audits-owed.ts). */
export function disclosureAuditNote(
  audit: DisclosureAudit,
  doc: Pick<DisclosureDoc, '_id' | 'orgId'>,
): OwedAudit {
  const { acting } = audit;
  return oweAudit(
    {
      orgId: doc.orgId,
      actorId: acting.actor.userId,
      actorRole: audit.role,
      action: audit.action,
      target: { type: 'disclosure', id: String(doc._id) },
      summary: audit.summary,
      meta: acting.meta,
      at: acting.now,
    },
    acting.now,
  );
}

/**
 * Writes `update` only if nobody wrote the item since it was loaded (`revision`), so concurrent
 * reviews or edits never overwrite each other: the loser gets 409 and retries on fresh data. The
 * update carries the audit entry it owes, which is appended next.
 */
export async function saveGuarded(
  doc: DisclosureDoc,
  update: UpdateQuery<DisclosureDoc>,
  audit: DisclosureAudit,
): Promise<DisclosureDoc> {
  await ensureDisclosureWritable(doc); // an archived year is read-only (archive/archive-guard.ts)
  const owed = disclosureAuditNote(audit, doc);
  const saved = await Disclosure.findOneAndUpdate(
    { _id: doc._id, revision: doc.revision },
    { ...update, $push: { ...update.$push, auditsOwed: owed }, $inc: { revision: 1 } },
    { returnDocument: 'after' },
  ).lean<DisclosureDoc>();
  if (!saved) throw new ConflictError('公开事项已被他人修改，请刷新后重试');
  await appendAudit(owed.entry);
  return saved;
}

/**
 * A finance statement checked line by line and reconciled; a faulty one is refused with every row
 * at fault (issue 6: "totals must reconcile or the draft is refused with the rows at fault").
 */
export function checkedFinance(input: unknown): FinanceStatement | null {
  if (input === undefined || input === null) return null;
  const { report, statement } = checkFinanceStatement(input);
  if (report.ok && statement) return statement;
  throw new ValidationError(
    '财务公开表有误或收支不平衡，请按提示修改',
    report.problems.map((p) => ({
      path: p.row === null ? `finance.${p.field}` : `finance.lines.${p.row - 1}.${p.field}`,
      message: p.row === null ? p.message : `第 ${p.row} 行：${p.message}`,
    })),
  );
}
