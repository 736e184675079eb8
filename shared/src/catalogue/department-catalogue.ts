import type { CatalogueItem } from './catalogue-item';

type DeptTiming = 'longTerm' | 'periodic' | 'immediate';

const dept = (
  n: number,
  code: string,
  name: string,
  timing: DeptTiming,
  cadence: 'quarterly' | 'halfYearly' | 'onEvent',
  domain: 'government' | 'finance' = 'government',
) =>
  ({
    code,
    name,
    catalogue: 'department',
    domain,
    timing,
    cadence,
    source: `seed 000 篇一 四(${n})`,
  }) as const satisfies CatalogueItem;

/**
 * A government department's 14 disclosure items (DOMAIN.md "Catalogue"; seed 000 篇一 四, names verbatim).
 * Timing classes follow 篇一 七: functions, plans and major projects are long-term (published within 5
 * working days of being settled, kept until changed); staged work and fiscal funds are periodic ("每季度或
 * 半年"); the rest is immediate (within 5 working days, shown ≥ 20 working days).
 */
export const DEPARTMENT_CATALOGUE = [
  dept(1, 'dept-functions', '部门的职能、领导分工和直属单位', 'longTerm', 'onEvent'),
  dept(2, 'dept-documents', '部门文件', 'immediate', 'onEvent'),
  dept(3, 'dept-policy-interpretation', '政策解读', 'immediate', 'onEvent'),
  dept(4, 'dept-hot-topic-responses', '热点回应', 'immediate', 'onEvent'),
  dept(5, 'dept-major-projects', '重大项目', 'longTerm', 'onEvent'),
  dept(6, 'dept-key-work', '重点工作', 'periodic', 'halfYearly'),
  dept(7, 'dept-important-meetings', '重要会议', 'immediate', 'onEvent'),
  dept(8, 'dept-emergency-management', '应急管理', 'immediate', 'onEvent'),
  dept(9, 'dept-proposals', '议案建议提案', 'immediate', 'onEvent'),
  dept(10, 'dept-plans', '规划计划', 'longTerm', 'onEvent'),
  dept(11, 'dept-fiscal-funds', '财政资金', 'periodic', 'quarterly', 'finance'),
  dept(12, 'dept-personnel', '人事信息', 'immediate', 'onEvent'),
  dept(13, 'dept-double-random', '“双随机一公开”', 'immediate', 'onEvent'),
  dept(14, 'dept-press-conferences', '新闻发布会', 'immediate', 'onEvent'),
] as const;
