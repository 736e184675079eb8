import { shanghaiDate, workdaysBetween, type Calendar } from '../calendar';
import type { ExpectedDisclosure } from './expected-disclosures';
import type { PeriodKey } from './periods';

/** A publication that happened, as the compliance check needs it. */
export interface PublishedDisclosure {
  catalogueCode: string;
  periodKey: PeriodKey;
  publishedAt: Date;
}

/** Compliance of one expected disclosure (DOMAIN.md "Supervision": on-time rates, overdue lists). */
export type ComplianceStatus =
  | { status: 'onTime'; publishedAt: Date }
  | { status: 'late'; publishedAt: Date; lateWorkdays: number }
  | { status: 'missing'; lateWorkdays: number }
  | { status: 'notYetDue' };

/** An expected disclosure with its compliance. */
export type ComplianceEntry = ExpectedDisclosure & ComplianceStatus;

const keyOf = (code: string, period: string) => `${code}\u0000${period}`;

/**
 * Marks each expected disclosure as of `asOf` (DOMAIN.md "Supervision": warnings, overdue lists, on-time
 * rates, compliance per org and period):
 * - `onTime`: first published at or before `publishByAt` (the end of the publish-by day);
 * - `late`: first published after it; `lateWorkdays` = working days after the publish-by date up to and
 *   including the publication date (so 0 when it went up on the rest days right after the deadline);
 * - `missing`: nothing published and the publish-by day is over; `lateWorkdays` counts up to today;
 * - `notYetDue`: nothing published and there is still time.
 * Publications after `asOf` are ignored (the report shows what was known then); of several publications for
 * one period the earliest counts.
 */
export function complianceOf(
  expected: readonly ExpectedDisclosure[],
  published: readonly PublishedDisclosure[],
  asOf: Date,
  cal: Calendar,
): ComplianceEntry[] {
  const first = new Map<string, Date>();
  for (const p of published) {
    if (p.publishedAt.getTime() > asOf.getTime()) continue;
    const k = keyOf(p.catalogueCode, p.periodKey);
    const seen = first.get(k);
    if (!seen || p.publishedAt.getTime() < seen.getTime()) first.set(k, p.publishedAt);
  }
  return expected.map((e): ComplianceEntry => {
    const publishedAt = first.get(keyOf(e.catalogueCode, e.periodKey));
    if (publishedAt) {
      if (publishedAt.getTime() <= e.publishByAt.getTime()) return { ...e, status: 'onTime', publishedAt };
      const lateWorkdays = workdaysBetween(cal, e.publishBy, shanghaiDate(publishedAt));
      return { ...e, status: 'late', publishedAt, lateWorkdays };
    }
    if (asOf.getTime() > e.publishByAt.getTime()) {
      return { ...e, status: 'missing', lateWorkdays: workdaysBetween(cal, e.publishBy, shanghaiDate(asOf)) };
    }
    return { ...e, status: 'notYetDue' };
  });
}
