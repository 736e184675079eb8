import { Types } from 'mongoose';
import {
  InvalidStateError,
  NotFoundError,
  REDACTED_TEXT,
  ValidationError,
  type Block,
  type Correction,
  type RedactionTarget,
  type RequestRedaction,
} from '@sanwu/shared';
import { Org, type OrgDoc } from '../orgs/org.model';
import { checkAttachmentRefs } from './attachment-refs';
import { contentDigest, nextLink, normalizeContent } from './disclosure-chain';
import type { DisclosureDoc, VersionDoc } from './disclosure.model';
import { reviewPlanFor } from './disclosure-review-plan';
import { publicSearchFields } from './disclosure-review.service';
import {
  checkedFinance,
  ensureOn,
  latestVersion,
  saveGuarded,
  transition,
  type Acting,
} from './disclosure-store';

// Changes to published items: corrections (a new, re-reviewed version), revocation, and the one
// permitted change to published text — an explained redaction approved by a supervisor.
// DOMAIN.md "Workflow": published text is never edited in place; every version stays visible.

/** `POST /disclosures/:id/corrections`: supersedes the published version; the new one goes to review. */
export async function correctDisclosure(
  acting: Acting,
  doc: DisclosureDoc,
  input: Correction,
): Promise<DisclosureDoc> {
  const role = ensureOn(acting.actor, 'disclosure.draft', doc);
  const index = doc.versions.length - 1;
  const current = latestVersion(doc);
  const result = transition(current.state, 'correct', role);
  await checkAttachmentRefs(doc.orgId, input.attachments);
  const org = await Org.findById(doc.orgId).lean<OrgDoc>();
  const next = {
    no: current.no + 1,
    kind: 'correction',
    state: result.spawns!,
    reason: input.reason,
    content: normalizeContent({
      title: input.title,
      blocks: input.blocks,
      attachments: input.attachments ?? [],
      finance: checkedFinance(input.finance),
    }),
    round: 1,
    requiredSignatures: reviewPlanFor(org!).required,
    createdBy: new Types.ObjectId(acting.actor.userId),
    submittedAt: acting.now,
  };
  // NOTE: `$push` next to `$set` on an element of the same array is a conflict in MongoDB; setting
  // the index one past the end appends instead (the revision guard makes the index safe).
  const saved = await saveGuarded(
    doc,
    {
      $set: { state: next.state, [`versions.${index}.state`]: result.state, [`versions.${index + 1}`]: next },
    },
    {
      acting,
      role,
      action: 'disclosure.correct',
      summary: {
        before: { versionNo: current.no, state: current.state },
        after: { versionNo: next.no, state: next.state, reason: input.reason },
      },
    },
  );
  return saved;
}

/** `POST /disclosures/:id/revoke`: withdraws the published version with its reason (it stays visible). */
export async function revokeDisclosure(
  acting: Acting,
  doc: DisclosureDoc,
  reason: string,
): Promise<DisclosureDoc> {
  const role = ensureOn(acting.actor, 'disclosure.publish', doc);
  const index = doc.versions.length - 1;
  const current = latestVersion(doc);
  const state = transition(current.state, 'revoke', role).state;
  const link = nextLink(doc, {
    kind: 'revoke',
    versionNo: current.no,
    reason,
    at: acting.now,
    actorId: acting.actor.userId,
    contentDigest: null,
    signers: [],
    target: null,
  });
  const saved = await saveGuarded(
    doc,
    {
      $push: { chain: link },
      $set: {
        state,
        [`versions.${index}.state`]: state,
        [`versions.${index}.revokedAt`]: acting.now,
        [`versions.${index}.revokeReason`]: reason,
      },
    },
    {
      acting,
      role,
      action: 'disclosure.revoke',
      summary: {
        before: { state: current.state },
        after: { state, reason, chainHash: link.hash },
      },
    },
  );
  return saved;
}

