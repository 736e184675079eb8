import { startOfShanghaiDay, type Calendar, type DateString } from '../calendar';
import { computeDue, DISCLOSURE_TIMING, type DuePolicy } from '../deadlines';
import type { Cadence, CatalogueItem } from './catalogue-item';
import { periodsEndingWithin, type PeriodKey } from './periods';

/** A disclosure the schedule says must exist (DOMAIN.md "Supervision": overdue against the catalogue schedule). */
export interface ExpectedDisclosure {
  catalogueCode: string;
  /** `2026-03`, `2026-Q1` or `2026-H1`. */
  periodKey: PeriodKey;
  periodStart: DateString;
  periodEnd: DateString;
  /** Last day to publish, Asia/Shanghai. */
  publishBy: DateString;
  /** The last millisecond of `publishBy` (+08:00). */
  publishByAt: Date;
  /** The deadline rests on guessed working days (uncovered year, DOMAIN.md "Calendar"). */
  provisional: boolean;
}

/** Options of {@link expectedDisclosures}. */
export interface ExpectedDisclosuresOptions {
  /** Deadline after the period's end; default 5 working days (DISCLOSURE_TIMING.periodic.publishWithin). */
  publishWithin?: Readonly<DuePolicy>;
}

const SCHEDULE_DEFAULT = DISCLOSURE_TIMING.periodic.publishWithin as Readonly<DuePolicy>;

/**
 * Every scheduled disclosure due from `catalogue` — the items an organisation applies, with the cadences
 * its policy sets — for the periods that END within [from, to] (inclusive), with publish-by dates
 * (DOMAIN.md "Timing class"; "Supervision": "last month's finances not out within 5 working days of month
 * end"). A period's publication is due within 5 working days after its last day (that day not counted).
 * Periods are picked by end date so that each period is counted exactly once when consecutive ranges are
 * queried, and a period still running at `to` is not yet expected. `onEvent` items are never expected by
 * schedule. Sorted by publish-by date, then code, then period.
 */
export function expectedDisclosures(
  catalogue: readonly Pick<CatalogueItem, 'code' | 'cadence'>[],
  range: { from: DateString; to: DateString },
  cal: Calendar,
  options: ExpectedDisclosuresOptions = {},
): ExpectedDisclosure[] {
  const policy = options.publishWithin ?? SCHEDULE_DEFAULT;
  const out: ExpectedDisclosure[] = [];
  for (const item of catalogue) {
    const cadence: Cadence = item.cadence;
    if (cadence === 'onEvent') continue;
    for (const period of periodsEndingWithin(cadence, range.from, range.to)) {
      // Counting from the start of the period's last day: that day itself is not counted (民法典 第二百零一条).
      const due = computeDue(policy, startOfShanghaiDay(period.end), cal);
      out.push({
        catalogueCode: item.code,
        periodKey: period.key,
        periodStart: period.start,
        periodEnd: period.end,
        publishBy: due.dueDate,
        publishByAt: due.dueAt,
        provisional: due.provisional,
      });
    }
  }
  return out.sort(
    (a, b) =>
      a.publishBy.localeCompare(b.publishBy) ||
      (a.catalogueCode < b.catalogueCode ? -1 : a.catalogueCode > b.catalogueCode ? 1 : 0) ||
      a.periodKey.localeCompare(b.periodKey),
  );
}
