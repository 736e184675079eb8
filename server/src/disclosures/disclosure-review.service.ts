import { Types } from 'mongoose';
import {
  blocksPlainText,
  ConflictError,
  ForbiddenError,
  InvalidStateError,
  maskBlocks,
  type Block,
  type Review,
} from '@sanwu/shared';
import { Org, type OrgDoc } from '../orgs/org.model';
import { contentDigest, nextLink, signersOf } from './disclosure-chain';
import type { DisclosureDoc, VersionDoc } from './disclosure.model';
import { nextStage, reviewPlanFor } from './disclosure-review-plan';
import { publicationFacts } from './disclosure-rules';
import { ensureOn, latestVersion, saveGuarded, transition, type Acting } from './disclosure-store';
import { appCalendar } from '../calendar/calendar.service';

// Review (审核签章) and publication (DOMAIN.md "Workflow"; seed 000 篇二 四: 逐项审核签章).

function approvalsOf(version: VersionDoc): number {
  return version.signatures.filter((s) => s.round === version.round && s.decision === 'approve').length;
}

/** Title and masked text of a version as the public list searches it (never the unmasked names). */
export function publicSearchFields(content: VersionDoc['content']) {
  const blocks = maskBlocks(content.blocks as Block[]);
  return { publicTitle: content.title, searchText: `${content.title}\n${blocksPlainText(blocks)}` };
}

/**
 * `POST /disclosures/:id/reviews`: one member signs or rejects. Signing needs the review role over
 * the org (a supervisor of another village gets 403) and, where a roster exists, membership of it.
 * Reaching the quorum approves the version; any rejection sends it back with its comment.
 */
export async function reviewDisclosure(
  acting: Acting,
  doc: DisclosureDoc,
  input: Review,
): Promise<DisclosureDoc> {
  const role = ensureOn(acting.actor, 'disclosure.review', doc);
  const index = doc.versions.length - 1;
  const version = latestVersion(doc);
  if (version.state !== 'in_review')
    transition(version.state, input.decision === 'approve' ? 'approve_quorum' : 'reject', role);
  const org = await Org.findById(doc.orgId).lean<OrgDoc>();
  const plan = reviewPlanFor(org!);
  if (plan.roster.length > 0 && !plan.roster.includes(acting.actor.userId)) {
    throw new ForbiddenError('您不是本组织三务公开监督小组成员，不能审核签章');
  }
  const round = version.signatures.filter((s) => s.round === version.round);
  if (round.some((s) => String(s.userId) === acting.actor.userId)) {
    throw new ConflictError('您已在本轮审核中签署过意见');
  }
  const approvals = approvalsOf(version);
  const signature = {
    userId: new Types.ObjectId(acting.actor.userId),
    name: acting.actor.name,
    stage: nextStage(plan, approvals),
    decision: input.decision,
    comment: input.comment ?? null,
    round: version.round,
    at: acting.now,
  };
  let state = version.state;
  if (input.decision === 'reject') state = transition(state, 'reject', role).state;
  else if (approvals + 1 >= version.requiredSignatures)
    state = transition(state, 'approve_quorum', role).state;
  const saved = await saveGuarded(
    doc,
    {
      $push: { [`versions.${index}.signatures`]: signature },
      $set: {
        state,
        [`versions.${index}.state`]: state,
        ...(state === 'approved' && { [`versions.${index}.approvedAt`]: acting.now }),
      },
    },
    {
      acting,
      role,
      action: 'disclosure.review',
      summary: {
        before: { state: version.state, approvals },
        after: { state, decision: input.decision, stage: signature.stage, comment: signature.comment },
      },
    },
  );
  return saved;
}

/**
 * `POST /disclosures/:id/publish`: only an approved version (the quorum reached). Stamps the time,
 * fixes the display and 公示 windows, records lateness against the publish-by date, and appends the
 * version's link to the public hash chain.
 */
export async function publishDisclosure(acting: Acting, doc: DisclosureDoc): Promise<DisclosureDoc> {
  const role = ensureOn(acting.actor, 'disclosure.publish', doc);
  const index = doc.versions.length - 1;
  const version = latestVersion(doc);
  if (version.state === 'in_review') {
    throw new InvalidStateError(
      `审核签章未达到规定人数（已签 ${approvalsOf(version)} 人，需 ${version.requiredSignatures} 人），不能发布`,
    );
  }
  const state = transition(version.state, 'publish', role).state;
  const facts = publicationFacts(
    {
      timing: doc.timing,
      publicNoticeDays: doc.publicNoticeDays ?? null,
      publishBy: doc.publishBy ?? null,
      publishByAt: doc.publishByAt ?? null,
    },
    acting.now,
    appCalendar(),
  );
  const link = nextLink(doc, {
    kind: 'publish',
    versionNo: version.no,
    reason: version.reason ?? null,
    at: acting.now,
    actorId: acting.actor.userId,
    contentDigest: contentDigest(version.content),
    signers: signersOf(version),
    target: null,
  });
  const first = !doc.firstPublishedAt;
  const saved = await saveGuarded(
    doc,
    {
      $push: { chain: link },
      $set: {
        state,
        public: true,
        ...publicSearchFields(version.content),
        [`versions.${index}.state`]: state,
        [`versions.${index}.publishedAt`]: acting.now,
        [`versions.${index}.publishedBy`]: new Types.ObjectId(acting.actor.userId),
        [`versions.${index}.contentHash`]: link.hash,
        [`versions.${index}.previousHash`]: link.previousHash,
        lastPublishedAt: acting.now,
        displayUntil: facts.displayUntil,
        noticeWindowEnd: facts.noticeWindowEnd,
        // Timeliness is judged on the first publication; a correction does not make it late or on time.
        ...(first && { firstPublishedAt: acting.now, late: facts.late, lateWorkdays: facts.lateWorkdays }),
      },
    },
    {
      acting,
      role,
      action: 'disclosure.publish',
      summary: {
        before: { state: version.state },
        after: { state, versionNo: version.no, contentHash: link.hash, late: first ? facts.late : doc.late },
      },
    },
  );
  return saved;
}
