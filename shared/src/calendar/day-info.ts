import { isCovered, isWorkday, type Calendar } from './calendar';
import { addCalendarDays, compareDates, dayNumber, dayOfWeek, type DateString } from './date-string';

/** What the calendar says about one day (DOMAIN.md "Calendar"). */
export interface DayInfo {
  date: DateString;
  workday: boolean;
  /** An official holiday that falls on a weekday — the weekend otherwise would have been worked. */
  holiday: boolean;
  /** A 调休 make-up working day on a weekend. */
  makeUpWorkday: boolean;
  /** The year is not covered: `workday` is the Monday–Friday guess. */
  provisional: boolean;
}

/** Details of one day: working or not, and why (DOMAIN.md "Calendar": "including 调休 make-up working weekends"). */
export function dayInfo(cal: Calendar, date: DateString): DayInfo {
  const workday = isWorkday(cal, date);
  const weekend = dayOfWeek(date) === 0 || dayOfWeek(date) === 6;
  return {
    date,
    workday,
    holiday: !workday && !weekend,
    makeUpWorkday: workday && weekend,
    provisional: !isCovered(cal, date),
  };
}

/** Longest range {@link daysInRange} lists — ten years; a guard against accidental huge queries. */
export const MAX_RANGE_DAYS = 3660;

/**
 * {@link dayInfo} for every day from `from` to `to` inclusive (DOMAIN.md "Calendar"; API `GET /calendar/workdays`).
 * Empty when `to` < `from`; throws RangeError beyond {@link MAX_RANGE_DAYS} days.
 */
export function daysInRange(cal: Calendar, from: DateString, to: DateString): DayInfo[] {
  const span = dayNumber(to) - dayNumber(from) + 1;
  if (span > MAX_RANGE_DAYS) throw new RangeError(`daysInRange: at most ${MAX_RANGE_DAYS} days`);
  const out: DayInfo[] = [];
  for (let d = from; compareDates(d, to) <= 0; d = addCalendarDays(d, 1)) out.push(dayInfo(cal, d));
  return out;
}
