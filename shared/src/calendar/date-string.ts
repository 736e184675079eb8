import { z } from 'zod';

/**
 * A calendar date `YYYY-MM-DD` in Asia/Shanghai. DOMAIN.md "Calendar": "Time zone is Asia/Shanghai";
 * CONVENTIONS.md "Data": calendar dates are `YYYY-MM-DD` strings in Asia/Shanghai.
 */
export type DateString = string;

const MS_PER_DAY = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real `YYYY-MM-DD` date (rejects 2026-02-30, 2027-02-29, 2026-13-01). */
export function isValidDateString(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/**
 * zod schema for a `YYYY-MM-DD` calendar date that exists (DOMAIN.md "Calendar"; CONVENTIONS.md "Data").
 * Impossible dates such as 2026-02-30 are rejected, not rolled over.
 */
export const ZDateString = z
  .string()
  .regex(DATE_RE, 'expected a date as YYYY-MM-DD')
  .refine(isValidDateString, 'not a real calendar date');

function assertDate(date: string): void {
  if (!isValidDateString(date)) throw new RangeError(`invalid date '${date}', expected YYYY-MM-DD`);
}

/** Days since 1970-01-01 of a calendar date — the unit all date arithmetic here works in (TZ-free). */
export function dayNumber(date: DateString): number {
  assertDate(date);
  const t = new Date(0);
  t.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return Math.round(t.getTime() / MS_PER_DAY);
}

/** The calendar date `n` days after 1970-01-01 — inverse of {@link dayNumber}. */
export function fromDayNumber(n: number): DateString {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The year of a `YYYY-MM-DD` date. */
export function yearOf(date: DateString): number {
  return Number(date.slice(0, 4));
}

/** Day of week of a calendar date, 0 = Sunday … 6 = Saturday (computed in UTC, so host TZ never matters). */
export function dayOfWeek(date: DateString): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/**
 * `date` plus `n` calendar days (negative goes back). Pure date arithmetic, no time zone involved
 * (DOMAIN.md "Calendar").
 */
export function addCalendarDays(date: DateString, n: number): DateString {
  if (!Number.isInteger(n)) throw new RangeError(`addCalendarDays: n must be an integer, got ${n}`);
  return fromDayNumber(dayNumber(date) + n);
}

/** Number of days in a month (`month` 1–12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Gregorian leap year. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * `date` plus `n` months, clamped to the month's last day when the day does not exist
 * (2026-01-31 + 1 → 2026-02-28; 2028-01-31 + 1 → 2028-02-29). 民法典 第二百零二条: "没有对应日的，
 * 月末日为期间的最后一日" — cited from DOMAIN.md "Feedback" month deadlines (seed 001).
 */
export function addMonths(date: DateString, n: number): DateString {
  assertDate(date);
  if (!Number.isInteger(n)) throw new RangeError(`addMonths: n must be an integer, got ${n}`);
  const total = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + n;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(year, month));
  return formatDate(year, month, day);
}

/** Formats year, month (1–12) and day as `YYYY-MM-DD`. */
export function formatDate(year: number, month: number, day: number): DateString {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Compares two `YYYY-MM-DD` dates (string order equals date order for 4-digit years). */
export function compareDates(a: DateString, b: DateString): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
