import { z } from 'zod';

/** Units a deadline can be counted in (DOMAIN.md "Feedback" and "Disclosures → Timing class"). */
export const DUE_UNITS = ['calendarDays', 'workdays', 'months'] as const;

/** A deadline's counting unit. */
export type DueUnit = (typeof DUE_UNITS)[number];

/** zod enum of {@link DUE_UNITS}. */
export const ZDueUnit = z.enum(DUE_UNITS);

/**
 * zod schema for a deadline policy, e.g. `{ unit: 'calendarDays', amount: 15 }` — every number in DOMAIN.md
 * is a per-organisation policy setting ("Where the product must choose a number … every one of them is a
 * per-organisation policy setting"), so policies are data, validated like any input.
 */
export const ZDuePolicy = z.object({
  unit: ZDueUnit,
  amount: z.number().int().positive().max(3660),
});

/** A deadline policy: `amount` units counted from the day after the start (DOMAIN.md "Feedback"). */
export type DuePolicy = z.infer<typeof ZDuePolicy>;
