import type { Calendar } from '../calendar';
import { computeDue, type Due } from './compute-due';
import type { DuePolicy } from './due-policy';

/** Timing classes of a disclosure (DOMAIN.md "Disclosures → Timing class", seed 000 篇一 七). */
export const TIMING_CLASSES = ['longTerm', 'periodic', 'immediate'] as const;

/** 长期 / 定期 / 即时 (DOMAIN.md "Timing class"). */
export type TimingClass = (typeof TIMING_CLASSES)[number];

/** A timing class, or `publicNotice` for a 公示 (e.g. party-member development, DOMAIN.md "Timing class"). */
export type DisplayKind = TimingClass | 'publicNotice';

/** How fast an item must go up and how long it must stay up. */
export interface DisclosureTiming {
  /**
   * Deadline to publish, counted from the day the matter is settled — or, for periodic items, from the end
   * of the period (DOMAIN.md "Supervision": "last month's finances not out within 5 working days of month
   * end"). `null` when the source sets none.
   */
  publishWithin: Readonly<DuePolicy> | null;
  /** Minimum display period, counted from the day of publication; `null` = kept until changed. */
  minDisplay: Readonly<DuePolicy> | null;
}

/**
 * Publication and display rules per timing class (DOMAIN.md "Timing class", seed 000 篇一 七):
 * long-term: within 5 working days, kept until changed; periodic: quarterly/half-yearly (villages monthly
 * for finances), displayed ≥ 30 working days; immediate: within 5 working days, displayed ≥ 20 working days;
 * 公示: ≥ 7 days (seed 003). The seed's "7 days" are read as calendar days.
 */
export const DISCLOSURE_TIMING: Readonly<Record<DisplayKind, Readonly<DisclosureTiming>>> = Object.freeze({
  longTerm: { publishWithin: { unit: 'workdays', amount: 5 }, minDisplay: null },
  periodic: { publishWithin: { unit: 'workdays', amount: 5 }, minDisplay: { unit: 'workdays', amount: 30 } },
  immediate: { publishWithin: { unit: 'workdays', amount: 5 }, minDisplay: { unit: 'workdays', amount: 20 } },
  publicNotice: { publishWithin: null, minDisplay: { unit: 'calendarDays', amount: 7 } },
});

/**
 * The earliest a published item may come down: its minimum display window counted like any period —
 * publication day not counted, ending on a working day (DOMAIN.md "Timing class"; 民法典 第二百零一/二百零三条).
 * `null` for long-term items, which stay up until changed. Pass `policy` to override the default window.
 */
export function displayWindowEnd(
  kind: DisplayKind,
  publishedAt: Date,
  cal: Calendar,
  policy: Readonly<DuePolicy> | null = DISCLOSURE_TIMING[kind].minDisplay,
): Due | null {
  return policy ? computeDue(policy, publishedAt, cal) : null;
}

/**
 * The publish-by deadline of an item whose matter was settled at `settledAt` (long-term and immediate:
 * "须在公开事项确定之日起5个工作日内公开", DOMAIN.md "Timing class"). `null` when the kind sets none.
 */
export function publishDeadline(kind: DisplayKind, settledAt: Date, cal: Calendar): Due | null {
  const policy = DISCLOSURE_TIMING[kind].publishWithin;
  return policy ? computeDue(policy, settledAt, cal) : null;
}
