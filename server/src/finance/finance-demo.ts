import {
  addMonths,
  daysInMonth,
  formatDate,
  reconcile,
  type FinanceLine,
  type FinanceStatement,
} from '@sanwu/shared';

// A realistic month of a village's collective accounts (村集体经济组织), for the demo seed of
// published finance disclosures and for screenshots. Subjects follow the village collective
// accounting system (村集体经济组织会计制度): 经营收入, 发包及上交收入, 补助收入, 其他收入;
// 经营支出, 管理费用, 公益支出, 其他支出. Deterministic: the same month gives the same lines.

type Template = Omit<FinanceLine, 'date' | 'voucherNo'> & { day: number };

const INCOME: Template[] = [
  {
    day: 3,
    direction: 'income',
    subject: '发包及上交收入',
    description: '村东鱼塘承包费（第一季度）',
    amountFen: 1_260_000,
    handler: '王秀英',
  },
  {
    day: 8,
    direction: 'income',
    subject: '补助收入',
    description: '镇财政拨付村级组织运转经费',
    amountFen: 2_500_000,
    handler: '王秀英',
  },
  {
    day: 15,
    direction: 'income',
    subject: '经营收入',
    description: '集体厂房出租租金',
    amountFen: 860_000,
    handler: '王秀英',
  },
  {
    day: 21,
    direction: 'income',
    subject: '其他收入',
    description: '银行存款利息',
    amountFen: 3_126,
    handler: '王秀英',
  },
];

const EXPENSE: Template[] = [
  {
    day: 5,
    direction: 'expense',
    subject: '管理费用',
    description: '村两委干部误工补贴',
    amountFen: 960_000,
    handler: '李建国',
  },
  {
    day: 9,
    direction: 'expense',
    subject: '管理费用',
    description: '购买办公用品（打印纸、墨盒）',
    amountFen: 48_650,
    handler: '张丽',
  },
  {
    day: 12,
    direction: 'expense',
    subject: '公益支出',
    description: '村道路灯电费',
    amountFen: 126_480,
    handler: '张丽',
  },
  {
    day: 16,
    direction: 'expense',
    subject: '公益支出',
    description: '村内沟渠清淤（人工 12 个）',
    amountFen: 180_000,
    handler: '李建国',
  },
  {
    day: 19,
    direction: 'expense',
    subject: '经营支出',
    description: '集体厂房屋顶维修材料',
    amountFen: 235_600,
    handler: '李建国',
  },
  {
    day: 26,
    direction: 'expense',
    subject: '其他支出',
    description: '慰问困难户（米、油）',
    amountFen: 72_000,
    handler: '王秀英',
  },
];

/**
 * A reconciling monthly statement of 东山村-like accounts for `month` ('YYYY-MM'); `vary`
 * shifts amounts a little so consecutive months differ, the opening balance carries over.
 */
export function demoFinanceStatement(
  month: string,
  openingBalanceFen = 15_386_240,
  vary = 0,
): FinanceStatement {
  const [year, mon] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  const last = daysInMonth(year, mon);
  const templates = [...INCOME, ...EXPENSE].sort((a, b) => a.day - b.day);
  const lines: FinanceLine[] = templates.map((t, i) => ({
    date: formatDate(year, mon, Math.min(t.day, last)),
    direction: t.direction,
    subject: t.subject,
    description: t.description,
    // Vary by whole yuan so the sums stay readable.
    amountFen: t.amountFen + ((vary * (i + 3) * 1_700) % 90_000),
    voucherNo: `记-${String(i + 1).padStart(3, '0')}`,
    handler: t.handler,
  }));
  const draft = { periodLabel: `${year}年${mon}月`, openingBalanceFen, closingBalanceFen: 0, lines };
  const { totals } = reconcile(draft);
  return { ...draft, closingBalanceFen: totals.expectedClosingFen };
}

/** Consecutive monthly statements ending with `lastMonth` ('YYYY-MM'), balances chained. */
export function demoFinanceSeries(lastMonth: string, count: number): FinanceStatement[] {
  const series: FinanceStatement[] = [];
  let opening = 15_386_240;
  for (let i = count - 1; i >= 0; i--) {
    const month = addMonths(`${lastMonth}-01`, -i).slice(0, 7);
    const statement = demoFinanceStatement(month, opening, count - i);
    series.push(statement);
    opening = statement.closingBalanceFen;
  }
  return series;
}
