import { render, screen } from '@testing-library/react';
import type { FinanceStatement } from '@sanwu/shared';
import { FinanceTable, summarise } from './finance-table';

const statement: FinanceStatement = {
  periodLabel: '2026年2月',
  openingBalanceFen: 1_000_000,
  closingBalanceFen: 1_150_000,
  lines: [
    {
      date: '2026-02-03',
      direction: 'income',
      subject: '上级补助',
      description: '修路补助',
      amountFen: 300_000,
      voucherNo: '记-01',
      handler: '',
    },
    {
      date: '2026-02-10',
      direction: 'expense',
      subject: '管理费用',
      description: '办公用品',
      amountFen: 50_000,
      voucherNo: '',
      handler: '',
    },
    {
      date: '2026-02-18',
      direction: 'expense',
      subject: '公益事业',
      description: '路灯',
      amountFen: 100_000,
      voucherNo: '',
      handler: '',
    },
  ],
};

describe('the finance statement', () => {
  it('adds income and expense by subject, biggest first', () => {
    expect(summarise(statement)).toEqual({
      income: 300_000,
      expense: 150_000,
      subjects: [
        { subject: '上级补助', income: 300_000, expense: 0 },
        { subject: '公益事业', income: 0, expense: 100_000 },
        { subject: '管理费用', income: 0, expense: 50_000 },
      ],
    });
  });

  it('shows balances, totals in yuan and one bar per subject', () => {
    render(<FinanceTable statement={statement} />);
    expect(screen.getByText(/本期收入：3,?000\.00 元/)).toBeTruthy();
    expect(screen.getByText(/本期支出：1,?500\.00 元/)).toBeTruthy();
    expect(screen.getByText(/期末余额：11,?500\.00 元/)).toBeTruthy();
    expect(document.querySelectorAll('.chart-bar')).toHaveLength(3);
    expect(screen.getByText('合计')).toBeTruthy();
  });
});
