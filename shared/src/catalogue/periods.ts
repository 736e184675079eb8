import { z } from 'zod';
import { compareDates, daysInMonth, formatDate, ZDateString, type DateString } from '../calendar';
import type { Cadence } from './catalogue-item';

/** A scheduled cadence (everything but `onEvent`). */
export type ScheduledCadence = Exclude<Cadence, 'onEvent'>;

/**
 * zod schema of a reporting-period key (DOMAIN.md "Supervision": "compliance per org and period"):
 * `2026-03` (month), `2026-Q1` (quarter), `2026-H1` (half year).
 */
export const ZPeriodKey = z
  .string()
  .regex(/^\d{4}-(?:0[1-9]|1[0-2]|Q[1-4]|H[12])$/, 'expected YYYY-MM, YYYY-Qn or YYYY-Hn');

/** A period key such as `2026-03`, `2026-Q1`, `2026-H1`. */
export type PeriodKey = string;

/** A reporting period: its key and first and last day. */
export interface Period {
  key: PeriodKey;
  start: DateString;
  end: DateString;
}

const MONTHS_PER: Record<ScheduledCadence, number> = { monthly: 1, quarterly: 3, halfYearly: 6 };

function periodAt(cadence: ScheduledCadence, year: number, index: number): Period {
  const span = MONTHS_PER[cadence];
  const firstMonth = index * span + 1;
  const lastMonth = firstMonth + span - 1;
  const key =
    cadence === 'monthly'
      ? formatDate(year, firstMonth, 1).slice(0, 7)
      : `${year}-${cadence === 'quarterly' ? 'Q' : 'H'}${index + 1}`;
  return {
    key,
    start: formatDate(year, firstMonth, 1),
    end: formatDate(year, lastMonth, daysInMonth(year, lastMonth)),
  };
}

/** The period of `cadence` that contains `date` (DOMAIN.md "Timing class"). */
export function periodContaining(cadence: ScheduledCadence, date: DateString): Period {
  ZDateString.parse(date);
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return periodAt(cadence, year, Math.floor((month - 1) / MONTHS_PER[cadence]));
}

/** The period a key names (`2026-03`, `2026-Q1`, `2026-H1`); throws on a malformed key. */
export function periodFromKey(key: PeriodKey): Period {
  ZPeriodKey.parse(key);
  const year = Number(key.slice(0, 4));
  const tail = key.slice(5);
  if (tail.startsWith('Q')) return periodAt('quarterly', year, Number(tail.slice(1)) - 1);
  if (tail.startsWith('H')) return periodAt('halfYearly', year, Number(tail.slice(1)) - 1);
  return periodAt('monthly', year, Number(tail) - 1);
}

/**
 * Every period of `cadence` whose last day lies in [from, to], in order. Periods are chosen by their end
 * because that is when the publication falls due (DOMAIN.md "Supervision": "within 5 working days of
 * month end").
 */
export function periodsEndingWithin(cadence: ScheduledCadence, from: DateString, to: DateString): Period[] {
  ZDateString.parse(from);
  ZDateString.parse(to);
  const out: Period[] = [];
  if (compareDates(to, from) < 0) return out;
  const perYear = 12 / MONTHS_PER[cadence];
  let p = periodContaining(cadence, from);
  let year = Number(p.start.slice(0, 4));
  let index = Math.floor((Number(p.start.slice(5, 7)) - 1) / MONTHS_PER[cadence]);
  while (compareDates(p.end, to) <= 0) {
    if (compareDates(p.end, from) >= 0) out.push(p);
    index += 1;
    if (index === perYear) {
      index = 0;
      year += 1;
    }
    p = periodAt(cadence, year, index);
  }
  return out;
}