/** The content with `target` removed, or 400 when the target does not exist or is already gone. */
function redacted(version: VersionDoc, target: RedactionTarget): VersionDoc['content'] {
  const content = normalizeContent(version.content);
  if (target.kind === 'attachment') {
    const kept = content.attachments.filter((a) => a.id !== target.attachmentId);
    if (kept.length === content.attachments.length) throw new ValidationError('该版本没有这个附件');
    return { ...content, attachments: kept } as unknown as VersionDoc['content'];
  }
  const block = content.blocks[target.block] as Block | undefined;
  const column = block?.type === 'table' ? block.columns.findIndex((c) => c.key === target.column) : -1;
  const row = block?.type === 'table' ? block.rows[target.row] : undefined;
  if (block?.type !== 'table' || column < 0 || !row) throw new ValidationError('要删除的单元格不存在');
  if (row[column] === REDACTED_TEXT || row[column] === '')
    throw new ValidationError('该单元格已为空或已删除');
  row[column] = REDACTED_TEXT;
  return content as unknown as VersionDoc['content'];
}

function publishedVersion(doc: DisclosureDoc, versionNo: number): { version: VersionDoc; index: number } {
  const index = doc.versions.findIndex((v) => v.no === versionNo);
  const version = doc.versions[index];
  if (!version?.publishedAt) throw new InvalidStateError('只能删除已发布版本中的内容');
  return { version, index };
}

/** `POST /disclosures/:id/redactions`: a cadre asks to remove a leaked field or attachment. */
export async function requestRedaction(
  acting: Acting,
  doc: DisclosureDoc,
  input: RequestRedaction,
): Promise<DisclosureDoc> {
  const role = ensureOn(acting.actor, 'disclosure.draft', doc);
  redacted(publishedVersion(doc, input.versionNo).version, input.target); // validates the target now
  const request = {
    _id: new Types.ObjectId(),
    versionNo: input.versionNo,
    target: input.target,
    reason: input.reason,
    status: 'pending',
    requestedBy: new Types.ObjectId(acting.actor.userId),
    requestedByName: acting.actor.name,
    requestedAt: acting.now,
  };
  const saved = await saveGuarded(
    doc,
    { $push: { redactions: request } },
    {
      acting,
      role,
      action: 'disclosure.redaction-request',
      summary: {
        after: {
          redactionId: String(request._id),
          versionNo: input.versionNo,
          target: input.target,
          reason: input.reason,
        },
      },
    },
  );
  return saved;
}

/**
 * `POST /disclosures/:id/redactions/:rid/approve|reject`: a supervisor decides. Approval rewrites
 * only the targeted field of the stored version and appends a `redact` link carrying the reason and
 * the new content digest, so the chain still verifies and shows that — and why — it changed.
 */
export async function decideRedaction(
  acting: Acting,
  doc: DisclosureDoc,
  redactionId: string,
  approve: boolean,
): Promise<DisclosureDoc> {
  const role = ensureOn(acting.actor, 'disclosure.review', doc);
  const rIndex = doc.redactions.findIndex((r) => String((r as { _id?: unknown })._id) === redactionId);
  const request = doc.redactions[rIndex];
  if (!request) throw new NotFoundError('删除申请不存在');
  if (request.status !== 'pending') throw new InvalidStateError('该删除申请已处理');
  const decided = {
    [`redactions.${rIndex}.status`]: approve ? 'approved' : 'rejected',
    [`redactions.${rIndex}.decidedBy`]: new Types.ObjectId(acting.actor.userId),
    [`redactions.${rIndex}.decidedByName`]: acting.actor.name,
    [`redactions.${rIndex}.decidedAt`]: acting.now,
  };
  if (!approve) {
    const saved = await saveGuarded(
      doc,
      { $set: decided },
      { acting, role, action: 'disclosure.redaction-reject', summary: { after: { redactionId } } },
    );
    return saved;
  }
  const { version, index } = publishedVersion(doc, request.versionNo);
  const content = redacted(version, request.target as RedactionTarget);
  const link = nextLink(doc, {
    kind: 'redact',
    versionNo: version.no,
    reason: request.reason,
    at: acting.now,
    actorId: acting.actor.userId,
    contentDigest: contentDigest(content),
    signers: [],
    target: request.target,
  });
  const shown = doc.versions.filter((v) => v.publishedAt).at(-1);
  const saved = await saveGuarded(
    doc,
    {
      $push: { chain: link },
      $set: {
        ...decided,
        [`versions.${index}.content`]: content,
        ...(shown?.no === version.no && publicSearchFields(content)),
      },
    },
    {
      acting,
      role,
      action: 'disclosure.redact',
      summary: {
        before: { versionNo: version.no, contentDigest: contentDigest(version.content) },
        after: {
          redactionId,
          target: request.target,
          reason: request.reason,
          contentDigest: link.contentDigest,
        },
      },
    },
  );
  return saved;
}
