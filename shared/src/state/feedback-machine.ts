import { z } from 'zod';
import type { TransitionActor } from './actors';
import {
  eventsAvailable,
  runTransition,
  type TransitionContext,
  type TransitionResult,
  type TransitionRule,
} from './machine';

/** Lifecycle of a feedback item 群众意见 (DOMAIN.md "Feedback"). Overdue is not a state: see {@link isOverdue}. */
export const FEEDBACK_STATES = [
  'submitted',
  'accepted',
  'transferred',
  'answered',
  'rated',
  'escalated',
  'closed',
] as const;

/** A feedback item's state. */
export type FeedbackState = (typeof FEEDBACK_STATES)[number];

/** zod enum of {@link FEEDBACK_STATES}. */
export const ZFeedbackState = z.enum(FEEDBACK_STATES);

/** What can happen to a feedback item (DOMAIN.md "Feedback"). */
export const FEEDBACK_EVENTS = [
  'accept',
  'transfer',
  'reply',
  'rate',
  'escalate',
  'close',
  'reopen',
] as const;

/** A feedback event. */
export type FeedbackEvent = (typeof FEEDBACK_EVENTS)[number];

/** zod enum of {@link FEEDBACK_EVENTS}. */
export const ZFeedbackEvent = z.enum(FEEDBACK_EVENTS);

/** States in which someone owes the resident an answer — the only states that can be overdue. */
export const FEEDBACK_AWAITING_ANSWER: readonly FeedbackState[] = [
  'submitted',
  'accepted',
  'transferred',
  'escalated',
];

/**
 * Every legal feedback move (DOMAIN.md "Feedback", "Supervision"); anything not listed is refused.
 * - cadre accepts, answers (on the spot, straight from `submitted`, is allowed) or transfers a misrouted
 *   item under 首问负责制; a transferred item stays open in the receiving org, which accepts, answers or
 *   transfers it again;
 * - the resident rates an answer, and may escalate to the level above when dissatisfied with it
 *   (answered/rated) or when the deadline passed unanswered (guard `overdue`) — seed 000 篇二 四;
 * - the inspector handles escalated items: answers, hands back to an org (transfer) or closes; further
 *   escalation when the inspector is overdue goes one level up again;
 * - cadre or system (after the rating period) closes answered items; an inspector may reopen a closed
 *   item for rectification (DOMAIN.md "Supervision": order a rectification).
 */
export const FEEDBACK_TRANSITIONS: readonly TransitionRule<FeedbackState, FeedbackEvent>[] = [
  { from: 'submitted', event: 'accept', to: 'accepted', actors: ['cadre'] },
  { from: 'submitted', event: 'transfer', to: 'transferred', actors: ['cadre'] },
  { from: 'submitted', event: 'reply', to: 'answered', actors: ['cadre'] },
  { from: 'submitted', event: 'escalate', to: 'escalated', actors: ['resident'], guard: 'overdue' },
  { from: 'accepted', event: 'transfer', to: 'transferred', actors: ['cadre'] },
  { from: 'accepted', event: 'reply', to: 'answered', actors: ['cadre'] },
  { from: 'accepted', event: 'escalate', to: 'escalated', actors: ['resident'], guard: 'overdue' },
  { from: 'transferred', event: 'accept', to: 'accepted', actors: ['cadre'] },
  { from: 'transferred', event: 'transfer', to: 'transferred', actors: ['cadre'] },
  { from: 'transferred', event: 'reply', to: 'answered', actors: ['cadre'] },
  { from: 'transferred', event: 'escalate', to: 'escalated', actors: ['resident'], guard: 'overdue' },
  { from: 'answered', event: 'rate', to: 'rated', actors: ['resident'] },
  { from: 'answered', event: 'escalate', to: 'escalated', actors: ['resident'] },
  { from: 'answered', event: 'close', to: 'closed', actors: ['cadre', 'system'] },
  { from: 'rated', event: 'escalate', to: 'escalated', actors: ['resident'] },
  { from: 'rated', event: 'close', to: 'closed', actors: ['cadre', 'system'] },
  { from: 'escalated', event: 'reply', to: 'answered', actors: ['inspector'] },
  { from: 'escalated', event: 'transfer', to: 'transferred', actors: ['inspector'] },
  { from: 'escalated', event: 'escalate', to: 'escalated', actors: ['resident'], guard: 'overdue' },
  { from: 'escalated', event: 'close', to: 'closed', actors: ['inspector'] },
  { from: 'closed', event: 'reopen', to: 'accepted', actors: ['inspector'] },
];

/**
 * The next state of a feedback item, or a typed error (never throws; DOMAIN.md "Feedback", CONVENTIONS.md
 * "Domain rules"). Escalating an unanswered item needs `context.overdue` — compute it with {@link isOverdue}.
 */
export function feedbackTransition(
  state: FeedbackState,
  event: FeedbackEvent,
  actor: TransitionActor,
  context: TransitionContext = {},
): TransitionResult<FeedbackState, FeedbackEvent> {
  return runTransition(FEEDBACK_TRANSITIONS, state, event, actor, context);
}

/** Events `actor` may fire on a feedback item in `state` (DOMAIN.md "Feedback") — for showing actions. */
export function feedbackEventsFor(
  state: FeedbackState,
  actor: TransitionActor,
  context: TransitionContext = {},
): FeedbackEvent[] {
  return eventsAvailable(FEEDBACK_TRANSITIONS, state, actor, context);
}

/** True when the item is closed — nothing is owed and nothing can happen except an inspector's reopen. */
export function isFeedbackTerminal(state: FeedbackState): boolean {
  return state === 'closed';
}

/** What {@link isOverdue} needs of a feedback item. */
export interface OverdueCheckable {
  state: FeedbackState;
  /** Answer deadline (`computeDue(...).dueAt`); none for kinds without one (e.g. objections). */
  dueAt?: Date | null;
}

/**
 * Whether an answer is overdue at `now`: the item still awaits an answer and `now` is past `dueAt`, the last
 * millisecond of the due day (DOMAIN.md "Supervision": overdue warnings; "Calendar": a due date means the
 * end of that day). Derived on every read, never stored, so it cannot go stale.
 */
export function isOverdue(item: OverdueCheckable, now: Date): boolean {
  if (!item.dueAt || !FEEDBACK_AWAITING_ANSWER.includes(item.state)) return false;
  return now.getTime() > item.dueAt.getTime();
}
