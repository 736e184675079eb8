import { z } from 'zod';
import { ZDateString } from './date-string';

/**
 * zod schema for one year of official calendar data, as an admin enters it from the State Council
 * notice (DOMAIN.md "Calendar": "future years are added by an admin as the State Council publishes them").
 * `holidays` are official days off (weekend days inside a holiday block may be listed, it changes nothing);
 * `workdays` are 调休 make-up working days. Every date must lie in `year` and sit in only one list.
 */
export const ZCalendarYear = z
  .object({
    year: z.number().int().min(1970).max(9999),
    holidays: z.array(ZDateString),
    workdays: z.array(ZDateString),
  })
  .superRefine((y, ctx) => {
    const prefix = `${String(y.year).padStart(4, '0')}-`;
    for (const [list, dates] of [
      ['holidays', y.holidays],
      ['workdays', y.workdays],
    ] as const) {
      dates.forEach((d, i) => {
        if (!d.startsWith(prefix)) {
          ctx.addIssue({ code: 'custom', path: [list, i], message: `${d} 不在 ${y.year} 年内` });
        }
      });
    }
    const off = new Set(y.holidays);
    y.workdays.forEach((d, i) => {
      if (off.has(d))
        ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${d} 不能既是节假日又是调休上班日` });
    });
  });

/** One year of official calendar data (DOMAIN.md "Calendar"). */
export type CalendarYear = z.infer<typeof ZCalendarYear>;
