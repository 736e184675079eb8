import { z } from 'zod';

/**
 * Who can drive a workflow: the roles of DOMAIN.md "People (roles)" plus `system` for scheduled moves
 * (display windows ending, automatic closing). Kept apart from the identity roles on purpose: `system`
 * is not a role anyone can be granted.
 */
export const TRANSITION_ACTORS = ['resident', 'cadre', 'supervisor', 'inspector', 'admin', 'system'] as const;

/** An actor of a state transition (DOMAIN.md "People (roles)"). */
export type TransitionActor = (typeof TRANSITION_ACTORS)[number];

/** zod enum of {@link TRANSITION_ACTORS}. */
export const ZTransitionActor = z.enum(TRANSITION_ACTORS);
