import { addCalendarDays, dayNumber, type DateString } from './date-string';

// China has used UTC+8 all year since 1991 (no DST), so a fixed offset is exact for every date the
// product handles and needs no tz database — which the mini-program does not have.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const MS_PER_DAY = 86_400_000;

function assertInstant(instant: Date): void {
  if (Number.isNaN(instant.getTime())) throw new RangeError('invalid Date');
}

/**
 * The Asia/Shanghai calendar date of an instant, whatever the host's TZ (DOMAIN.md "Calendar":
 * "Time zone is Asia/Shanghai"). 2026-03-31T16:00:00Z → '2026-04-01'.
 */
export function shanghaiDate(instant: Date): DateString {
  assertInstant(instant);
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The first millisecond of `date` in Asia/Shanghai, i.e. `dateT00:00:00.000+08:00` (DOMAIN.md "Calendar"). */
export function startOfShanghaiDay(date: DateString): Date {
  return new Date(dayNumber(date) * MS_PER_DAY - SHANGHAI_OFFSET_MS);
}

/**
 * The last millisecond of `date` in Asia/Shanghai, `dateT23:59:59.999+08:00` — DOMAIN.md "Calendar":
 * "a due date means the end of that day" (民法典 第二百零三条: 截止时间为二十四时).
 */
export function endOfShanghaiDay(date: DateString): Date {
  return new Date(startOfShanghaiDay(addCalendarDays(date, 1)).getTime() - 1);
}
