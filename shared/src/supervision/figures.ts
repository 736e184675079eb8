import { shanghaiDate, workdaysBetween, type Calendar } from '../calendar';

// Supervision figures (DOMAIN.md "Supervision": on-time rates, overdue lists; issue 8): pure
// functions over plain facts, the calendar passed in, so the same numbers come out of the
// server's overview, the public record and the tests' hand-computed fixtures.

/** What the figures need to know about one feedback item. */
export interface FeedbackFact {
  type: string;
  state: string;
  submittedAt: Date;
  /** The deadline owed (null for objections). */
  dueAt: Date | null;
  /** The first answer (timeline `replied`), or null while unanswered. */
  answeredAt: Date | null;
  /** 1..5 when the resident rated the answer. */
  rating: number | null;
}

/**
 * Working days from submission to answer: the working days after the submission day up to and
 * including the answer day (so an answer on the same day is 0), Asia/Shanghai, with the official
 * holidays and 调休 make-up days of `cal` (DOMAIN.md "Calendar").
 * @example answerWorkdays(cal, 2026-09-29 10:00+08, 2026-10-09 10:00+08) // 3 (国庆 in between)
 */
export function answerWorkdays(cal: Calendar, submittedAt: Date, answeredAt: Date): number {
  return workdaysBetween(cal, shanghaiDate(submittedAt), shanghaiDate(answeredAt));
}

/** The median of `values` (mean of the two middle values for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The `p`-th percentile by the nearest-rank method (the smallest value with at least p% of the
 * values at or below it) — always one of the observed values, so "90% answered within N working
 * days" reads literally; null when empty.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[rank - 1]!;
}

/** A rating at or below this is "dissatisfied" (the resident may then escalate, DOMAIN.md). */
export const DISSATISFIED_MAX_SCORE = 2;

/** The answer figures of a set of items (see {@link feedbackFigures}). */
export interface FeedbackFigures {
  total: number;
  byType: Record<string, number>;
  byState: Record<string, number>;
  /** Items whose deadline has passed or that were answered: the base of the on-time rate. */
  due: number;
  answeredOnTime: number;
  answeredLate: number;
  /** Past the deadline and still unanswered at `asOf`. */
  overdueUnanswered: number;
  /** answeredOnTime / due, 0..1; null when nothing was due. */
  onTimeRate: number | null;
  answered: number;
  medianAnswerWorkdays: number | null;
  p90AnswerWorkdays: number | null;
  rated: number;
  meanRating: number | null;
  /** Share of rated answers scored ≤ {@link DISSATISFIED_MAX_SCORE}, 0..1; null when none rated. */
  dissatisfiedShare: number | null;
}

const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Counts, on-time rate, answer time (median and 90th percentile in working days) and satisfaction
 * of `items` as known at `asOf` (answers after `asOf` are not yet known). On time = first answer at
 * or before the deadline; items without a deadline (objections) count only in the totals.
 */
export function feedbackFigures(items: readonly FeedbackFact[], asOf: Date, cal: Calendar): FeedbackFigures {
  const byType: Record<string, number> = {};
  const byState: Record<string, number> = {};
  const times: number[] = [];
  const ratings: number[] = [];
  let due = 0;
  let onTime = 0;
  let late = 0;
  let overdue = 0;
  // Many items share their submission and answer days: count each pair of days once.
  const memo = new Map<string, number>();
  const workdays = (from: Date, to: Date) => {
    const key = `${shanghaiDate(from)}|${shanghaiDate(to)}`;
    let n = memo.get(key);
    if (n === undefined) memo.set(key, (n = answerWorkdays(cal, from, to)));
    return n;
  };
  for (const f of items) {
    byType[f.type] = (byType[f.type] ?? 0) + 1;
    byState[f.state] = (byState[f.state] ?? 0) + 1;
    const answeredAt = f.answeredAt && f.answeredAt.getTime() <= asOf.getTime() ? f.answeredAt : null;
    if (answeredAt) times.push(workdays(f.submittedAt, answeredAt));
    if (answeredAt && f.rating) ratings.push(f.rating);
    if (!f.dueAt) continue;
    if (answeredAt) {
      due++;
      if (answeredAt.getTime() <= f.dueAt.getTime()) onTime++;
      else late++;
    } else if (asOf.getTime() > f.dueAt.getTime()) {
      due++;
      overdue++;
    }
  }
  const mean = ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null;
  return {
    total: items.length,
    byType,
    byState,
    due,
    answeredOnTime: onTime,
    answeredLate: late,
    overdueUnanswered: overdue,
    onTimeRate: due ? round(onTime / due) : null,
    answered: times.length,
    medianAnswerWorkdays: median(times),
    p90AnswerWorkdays: percentile(times, 90),
    rated: ratings.length,
    meanRating: mean === null ? null : round(mean, 2),
    dissatisfiedShare: ratings.length
      ? round(ratings.filter((r) => r <= DISSATISFIED_MAX_SCORE).length / ratings.length)
      : null,
  };
}

/** Compliance counts of expected disclosures (statuses of `complianceOf`). */
export interface ComplianceCounts {
  expected: number;
  onTime: number;
  late: number;
  missing: number;
  notYetDue: number;
}

/** Tallies `complianceOf` entries by status. */
export function complianceCounts(entries: readonly { status: string }[]): ComplianceCounts {
  const c: ComplianceCounts = { expected: entries.length, onTime: 0, late: 0, missing: 0, notYetDue: 0 };
  for (const e of entries) {
    if (e.status === 'onTime') c.onTime++;
    else if (e.status === 'late') c.late++;
    else if (e.status === 'missing') c.missing++;
    else c.notYetDue++;
  }
  return c;
}
