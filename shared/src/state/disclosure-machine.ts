import { z } from 'zod';
import type { TransitionActor } from './actors';
import { eventsAvailable, runTransition, type TransitionResult, type TransitionRule } from './machine';

/**
 * Lifecycle of one version of a disclosure (DOMAIN.md "Disclosures → Workflow", "Archive"): drafted 清样,
 * reviewed by the supervision group, published, and never edited in place afterwards.
 */
export const DISCLOSURE_STATES = [
  'draft',
  'in_review',
  'rejected',
  'approved',
  'published',
  'superseded',
  'revoked',
  'expired',
  'archived',
] as const;

/** A disclosure version's state. */
export type DisclosureState = (typeof DISCLOSURE_STATES)[number];

/** zod enum of {@link DISCLOSURE_STATES}. */
export const ZDisclosureState = z.enum(DISCLOSURE_STATES);

/** What can happen to a disclosure version (DOMAIN.md "Workflow"). */
export const DISCLOSURE_EVENTS = [
  'edit',
  'submit',
  'approve_quorum',
  'reject',
  'redraft',
  'publish',
  'correct',
  'revoke',
  'expire',
  'archive',
] as const;

/** A disclosure event. */
export type DisclosureEvent = (typeof DISCLOSURE_EVENTS)[number];

/** zod enum of {@link DISCLOSURE_EVENTS}. */
export const ZDisclosureEvent = z.enum(DISCLOSURE_EVENTS);

const ARCHIVERS: readonly TransitionActor[] = ['system', 'inspector', 'admin'];

/**
 * Every legal disclosure move (DOMAIN.md "Disclosures → Workflow", "Archive"); anything not listed is refused.
 * - cadre drafts, edits, submits, publishes, corrects and revokes;
 * - the supervision group approves (once the required signatures — the quorum — are in) or rejects
 *   (seed 000 篇二 四 逐项审核签章); a department's office/leader reviewers act as `supervisor` too;
 * - editing an approved but unpublished draft voids its signatures: back to draft for a new review;
 * - published text is never edited: `correct` supersedes it and spawns a new version that starts in review,
 *   `revoke` withdraws it (with its explanation recorded by the caller), `expire` ends its display window;
 * - only finished versions are archived (system, or inspector/admin), and the archive is final.
 */
export const DISCLOSURE_TRANSITIONS: readonly TransitionRule<DisclosureState, DisclosureEvent>[] = [
  { from: 'draft', event: 'edit', to: 'draft', actors: ['cadre'] },
  { from: 'draft', event: 'submit', to: 'in_review', actors: ['cadre'] },
  { from: 'in_review', event: 'approve_quorum', to: 'approved', actors: ['supervisor'] },
  { from: 'in_review', event: 'reject', to: 'rejected', actors: ['supervisor'] },
  { from: 'rejected', event: 'redraft', to: 'draft', actors: ['cadre'] },
  { from: 'approved', event: 'edit', to: 'draft', actors: ['cadre'] },
  { from: 'approved', event: 'publish', to: 'published', actors: ['cadre'] },
  { from: 'published', event: 'correct', to: 'superseded', actors: ['cadre'], spawns: 'in_review' },
  { from: 'published', event: 'revoke', to: 'revoked', actors: ['cadre'] },
  { from: 'published', event: 'expire', to: 'expired', actors: ['system'] },
  { from: 'expired', event: 'archive', to: 'archived', actors: ARCHIVERS },
  { from: 'superseded', event: 'archive', to: 'archived', actors: ARCHIVERS },
  { from: 'revoked', event: 'archive', to: 'archived', actors: ARCHIVERS },
];

/**
 * The next state of a disclosure version, or a typed error (never throws; DOMAIN.md "Workflow",
 * CONVENTIONS.md "Domain rules"). `correct` returns `spawns: 'in_review'`: the state of the new version.
 */
export function disclosureTransition(
  state: DisclosureState,
  event: DisclosureEvent,
  actor: TransitionActor,
): TransitionResult<DisclosureState, DisclosureEvent> {
  return runTransition(DISCLOSURE_TRANSITIONS, state, event, actor);
}

/** Events `actor` may fire on a disclosure in `state` (DOMAIN.md "Workflow") — for showing actions. */
export function disclosureEventsFor(state: DisclosureState, actor: TransitionActor): DisclosureEvent[] {
  return eventsAvailable(DISCLOSURE_TRANSITIONS, state, actor);
}

/** States after publication — shown to the public with their history (DOMAIN.md "Workflow": every version stays visible). */
export const DISCLOSURE_PUBLIC_STATES: readonly DisclosureState[] = [
  'published',
  'superseded',
  'revoked',
  'expired',
  'archived',
];
