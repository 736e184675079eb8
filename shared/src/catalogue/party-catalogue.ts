import type { CatalogueItem } from './catalogue-item';

const party = (
  code: string,
  name: string,
  timing: 'longTerm' | 'periodic' | 'immediate',
  cadence: 'quarterly' | 'halfYearly' | 'onEvent',
  source: string,
  publicNotice = false,
) =>
  ({
    code,
    name,
    catalogue: 'party',
    domain: 'party',
    timing,
    cadence,
    ...(publicNotice ? { publicNotice: true } : {}),
    source,
  }) as const satisfies CatalogueItem;

/**
 * Village party-affairs items (DOMAIN.md "Catalogue": fixed, periodic and ad-hoc items; seed 000 篇四
 * "村级党务公开", names verbatim): fixed items (固定公开) are long-term; periodic items (定期公开) — party
 * dues quarterly, the rest half-yearly; ad-hoc items (不定期公开) such as party-member development are
 * published when they arise, development candidates as a 公示 of ≥ 7 days (seed 003).
 */
export const PARTY_CATALOGUE = [
  party('party-org-setup', '村两委组织设置和人员分工情况', 'longTerm', 'onEvent', 'seed 000 篇四 固定(1)'),
  party('party-work-plan', '党建工作计划和上一目标完成情况', 'longTerm', 'onEvent', 'seed 000 篇四 固定(2)'),
  party(
    'party-disclosure-groups',
    '党务公开领导小组及监督小组人员组成情况及监督电话',
    'longTerm',
    'onEvent',
    'seed 000 篇四 固定(3)',
  ),
  party('party-member-review', '上一党员民主评议情况', 'longTerm', 'onEvent', 'seed 000 篇四 固定(4)'),
  party('party-members', '党员基本情况', 'longTerm', 'onEvent', 'seed 000 篇四 不定期(2)'),
  party('party-dues', '党员党费缴纳情况', 'periodic', 'quarterly', 'seed 000 篇四 定期(1)'),
  party(
    'party-member-activities',
    '党员参加组织活动情况以及群众评议情况',
    'periodic',
    'halfYearly',
    'seed 000 篇四 定期(2)',
  ),
  party(
    'party-branch-goals',
    '支部当年工作目标进展或完成情况',
    'periodic',
    'halfYearly',
    'seed 000 篇四 定期(3)',
  ),
  party('party-member-pairing', '党员结对帮扶情况', 'periodic', 'halfYearly', 'seed 000 篇四 定期(4)'),
  party('party-member-development', '党员发展情况', 'immediate', 'onEvent', 'seed 000 篇四 不定期(1)', true),
  party('party-activists', '入党积极分子公示表', 'immediate', 'onEvent', 'seed 000 篇四 不定期(2)', true),
  party(
    'party-other',
    '镇党委和村党支部认为需要公开的其他内容',
    'immediate',
    'onEvent',
    'seed 000 篇四 不定期(2)',
  ),
] as const;
