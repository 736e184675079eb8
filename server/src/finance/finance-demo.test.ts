import { reconcile } from '@sanwu/shared';
import { demoBoardPhoto } from '../attachments/demo-photo';
import { sniffType } from '../attachments/file-type';
import { demoFinanceSeries, demoFinanceStatement } from './finance-demo';
import { financeStatementXlsx } from './finance-export';
import { parseFinanceXlsx } from './finance-parse';

describe('demo data', () => {
  it.each(['2026-02', '2026-03', '2026-12'])(
    'gives a statement for %s that reconciles and survives XLSX',
    async (month) => {
      const statement = demoFinanceStatement(month);
      expect(reconcile(statement)).toMatchObject({ ok: true, problems: [] });
      expect(statement.lines.every((l) => l.date.startsWith(month))).toBe(true);
      expect(
        (await parseFinanceXlsx(await financeStatementXlsx(statement, { orgName: '东山村' }))).statement,
      ).toEqual(statement);
    },
  );

  it('chains the balances of consecutive months', () => {
    const series = demoFinanceSeries('2026-03', 3);
    expect(series.map((s) => s.periodLabel)).toEqual(['2026年1月', '2026年2月', '2026年3月']);
    expect(series[1]!.openingBalanceFen).toBe(series[0]!.closingBalanceFen);
    expect(series[2]!.openingBalanceFen).toBe(series[1]!.closingBalanceFen);
    expect(series[0]!.lines[0]!.amountFen).not.toBe(series[1]!.lines[0]!.amountFen);
  });

  it('draws a bulletin-board photo that uploads as a JPEG', async () => {
    expect(sniffType(await demoBoardPhoto(1))?.mime).toBe('image/jpeg');
  });
});
