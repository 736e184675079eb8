import {
  calendarYear,
  daysInRange,
  defaultCalendar,
  withYears,
  ZCalendarYear,
  type Calendar,
  type CalendarYearBody,
  type CalendarYearDto,
  type DateString,
  type Workdays,
} from '@sanwu/shared';
import { appendAudit, type RequestMeta } from '../audit/audit.service';
import { oweAudit } from '../audit/audits-owed';
import type { LoadedActor } from '../policy/authorize';
import { CalendarYearModel } from './calendar.model';

// The calendar every deadline is computed with: the built-in official data with the years an admin
// entered layered over it. Rules are pure and take the calendar as an argument (CONVENTIONS.md), so
// this keeps one in memory: loaded at start-up, reloaded by every scheduler sweep (so all
// instances agree within a minute) and right after an admin's change on this instance.

let current: Calendar = defaultCalendar();
let adminYears = new Map<number, Date>();

/** The calendar in force: pass it to the shared date rules. */
export function appCalendar(): Calendar {
  return current;
}

/** Reads the admin-maintained years and rebuilds the calendar in force. */
export async function refreshCalendar(): Promise<Calendar> {
  const docs = await CalendarYearModel.find({}).lean();
  current = withYears(
    defaultCalendar(),
    docs.map((d) => ({ year: d._id, holidays: d.holidays, workdays: d.workdays })),
  );
  adminYears = new Map(docs.map((d) => [d._id, d.updatedAt]));
  return current;
}

/** `GET /calendar/workdays`: every day of the range, working or not and why. */
export function workdaysIn(from: DateString, to: DateString): Workdays {
  const days = daysInRange(current, from, to);
  return { from, to, workdays: days.filter((d) => d.workday).length, days };
}

/** `GET /calendar/years/:year`: the data in force for a year and where it comes from. */
export function yearInForce(year: number): CalendarYearDto {
  const data = calendarYear(current, year);
  const updatedAt = adminYears.get(year);
  return {
    year,
    holidays: data?.holidays ?? [],
    workdays: data?.workdays ?? [],
    source: updatedAt ? 'admin' : data ? 'official' : 'none',
    updatedAt: updatedAt ? updatedAt.toISOString() : null,
  };
}

/**
 * `PUT /calendar/years/:year` (admin; the route checks `calendar.manage`): replaces the year.
 * Deadlines already computed keep their stored dates; new ones use the new year.
 */
export async function putCalendarYear(
  actor: LoadedActor,
  year: number,
  body: CalendarYearBody,
  meta: RequestMeta,
  now: Date,
): Promise<CalendarYearDto> {
  const data = ZCalendarYear.parse({
    year,
    holidays: [...new Set(body.holidays)].sort(),
    workdays: [...new Set(body.workdays)].sort(),
  });
  const before = yearInForce(year);
  const audit = {
    actorId: actor.userId,
    actorRole: 'admin',
    action: 'calendar.year.put',
    target: { type: 'calendar-year', id: String(year) },
    summary: {
      before: { source: before.source, holidays: before.holidays.length, workdays: before.workdays.length },
      after: { holidays: data.holidays.length, workdays: data.workdays.length },
    },
    meta,
    at: now,
  };
  // Every field the year has, set whole: the year is replaced, and the note of its entry kept beside it.
  await CalendarYearModel.updateOne(
    { _id: year },
    {
      $set: { holidays: data.holidays, workdays: data.workdays, updatedBy: actor.userId, updatedAt: now },
      $push: { auditsOwed: oweAudit(audit, now) },
    },
    { upsert: true },
  );
  await appendAudit(audit);
  await refreshCalendar();
  return yearInForce(year);
}
