import {
  CATALOGUES,
  computeDue,
  DISCLOSURE_TIMING,
  displayWindowEnd,
  periodFromKey,
  publishDeadline,
  shanghaiDate,
  startOfShanghaiDay,
  ValidationError,
  workdaysBetween,
  type Cadence,
  type Calendar,
  type CatalogueItem,
  type CatalogueKind,
  type Due,
  type DuePolicy,
  type OrgKind,
} from '@sanwu/shared';
import type { OrgDoc } from '../orgs/org.model';
import { effectiveOrgPolicy } from '../orgs/org-policy.service';

// Which catalogue item a draft belongs to and the dates that follow from it: publish-by, display
// window, 公示 window and lateness (DOMAIN.md "Timing class"). Pure apart from the calendar.

/** Catalogues an org publishes from, by its kind (DOMAIN.md "Catalogue 公开目录"). */
const CATALOGUES_BY_KIND: Record<OrgKind, CatalogueKind[]> = {
  village: ['village', 'party'],
  community: ['village', 'party'],
  department: ['department', 'party'],
  government: ['department', 'party'],
  party: ['party'],
};

/** A catalogue item with the cadence the org's policy gives it. */
export type OrgCatalogueItem = Omit<CatalogueItem, 'cadence'> & { cadence: Cadence };

/**
 * The item `code` as `org` publishes it, or 400: the code must be in the org's catalogues (and in
 * its policy's list when it has one). A village's scheduled finance items follow the org's finance
 * cadence (DOMAIN.md: "townships may require finances quarterly").
 */
export function orgCatalogueItem(org: Pick<OrgDoc, 'kind' | 'policy'>, code: string): OrgCatalogueItem {
  const policy = effectiveOrgPolicy(org);
  const kinds = CATALOGUES_BY_KIND[org.kind];
  const item = kinds.flatMap((k) => CATALOGUES[k] as readonly CatalogueItem[]).find((i) => i.code === code);
  if (!item || (policy.catalogueItems.length > 0 && !policy.catalogueItems.includes(code))) {
    throw new ValidationError('该组织的公开目录中没有此事项', [
      { path: 'catalogueCode', message: '事项不适用于本组织' },
    ]);
  }
  if (item.domain === 'finance' && item.catalogue === 'village' && item.cadence !== 'onEvent') {
    return { ...item, cadence: policy.financeCadence };
  }
  return item;
}

const PERIOD_SHAPES: Record<Exclude<Cadence, 'onEvent'>, { re: RegExp; example: string }> = {
  monthly: { re: /^\d{4}-\d{2}$/, example: '2026-03' },
  quarterly: { re: /^\d{4}-Q[1-4]$/, example: '2026-Q1' },
  halfYearly: { re: /^\d{4}-H[12]$/, example: '2026-H1' },
};

/** Scheduled items need a period of their cadence; items published on event need the settling date. */
export function checkSchedule(item: OrgCatalogueItem, period: string | null, settledOn: string | null): void {
  if (item.cadence === 'onEvent') {
    if (!settledOn) {
      throw new ValidationError('请填写事项确定之日', [
        { path: 'settledOn', message: '即时、长期事项须填写确定之日' },
      ]);
    }
    return;
  }
  const shape = PERIOD_SHAPES[item.cadence];
  if (!period || !shape.re.test(period)) {
    throw new ValidationError(`请按公开周期填写期间，例如 ${shape.example}`, [
      { path: 'period', message: `期间格式应为 ${shape.example}` },
    ]);
  }
}

/**
 * The publish-by deadline: 5 working days after the period's last day for scheduled items,
 * or after the settling day for the others (DOMAIN.md "Timing class"; `null` when none applies).
 */
export function publishByFor(
  item: OrgCatalogueItem,
  period: string | null,
  settledOn: string | null,
  cal: Calendar,
): Due | null {
  if (item.cadence !== 'onEvent' && period) {
    const policy = DISCLOSURE_TIMING.periodic.publishWithin as DuePolicy;
    return computeDue(policy, startOfShanghaiDay(periodFromKey(period).end), cal);
  }
  if (settledOn) return publishDeadline(item.timing, startOfShanghaiDay(settledOn), cal);
  return null;
}

/** What publishing at `publishedAt` fixes: display window, 公示 window, lateness. */
export interface PublicationFacts {
  displayUntil: string | null;
  noticeWindowEnd: Date | null;
  late: boolean;
  lateWorkdays: number;
}

export function publicationFacts(
  input: {
    timing: CatalogueItem['timing'];
    publicNoticeDays: number | null;
    publishBy: string | null;
    publishByAt: Date | null;
  },
  publishedAt: Date,
  cal: Calendar,
): PublicationFacts {
  const display = displayWindowEnd(input.timing, publishedAt, cal);
  const notice = input.publicNoticeDays
    ? displayWindowEnd('publicNotice', publishedAt, cal, {
        unit: 'calendarDays',
        amount: input.publicNoticeDays,
      })
    : null;
  // A 公示 stays up at least until its objection window closes.
  const displayUntil =
    display && notice
      ? display.dueDate > notice.dueDate
        ? display.dueDate
        : notice.dueDate
      : ((display ?? notice)?.dueDate ?? null);
  const late = Boolean(input.publishByAt && publishedAt.getTime() > input.publishByAt.getTime());
  return {
    displayUntil,
    noticeWindowEnd: notice?.dueAt ?? null,
    late,
    lateWorkdays:
      late && input.publishBy ? workdaysBetween(cal, input.publishBy, shanghaiDate(publishedAt)) : 0,
  };
}
