import type { TransitionActor } from './actors';

/** Conditions a rule may require beyond state, event and actor. */
export type TransitionGuard = 'overdue';

/** Facts the caller knows that guards depend on (computed with e.g. `isOverdue(item, now)`). */
export interface TransitionContext {
  /** The item's answer deadline has passed (DOMAIN.md "Supervision": overdue is derived, never stored). */
  overdue?: boolean;
}

/** One legal move: in `from`, `event` by one of `actors` leads to `to` (CONVENTIONS.md "Domain rules"). */
export interface TransitionRule<S extends string, E extends string> {
  readonly from: S;
  readonly event: E;
  readonly to: S;
  readonly actors: readonly TransitionActor[];
  /** Extra condition, checked against the {@link TransitionContext}. */
  readonly guard?: TransitionGuard;
  /** The state a newly created sibling record starts in (a correction's new version). */
  readonly spawns?: S;
}

/**
 * Why a transition was refused. `INVALID_STATE`: the event is not possible in this state (or its guard
 * does not hold); `FORBIDDEN`: possible, but not for this actor. The codes match the API's error codes.
 */
export interface TransitionError<S extends string, E extends string> {
  code: 'INVALID_STATE' | 'FORBIDDEN';
  message: string;
  state: S;
  event: E;
  actor: TransitionActor;
  /** Actors who may do this (FORBIDDEN only). */
  allowedActors?: readonly TransitionActor[];
  /** The guard that failed (INVALID_STATE only). */
  guard?: TransitionGuard;
}

/** Outcome of a transition: the next state, or a typed error — never thrown (CONVENTIONS.md "Domain rules"). */
export type TransitionResult<S extends string, E extends string> =
  { ok: true; state: S; spawns?: S } | { ok: false; error: TransitionError<S, E> };

/** Applies a declarative table; shared by the disclosure and feedback machines. */
export function runTransition<S extends string, E extends string>(
  table: readonly TransitionRule<S, E>[],
  state: S,
  event: E,
  actor: TransitionActor,
  context: TransitionContext = {},
): TransitionResult<S, E> {
  const rule = table.find((r) => r.from === state && r.event === event);
  if (!rule) {
    return {
      ok: false,
      error: { code: 'INVALID_STATE', message: `cannot ${event} when ${state}`, state, event, actor },
    };
  }
  if (!rule.actors.includes(actor)) {
    return {
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message: `${actor} may not ${event} when ${state}`,
        state,
        event,
        actor,
        allowedActors: rule.actors,
      },
    };
  }
  if (rule.guard === 'overdue' && context.overdue !== true) {
    return {
      ok: false,
      error: {
        code: 'INVALID_STATE',
        message: `cannot ${event} when ${state} before the deadline has passed`,
        state,
        event,
        actor,
        guard: rule.guard,
      },
    };
  }
  return rule.spawns ? { ok: true, state: rule.to, spawns: rule.spawns } : { ok: true, state: rule.to };
}

/** Events `actor` may fire in `state` given `context` — what buttons to show. */
export function eventsAvailable<S extends string, E extends string>(
  table: readonly TransitionRule<S, E>[],
  state: S,
  actor: TransitionActor,
  context: TransitionContext = {},
): E[] {
  return table
    .filter(
      (r) =>
        r.from === state && r.actors.includes(actor) && (r.guard !== 'overdue' || context.overdue === true),
    )
    .map((r) => r.event);
}
