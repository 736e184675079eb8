import {
  addCalendarDays,
  addMonths,
  addWorkdays,
  endOfShanghaiDay,
  nextWorkdayOnOrAfter,
  shanghaiDate,
  type Calendar,
  type DateString,
} from '../calendar';
import type { DuePolicy } from './due-policy';

/** When something is due: the Asia/Shanghai date, its last millisecond, and whether it rests on guessed days. */
export interface Due {
  /** The last day of the period, `YYYY-MM-DD` in Asia/Shanghai. */
  dueDate: DateString;
  /** `dueDate`T23:59:59.999+08:00 — "a due date means the end of that day" (DOMAIN.md "Calendar"). */
  dueAt: Date;
  /** True when any day used lies in a year the calendar does not cover (DOMAIN.md "Calendar"). */
  provisional: boolean;
}

/**
 * The deadline of a period that starts at the instant `start` (DOMAIN.md "Feedback" deadlines, "Calendar").
 * - The day of `start` in Asia/Shanghai is not counted (民法典 第二百零一条: 开始的当日不计入).
 * - `workdays` counts official working days only, 调休 included.
 * - `calendarDays` and `months` whose last day is not a working day end on the next working day
 *   (民法典 第二百零三条: 最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日).
 * - `months` lands on the same day of the month, or the month's last day when there is none
 *   (民法典 第二百零二条: 2026-01-31 + 1 month → 2026-02-28, 2028-01-31 → 2028-02-29).
 * - `dueAt` is the last millisecond of `dueDate` in Asia/Shanghai (第二百零三条: 截止时间为二十四时).
 * - `provisional` when any day examined lies in an uncovered year (weekdays were assumed).
 */
export function computeDue(policy: DuePolicy, start: Date, cal: Calendar): Due {
  const startDate = shanghaiDate(start);
  let result: { date: DateString; provisional: boolean };
  switch (policy.unit) {
    case 'workdays':
      result = addWorkdays(cal, startDate, policy.amount);
      break;
    case 'calendarDays':
      result = nextWorkdayOnOrAfter(cal, addCalendarDays(startDate, policy.amount));
      break;
    case 'months':
      result = nextWorkdayOnOrAfter(cal, addMonths(startDate, policy.amount));
      break;
  }
  return {
    dueDate: result.date,
    dueAt: endOfShanghaiDay(result.date),
    provisional: result.provisional,
  };
}
