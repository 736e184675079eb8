import type { CatalogueItem } from './catalogue-item';

const village = (
  n: number,
  code: string,
  name: string,
  domain: 'village' | 'finance',
  cadence: 'monthly' | 'halfYearly' | 'onEvent',
) =>
  ({
    code,
    name,
    catalogue: 'village',
    domain,
    timing: cadence === 'onEvent' ? 'immediate' : 'periodic',
    cadence,
    source: `seed 000 篇二 一.${n}`,
  }) as const satisfies CatalogueItem;

/**
 * A village's 15 disclosure items (DOMAIN.md "Catalogue"; seed 000 篇二 一, names verbatim). Cadences follow
 * 篇二 二: items about money (2–11) monthly, the rest at least every half year; item 15 — whatever 1/10 of
 * villagers or 1/3 of representatives ask for — is published on demand (DOMAIN.md "Joint request").
 */
export const VILLAGE_CATALOGUE = [
  village(1, 'village-plans', '本村经济社会发展规划、村民委员会工作计划及执行情况', 'village', 'halfYearly'),
  village(2, 'village-finances', '财务计划及各项收入、支出和债权债务情况', 'finance', 'monthly'),
  village(
    3,
    'village-collective-assets',
    '集体资产及其经营管理情况,包括土地、物业等生产资料的经营情况和集体企业承包经营方案、投标结果、承包费收缴、合同履行情况',
    'finance',
    'monthly',
  ),
  village(4, 'village-collective-income', '村集体经济收益及使用情况', 'finance', 'monthly'),
  village(
    5,
    'village-projects',
    '兴办村集体经济项目和公益事业的经费筹集以及招投标、建设承包方案及实施情况',
    'finance',
    'monthly',
  ),
  village(6, 'village-land-compensation', '征用集体所有土地各项补偿的收入和使用情况', 'finance', 'monthly'),
  village(
    7,
    'village-relief-funds',
    '救灾救济、扶贫助残、拥军优属、社会捐赠等款物的接收、发放、使用情况',
    'finance',
    'monthly',
  ),
  village(
    8,
    'village-township-subsidies',
    '镇人民政府下拨的补助经费、专项经费的收支情况',
    'finance',
    'monthly',
  ),
  village(9, 'village-farmer-burdens', '农民负担各种费用的情况', 'finance', 'monthly'),
  village(10, 'village-medical-fees', '村合作医疗费的收缴和开支情况', 'finance', 'monthly'),
  village(
    11,
    'village-cadre-pay',
    '村干部工资、奖金、补贴及其他福利,公务活动方面的开支情况',
    'finance',
    'monthly',
  ),
  village(12, 'village-homesteads', '当年宅基地的申报、批准和使用情况', 'village', 'halfYearly'),
  village(
    13,
    'village-family-planning',
    '安排计划生育指标、落实计划生育节育措施和计划生育费的收缴、管理、使用情况',
    'village',
    'halfYearly',
  ),
  village(14, 'village-township-assistance', '协助镇人民政府开展工作情况', 'village', 'halfYearly'),
  village(
    15,
    'village-joint-request',
    '村十分之一以上村民或者三分之一以上村民代表要求公开的其他事项',
    'village',
    'onEvent',
  ),
] as const;
