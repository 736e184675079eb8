import { Types } from 'mongoose';
import { can, NotFoundError, type Action, type Target } from '@sanwu/shared';
import { ensureCan, type LoadedActor } from '../policy/authorize';
import { Feedback, type FeedbackDoc } from './feedback.model';
import type { FeedbackView } from './feedback.mapper';

/** The policy target of the org that handles the item now (and of its author, for owner rules). */
export function handlingTarget(f: FeedbackDoc): Target {
  return { orgPath: f.handlingOrgPath.map(String), ownerId: f.authorId ? String(f.authorId) : undefined };
}

function originTarget(f: FeedbackDoc): Target {
  return { orgPath: f.orgPath.map(String), ownerId: f.authorId ? String(f.authorId) : undefined };
}

/**
 * What `actor` may see of an item: the author, and cadres/supervisors/inspectors over the org it
 * was addressed to or the org handling it now, see everything; anyone sees a public item's public
 * view; nobody else learns it exists. A 反映/举报 is about the org it was filed with, so that org's
 * staff see it only if it is handed to them (or as anyone sees a public item).
 */
export function viewOf(actor: LoadedActor | undefined, f: FeedbackDoc): FeedbackView | null {
  if (
    actor &&
    (can(actor, 'feedback.read', handlingTarget(f)) ||
      (f.type !== 'report' && can(actor, 'feedback.read', originTarget(f))))
  ) {
    return 'full';
  }
  return f.public ? 'public' : null;
}

/** Loads an item or answers 404. */
export async function loadFeedback(id: string): Promise<FeedbackDoc> {
  const f = Types.ObjectId.isValid(id) ? await Feedback.findById(id).lean<FeedbackDoc>() : null;
  if (!f) throw new NotFoundError('意见不存在');
  return f;
}

/** Loads an item the actor may see in full, or 404 (a private item's existence is not revealed). */
export async function loadVisibleFeedback(actor: LoadedActor, id: string): Promise<FeedbackDoc> {
  const f = await loadFeedback(id);
  if (viewOf(actor, f) === null) throw new NotFoundError('意见不存在');
  return f;
}

/** ensureCan against the handling org; returns the role that allowed it. */
export function ensureOnItem(actor: LoadedActor, action: Action, f: FeedbackDoc) {
  return ensureCan(actor, action, handlingTarget(f));
}
