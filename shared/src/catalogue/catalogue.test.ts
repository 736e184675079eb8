import {
  CATALOGUE_CODES,
  catalogueItem,
  CATALOGUES,
  complianceOf,
  defaultCalendar,
  DEPARTMENT_CATALOGUE,
  expectedDisclosures,
  PARTY_CATALOGUE,
  periodContaining,
  periodFromKey,
  periodsEndingWithin,
  VILLAGE_CATALOGUE,
  withCadences,
  withDomainCadence,
  ZCatalogueCode,
  ZCatalogueItem,
  ZPeriodKey,
  type ExpectedDisclosure,
} from '@sanwu/shared';
import { describeInTimeZones } from '../calendar/time-zones.testing';

const cal = defaultCalendar();

describe('catalogues', () => {
  it('have the sizes of the source document', () => {
    expect(VILLAGE_CATALOGUE).toHaveLength(15);
    expect(DEPARTMENT_CATALOGUE).toHaveLength(14);
    expect(PARTY_CATALOGUE.length).toBeGreaterThanOrEqual(10);
    expect(CATALOGUES.village).toBe(VILLAGE_CATALOGUE);
  });

  it.each([...VILLAGE_CATALOGUE, ...DEPARTMENT_CATALOGUE, ...PARTY_CATALOGUE])(
    '$code is well-formed',
    (item) => {
      expect(ZCatalogueItem.parse(item)).toEqual(item);
      // scheduled items are periodic; onEvent items are not
      expect(item.cadence === 'onEvent').toBe(item.timing !== 'periodic');
      expect(ZCatalogueCode.parse(item.code)).toBe(item.code);
      expect(catalogueItem(item.code)).toBe(item);
    },
  );

  it('codes are unique across catalogues', () => {
    expect(new Set(CATALOGUE_CODES).size).toBe(CATALOGUE_CODES.length);
    expect(ZCatalogueCode.safeParse('village-anything').success).toBe(false);
  });

  it('villages publish finances monthly and everything else at least half-yearly (seed 000 篇二 二)', () => {
    for (const item of VILLAGE_CATALOGUE) {
      if (item.domain === 'finance') expect(item.cadence).toBe('monthly');
      else expect(['monthly', 'quarterly', 'halfYearly', 'onEvent']).toContain(item.cadence);
    }
    expect(VILLAGE_CATALOGUE.filter((i) => i.cadence === 'onEvent').map((i) => i.code)).toEqual([
      'village-joint-request',
    ]);
  });

  it.each<[string, string]>([
    ['village-homesteads', '当年宅基地的申报、批准和使用情况'],
    ['village-finances', '财务计划及各项收入、支出和债权债务情况'],
    ['dept-double-random', '“双随机一公开”'],
    ['dept-press-conferences', '新闻发布会'],
    ['party-dues', '党员党费缴纳情况'],
    ['party-org-setup', '村两委组织设置和人员分工情况'],
  ])('%s is named %s', (code, name) => {
    expect(catalogueItem(code)?.name).toBe(name);
  });

  it('party development is a 公示', () => {
    expect(catalogueItem('party-member-development')).toMatchObject({
      publicNotice: true,
      cadence: 'onEvent',
    });
    expect(catalogueItem('party-dues')).toMatchObject({ timing: 'periodic', cadence: 'quarterly' });
  });

  it('cadences are overridable per organisation', () => {
    const quarterly = withDomainCadence(VILLAGE_CATALOGUE, 'finance', 'quarterly');
    expect(quarterly.filter((i) => i.domain === 'finance').every((i) => i.cadence === 'quarterly')).toBe(
      true,
    );
    expect(quarterly.find((i) => i.code === 'village-plans')?.cadence).toBe('halfYearly');
    expect(quarterly.find((i) => i.code === 'village-joint-request')?.cadence).toBe('onEvent');
    const custom = withCadences(VILLAGE_CATALOGUE, { 'village-plans': 'quarterly' });
    expect(custom.find((i) => i.code === 'village-plans')?.cadence).toBe('quarterly');
    expect(VILLAGE_CATALOGUE[0].cadence).toBe('halfYearly'); // not mutated
  });
});

