import { ValidationError } from '@sanwu/shared';
import { describeInTimeZones } from '../../../shared/src/calendar/time-zones.testing';
import type { OrgDoc } from '../orgs/org.model';
import { checkSchedule, orgCatalogueItem, publicationFacts, publishByFor } from './disclosure-rules';
import { appCalendar } from '../calendar/calendar.service';

type OrgLike = Pick<OrgDoc, 'kind' | 'policy'>;
const village = (policy: Partial<OrgDoc['policy']> = {}): OrgLike => ({
  kind: 'village',
  policy: policy as OrgDoc['policy'],
});
const cal = appCalendar();

describe('orgCatalogueItem', () => {
  it('gives a village its finance cadence from the org policy', () => {
    expect(orgCatalogueItem(village(), 'village-finances').cadence).toBe('monthly');
    expect(orgCatalogueItem(village({ financeCadence: 'quarterly' }), 'village-finances').cadence).toBe(
      'quarterly',
    );
    expect(orgCatalogueItem(village({ financeCadence: 'quarterly' }), 'village-homesteads').cadence).toBe(
      'halfYearly',
    );
  });

  it.each<[OrgLike, string]>([
    [village(), 'dept-functions'],
    [{ kind: 'department', policy: {} as OrgDoc['policy'] }, 'village-finances'],
    [village({ catalogueItems: ['village-plans'] }), 'village-finances'],
  ])('refuses an item outside the org catalogue (%#)', (org, code) => {
    expect(() => orgCatalogueItem(org, code)).toThrow(ValidationError);
  });

  it.each<[string, string | null, string | null, boolean]>([
    ['village-finances', '2026-03', null, true],
    ['village-finances', '2026-Q1', null, false],
    ['village-plans', '2026-H2', null, true],
    ['village-plans', '2026-07', null, false],
    ['party-dues', '2026-Q3', null, true],
    ['party-member-development', null, '2026-03-31', true],
    ['party-member-development', '2026-03', null, false],
  ])('checks the schedule of %s (period %s, settled %s)', (code, period, settledOn, ok) => {
    const run = () => checkSchedule(orgCatalogueItem(village(), code), period, settledOn);
    if (ok) expect(run).not.toThrow();
    else expect(run).toThrow(ValidationError);
  });
});

describeInTimeZones('publish-by and publication facts', () => {
  it.each<[string, string | null, string | null, string | null]>([
    ['village-finances', '2026-03', null, '2026-04-08'], // 清明 4–6 April
    ['village-finances', '2026-09', null, '2026-10-13'], // National Day 1–7 October; Saturday 10 October is a make-up working day
    ['party-dues', '2026-Q1', null, '2026-04-08'],
    ['village-plans', '2026-H1', null, '2026-07-07'],
    ['party-member-development', null, '2026-04-30', '2026-05-11'], // 劳动节 1–5 May, 9 May make-up day
    ['village-joint-request', null, '2026-03-02', '2026-03-09'],
  ])('%s %s %s is due by %s', (code, period, settledOn, expected) => {
    expect(publishByFor(orgCatalogueItem(village(), code), period, settledOn, cal)?.dueDate ?? null).toBe(
      expected,
    );
  });

  const due = { publishBy: '2026-04-08', publishByAt: new Date('2026-04-08T23:59:59.999+08:00') };
  it.each<
    [string, Parameters<typeof publicationFacts>[0], string, Partial<ReturnType<typeof publicationFacts>>]
  >([
    [
      'on time, periodic',
      { timing: 'periodic', publicNoticeDays: null, ...due },
      '2026-04-08T23:00:00+08:00',
      { late: false, lateWorkdays: 0, displayUntil: '2026-05-22' },
    ],
    [
      'late by two working days',
      { timing: 'periodic', publicNoticeDays: null, ...due },
      '2026-04-10T09:00:00+08:00',
      { late: true, lateWorkdays: 2 },
    ],
    [
      'long-term: kept until changed',
      { timing: 'longTerm', publicNoticeDays: null, publishBy: null, publishByAt: null },
      '2026-04-10T09:00:00+08:00',
      { late: false, displayUntil: null, noticeWindowEnd: null },
    ],
    [
      'a 公示 of 7 days',
      { timing: 'immediate', publicNoticeDays: 7, publishBy: null, publishByAt: null },
      '2026-04-02T09:00:00+08:00',
      { displayUntil: '2026-05-06', noticeWindowEnd: new Date('2026-04-09T23:59:59.999+08:00') },
    ],
  ])('%s', (_name, input, publishedAt, expected) => {
    expect(publicationFacts(input, new Date(publishedAt), cal)).toMatchObject(expected);
  });
});
