import { ZCalendarYear, type CalendarYear } from './calendar-year';
import { CN_OFFICIAL_YEARS } from './cn-official-days.generated';
import { dayOfWeek, yearOf, type DateString } from './date-string';

interface YearDays {
  readonly holidays: ReadonlySet<DateString>;
  readonly workdays: ReadonlySet<DateString>;
}

/**
 * China's official working-day calendar: per covered year, the holidays and 调休 make-up working days that
 * override the Monday–Friday rule (DOMAIN.md "Calendar"). Immutable; build one with {@link createCalendar},
 * {@link defaultCalendar} or {@link withYears} and pass it into every date rule (CONVENTIONS.md "Domain
 * rules": the calendar is passed in, not read from a database).
 */
export interface Calendar {
  readonly years: ReadonlyMap<number, YearDays>;
}

/** Options of {@link createCalendar}. */
export interface CreateCalendarOptions {
  /** A calendar whose years are kept unless `years` replaces them (e.g. `defaultCalendar()`). */
  base?: Calendar;
}

/**
 * A calendar from admin-provided years (DOMAIN.md "Calendar": "future years are added by an admin as the
 * State Council publishes them"). A year given here replaces that whole year of `options.base`, so an
 * admin's correction of the package data wins. Throws (ZodError / RangeError) on malformed or duplicate years.
 */
export function createCalendar(
  years: readonly CalendarYear[],
  options: CreateCalendarOptions = {},
): Calendar {
  const map = new Map<number, YearDays>(options.base?.years ?? []);
  const seen = new Set<number>();
  for (const raw of years) {
    const y = ZCalendarYear.parse(raw);
    if (seen.has(y.year)) throw new RangeError(`createCalendar: year ${y.year} given twice`);
    seen.add(y.year);
    map.set(y.year, { holidays: new Set(y.holidays), workdays: new Set(y.workdays) });
  }
  return Object.freeze({ years: map });
}

/** `cal` with admin-provided `years` layered over it (same as `createCalendar(years, { base: cal })`). */
export function withYears(cal: Calendar, years: readonly CalendarYear[]): Calendar {
  return createCalendar(years, { base: cal });
}

let cached: Calendar | undefined;

/**
 * The official calendar for every year the `chinese-days` package covers (DOMAIN.md "Calendar": "Known
 * years come from data"). Built once and cached; layer admin years over it with {@link withYears}.
 */
export function defaultCalendar(): Calendar {
  cached ??= createCalendar(CN_OFFICIAL_YEARS);
  return cached;
}

/** The years `cal` has official data for, ascending (DOMAIN.md "Calendar"). */
export function coveredYears(cal: Calendar): number[] {
  return [...cal.years.keys()].sort((a, b) => a - b);
}

/**
 * True when `cal` has official data for the year of `date`; otherwise rules fall back to Monday–Friday and
 * flag their result provisional (DOMAIN.md "Calendar").
 */
export function isCovered(cal: Calendar, date: DateString): boolean {
  return cal.years.has(yearOf(date));
}

/**
 * Whether `date` is a working day in China: a make-up working day (调休) is one even on a weekend, an
 * official holiday is not, otherwise Monday–Friday are (DOMAIN.md "Calendar": "including 调休 make-up
 * working weekends"). In an uncovered year this is the plain Monday–Friday guess — check {@link isCovered}.
 */
export function isWorkday(cal: Calendar, date: DateString): boolean {
  const dow = dayOfWeek(date); // validates the date
  const year = cal.years.get(yearOf(date));
  if (year?.workdays.has(date)) return true;
  if (year?.holidays.has(date)) return false;
  return dow !== 0 && dow !== 6;
}

/**
 * The official data `cal` holds for `year`, sorted, in the shape an admin edits (DOMAIN.md "Calendar":
 * "future years are added by an admin"); undefined for an uncovered year.
 */
export function calendarYear(cal: Calendar, year: number): CalendarYear | undefined {
  const y = cal.years.get(year);
  return y && { year, holidays: [...y.holidays].sort(), workdays: [...y.workdays].sort() };
}
