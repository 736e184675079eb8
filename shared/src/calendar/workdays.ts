import { isCovered, isWorkday, type Calendar } from './calendar';
import {
  addCalendarDays,
  compareDates,
  dayNumber,
  formatDate,
  fromDayNumber,
  yearOf,
  type DateString,
} from './date-string';
import { shanghaiDate } from './shanghai-time';

/** A date computed from the calendar; `provisional` when a day it depended on lies in an uncovered year. */
export interface CalendarResult {
  date: DateString;
  provisional: boolean;
}

/**
 * The `n`-th working day after `date` (`date` itself is never counted — 民法典 第二百零一条, DOMAIN.md
 * "Calendar"). `n = 0` returns `date`; a negative `n` counts backwards. `provisional` is true when any day
 * examined lies in a year `cal` does not cover (DOMAIN.md "Calendar": "computed on weekdays and flagged").
 */
export function addWorkdays(cal: Calendar, date: DateString, n: number): CalendarResult {
  if (!Number.isInteger(n)) throw new RangeError(`addWorkdays: n must be an integer, got ${n}`);
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let d = date;
  let provisional = false;
  dayNumber(date); // validates
  while (left > 0) {
    d = addCalendarDays(d, step);
    if (!isCovered(cal, d)) provisional = true;
    if (isWorkday(cal, d)) left -= 1;
  }
  return { date: d, provisional };
}

/**
 * The first working day on or after `date` — where a period that ends on a rest day really ends
 * (民法典 第二百零三条; DOMAIN.md "Calendar").
 */
export function nextWorkdayOnOrAfter(cal: Calendar, date: DateString): CalendarResult {
  let d = date;
  let provisional = !isCovered(cal, d);
  while (!isWorkday(cal, d)) {
    d = addCalendarDays(d, 1);
    if (!isCovered(cal, d)) provisional = true;
  }
  return { date: d, provisional };
}

/**
 * Per calendar and year: `cumulative[i]` = working days among the year's first `i + 1` days. Built once per
 * year from {@link isWorkday}, so counting working days costs two lookups instead of a walk over every day:
 * every inbox row shows a countdown, and the walk (a date string per day) was the inbox's largest cost.
 */
const yearTables = new WeakMap<Calendar, Map<number, Uint16Array>>();

function yearTable(cal: Calendar, year: number): Uint16Array {
  let years = yearTables.get(cal);
  if (!years) yearTables.set(cal, (years = new Map()));
  let table = years.get(year);
  if (!table) {
    const first = dayNumber(formatDate(year, 1, 1));
    table = new Uint16Array(dayNumber(formatDate(year + 1, 1, 1)) - first);
    let count = 0;
    for (let i = 0; i < table.length; i += 1) {
      if (isWorkday(cal, fromDayNumber(first + i))) count += 1;
      table[i] = count;
    }
    years.set(year, table);
  }
  return table;
}

/** Working days from 1 January of `date`'s year through `date` inclusive. */
function workdaysIntoYear(cal: Calendar, date: DateString): number {
  const year = yearOf(date);
  return yearTable(cal, year)[dayNumber(date) - dayNumber(formatDate(year, 1, 1))]!;
}

/**
 * Number of working days after `from` up to and including `to` — i.e. in the half-open range (from, to];
 * 0 when `to` ≤ `from` (DOMAIN.md "Calendar"). So `workdaysBetween(cal, d, addWorkdays(cal, d, n).date) === n`.
 * Uncovered years count Monday–Friday.
 */
export function workdaysBetween(cal: Calendar, from: DateString, to: DateString): number {
  dayNumber(from); // validates both
  dayNumber(to);
  if (compareDates(to, from) <= 0) return 0;
  let count = workdaysIntoYear(cal, to) - workdaysIntoYear(cal, from);
  for (let year = yearOf(from); year < yearOf(to); year += 1) count += yearTable(cal, year).at(-1)!;
  return count;
}

/**
 * Working days left until `dueDate` as shown to people ("还剩 3 个工作日", DOMAIN.md "Supervision":
 * feedback due soon): the working days from today (Asia/Shanghai, today included) through `dueDate`
 * inclusive, because a due date means the end of that day (DOMAIN.md "Calendar"). On a working due day
 * this is 1; once `dueDate` has passed it is 0 — use {@link workdaysOverdue} for "已逾期 N 个工作日".
 */
export function workdaysLeft(cal: Calendar, now: Date, dueDate: DateString): number {
  const today = shanghaiDate(now);
  return workdaysBetween(cal, addCalendarDays(today, -1), dueDate);
}

/**
 * Working days by which `dueDate` has been overrun at `now` (Asia/Shanghai): working days after `dueDate`
 * up to and including today; 0 while not overdue (DOMAIN.md "Supervision": overdue lists).
 */
export function workdaysOverdue(cal: Calendar, now: Date, dueDate: DateString): number {
  return workdaysBetween(cal, dueDate, shanghaiDate(now));
}