describe('periods', () => {
  it.each([
    ['monthly', '2026-02-14', '2026-02', '2026-02-01', '2026-02-28'],
    ['monthly', '2028-02-29', '2028-02', '2028-02-01', '2028-02-29'],
    ['quarterly', '2026-05-20', '2026-Q2', '2026-04-01', '2026-06-30'],
    ['quarterly', '2026-12-31', '2026-Q4', '2026-10-01', '2026-12-31'],
    ['halfYearly', '2026-06-30', '2026-H1', '2026-01-01', '2026-06-30'],
    ['halfYearly', '2026-07-01', '2026-H2', '2026-07-01', '2026-12-31'],
  ] as const)('%s period of %s is %s (%s – %s)', (cadence, date, key, start, end) => {
    expect(periodContaining(cadence, date)).toEqual({ key, start, end });
    expect(periodFromKey(key)).toEqual({ key, start, end });
  });

  it.each(['2026-13', '2026-Q5', '2026-H3', '2026-1', '26-Q1'])('rejects key %s', (key) => {
    expect(ZPeriodKey.safeParse(key).success).toBe(false);
    expect(() => periodFromKey(key)).toThrow();
  });

  it.each([
    ['monthly', '2026-03-15', '2026-04-15', ['2026-03']],
    ['monthly', '2026-03-31', '2026-03-31', ['2026-03']],
    ['monthly', '2026-04-01', '2026-04-29', []],
    ['monthly', '2025-11-01', '2026-02-28', ['2025-11', '2025-12', '2026-01', '2026-02']],
    ['quarterly', '2026-01-01', '2026-12-31', ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']],
    ['quarterly', '2026-03-15', '2026-04-15', ['2026-Q1']],
    ['halfYearly', '2026-01-01', '2027-06-30', ['2026-H1', '2026-H2', '2027-H1']],
    ['halfYearly', '2026-07-01', '2026-06-30', []],
  ] as const)('%s periods ending in [%s, %s] → %j', (cadence, from, to, keys) => {
    expect(periodsEndingWithin(cadence, from, to).map((p) => p.key)).toEqual(keys);
  });
});

describeInTimeZones('expectedDisclosures', () => {
  const items = [
    catalogueItem('village-finances')!,
    catalogueItem('village-plans')!,
    catalogueItem('party-dues')!,
    catalogueItem('village-joint-request')!,
  ];
  const brief = (e: ExpectedDisclosure) => [e.catalogueCode, e.periodKey, e.publishBy, e.provisional];

  it('lists each scheduled period ending in the range with its publish-by date', () => {
    expect(expectedDisclosures(items, { from: '2026-01-01', to: '2026-06-30' }, cal).map(brief)).toEqual([
      ['village-finances', '2026-01', '2026-02-06', false],
      // Feb 28 2026 is a make-up Saturday but it is the period's last day, which is not counted
      ['village-finances', '2026-02', '2026-03-06', false],
      // Qingming Apr 4–6
      ['party-dues', '2026-Q1', '2026-04-08', false],
      ['village-finances', '2026-03', '2026-04-08', false],
      // Labour Day May 1–5, make-up Saturday May 9
      ['village-finances', '2026-04', '2026-05-11', false],
      ['village-finances', '2026-05', '2026-06-05', false],
      ['party-dues', '2026-Q2', '2026-07-07', false],
      ['village-finances', '2026-06', '2026-07-07', false],
      ['village-plans', '2026-H1', '2026-07-07', false],
    ]);
  });

  it.each([
    ['2026-09-01', '2026-09-30', [['village-finances', '2026-09', '2026-10-13', false]]], // National Day
    ['2025-01-01', '2025-01-31', [['village-finances', '2025-01', '2025-02-10', false]]], // Spring Festival 2025
    ['2026-12-01', '2026-12-31', [['village-finances', '2026-12', '2027-01-07', true]]], // into uncovered 2027
  ])('finances for [%s, %s]', (from, to, expected) => {
    expect(expectedDisclosures([items[0]!], { from, to }, cal).map(brief)).toEqual(expected);
  });

  it('gives the end of the publish-by day in Shanghai', () => {
    const [e] = expectedDisclosures([items[0]!], { from: '2026-03-01', to: '2026-03-31' }, cal);
    expect(e).toMatchObject({ periodStart: '2026-03-01', periodEnd: '2026-03-31', publishBy: '2026-04-08' });
    expect(e!.publishByAt.toISOString()).toBe('2026-04-08T15:59:59.999Z');
  });

  it('follows an organisation’s quarterly finances', () => {
    const quarterly = withDomainCadence(VILLAGE_CATALOGUE, 'finance', 'quarterly');
    const list = expectedDisclosures(quarterly, { from: '2026-01-01', to: '2026-03-31' }, cal);
    expect(list.filter((e) => e.catalogueCode === 'village-finances').map((e) => e.periodKey)).toEqual([
      '2026-Q1',
    ]);
    expect(list).toHaveLength(10); // the ten finance items; the rest are half-yearly or on demand
  });

  it('expects nothing for onEvent items or an empty range', () => {
    expect(expectedDisclosures([items[3]!], { from: '2026-01-01', to: '2026-12-31' }, cal)).toEqual([]);
    expect(expectedDisclosures(items, { from: '2026-04-01', to: '2026-03-31' }, cal)).toEqual([]);
  });
});

describeInTimeZones('complianceOf', () => {
  const expected = expectedDisclosures(
    [catalogueItem('village-finances')!],
    { from: '2026-03-01', to: '2026-03-31' },
    cal,
  );
  const pub = (iso: string, periodKey = '2026-03') => ({
    catalogueCode: 'village-finances',
    periodKey,
    publishedAt: new Date(iso),
  });
  const asOf = new Date('2026-05-01T12:00:00+08:00');

  it.each<[string, ReturnType<typeof pub>[], Date, object]>([
    ['on the last evening', [pub('2026-04-08T23:59:59.999+08:00')], asOf, { status: 'onTime' }],
    ['early', [pub('2026-04-01T09:00:00+08:00')], asOf, { status: 'onTime' }],
    ['a day late', [pub('2026-04-09T00:00:00+08:00')], asOf, { status: 'late', lateWorkdays: 1 }],
    ['on the Saturday after', [pub('2026-04-11T10:00:00+08:00')], asOf, { status: 'late', lateWorkdays: 2 }],
    [
      'earliest of several counts',
      [pub('2026-04-20T10:00:00+08:00'), pub('2026-04-07T10:00:00+08:00')],
      asOf,
      { status: 'onTime' },
    ],
    ['nothing yet, still time', [], new Date('2026-04-08T12:00:00+08:00'), { status: 'notYetDue' }],
    [
      'nothing, deadline passed',
      [],
      new Date('2026-04-09T00:00:00+08:00'),
      { status: 'missing', lateWorkdays: 1 },
    ],
    ['nothing for weeks', [], asOf, { status: 'missing', lateWorkdays: 16 }],
    ['publication after asOf ignored', [pub('2026-05-02T10:00:00+08:00')], asOf, { status: 'missing' }],
    [
      'another period does not count',
      [pub('2026-04-01T10:00:00+08:00', '2026-02')],
      asOf,
      { status: 'missing' },
    ],
  ])('%s', (_name, published, at, status) => {
    const [entry] = complianceOf(expected, published, at, cal);
    expect(entry).toMatchObject({ catalogueCode: 'village-finances', periodKey: '2026-03', ...status });
  });
});
