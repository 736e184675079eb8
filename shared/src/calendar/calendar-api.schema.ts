import { z } from 'zod';
import { dayNumber, ZDateString } from './date-string';

// The calendar API (API.md "Calendar"): the working days of a range, and the years an admin maintains.

/** Longest range `GET /calendar/workdays` answers: one year and a day, enough for any deadline view. */
export const WORKDAYS_QUERY_MAX_DAYS = 366;

/** Days from `from` to `to`, or null when either is not a real date (its own issue says so). */
function span(q: { from: string; to: string }): number | null {
  if (!ZDateString.safeParse(q.from).success || !ZDateString.safeParse(q.to).success) return null;
  return dayNumber(q.to) - dayNumber(q.from);
}

/** `GET /calendar/workdays?from=&to=`. */
export const ZWorkdaysQuery = z
  .object({ from: ZDateString, to: ZDateString })
  // NOTE: zod may run these refinements even when a field failed; `span` never throws on bad dates.
  .refine((q) => (span(q) ?? 0) >= 0, { message: '结束日期不能早于开始日期', path: ['to'] })
  .refine((q) => (span(q) ?? 0) < WORKDAYS_QUERY_MAX_DAYS, {
    message: `一次最多查询 ${WORKDAYS_QUERY_MAX_DAYS} 天`,
    path: ['to'],
  });
export type WorkdaysQuery = z.infer<typeof ZWorkdaysQuery>;

export const ZDayInfo = z
  .object({
    date: ZDateString,
    workday: z.boolean(),
    holiday: z.boolean().meta({ description: '落在工作日的法定节假日' }),
    makeUpWorkday: z.boolean().meta({ description: '调休上班的周末' }),
    provisional: z.boolean().meta({ description: '该年尚无官方安排，按周一至周五推算' }),
  })
  .meta({ id: 'DayInfo' });

export const ZWorkdays = z
  .object({ from: ZDateString, to: ZDateString, workdays: z.number().int(), days: z.array(ZDayInfo) })
  .meta({ id: 'Workdays', description: '区间内每一天是否上班' });
export type Workdays = z.infer<typeof ZWorkdays>;

/** `PUT /calendar/years/:year` body: the State Council's notice for that year. */
export const ZCalendarYearBody = z
  .object({
    holidays: z.array(ZDateString).max(60, '节假日最多 60 天'),
    workdays: z.array(ZDateString).max(20, '调休上班日最多 20 天'),
  })
  .meta({ id: 'CalendarYearBody' });
export type CalendarYearBody = z.infer<typeof ZCalendarYearBody>;

export const ZCalendarYearDto = z
  .object({
    year: z.number().int(),
    holidays: z.array(ZDateString),
    workdays: z.array(ZDateString),
    source: z.enum(['official', 'admin', 'none']).meta({
      description: 'official：内置国务院安排；admin：管理员录入（优先）；none：尚无数据，按周一至周五推算',
    }),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'CalendarYear' });
export type CalendarYearDto = z.infer<typeof ZCalendarYearDto>;

export const ZCalendarYearParams = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
