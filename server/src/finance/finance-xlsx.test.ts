import ExcelJS from 'exceljs';
import { isAppError, type FinanceStatement } from '@sanwu/shared';
// Test support of shared (not in its barrel or build): runs the cases under several host TZs.
import { describeInTimeZones } from '../../../shared/src/calendar/time-zones.testing';
import { financeStatementXlsx } from './finance-export';
import { parseFinanceXlsx, readFinanceXlsx } from './finance-parse';
import { financeTemplateXlsx } from './finance-template';

type Row = (string | number | Date | null)[];

/** A workbook in the template's layout with the given balances and line rows (from row 7). */
async function sheetFile(opening: unknown, closing: unknown, rows: Row[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('财务公开表');
  ws.getCell('A1').value = '财务收支明细公开表';
  ws.getCell('A2').value = '期间';
  ws.getCell('B2').value = '2026年3月';
  ws.getCell('A3').value = '期初余额（元）';
  ws.getCell('B3').value = opening as ExcelJS.CellValue;
  ws.getCell('A4').value = '期末余额（元）';
  ws.getCell('B4').value = closing as ExcelJS.CellValue;
  ws.getRow(6).values = ['日期', '收支', '会计科目', '摘要', '金额（元）', '凭证号', '经手人'];
  rows.forEach((r, i) => {
    ws.getRow(7 + i).values = r;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const GOOD: Row[] = [
  ['2026-03-02', '收入', '经营收入', '鱼塘承包费', 5000, '记-001', '王会计'],
  [new Date(Date.UTC(2026, 2, 9)), '支出', '管理费用', '办公用品', '1,234.50', '记-002', '李主任'],
  ['2026/3/20', '支出', '公益支出', '路灯电费', 12.3, '', ''],
];

describeInTimeZones('reading dates and amounts from XLSX', () => {
  it('reads a good file into fen, whatever form the dates and amounts were typed in', async () => {
    const { statement, report } = await parseFinanceXlsx(
      await sheetFile(10000, 10000 + 5000 - 1234.5 - 12.3, GOOD),
    );
    expect(report.ok).toBe(true);
    expect(statement).toEqual({
      periodLabel: '2026年3月',
      openingBalanceFen: 1000000,
      closingBalanceFen: 1375320,
      lines: [
        {
          date: '2026-03-02',
          direction: 'income',
          subject: '经营收入',
          description: '鱼塘承包费',
          amountFen: 500000,
          voucherNo: '记-001',
          handler: '王会计',
        },
        {
          date: '2026-03-09',
          direction: 'expense',
          subject: '管理费用',
          description: '办公用品',
          amountFen: 123450,
          voucherNo: '记-002',
          handler: '李主任',
        },
        {
          date: '2026-03-20',
          direction: 'expense',
          subject: '公益支出',
          description: '路灯电费',
          amountFen: 1230,
          voucherNo: '',
          handler: '',
        },
      ],
    });
  });
});

describe('reading a finance statement from XLSX', () => {
  it('skips blank rows and keeps naming the sheet row of each line', async () => {
    const file = await sheetFile(0, 0, [GOOD[0]!, [], ['2026-02-30', '支出', '管理费用', '电费', 1, '', '']]);
    const { details } = await readFinanceXlsx(file);
    expect(details).toContainEqual({
      path: 'A9',
      message: '第9行「日期」：日期应写成 2026-03-05 这样的真实日期',
    });
  });

  it('names every faulty cell of a broken file at once', async () => {
    const file = await sheetFile(100, 999, [
      ['2026-13-01', '收入', '经营收入', '承包费', 50, '', ''],
      ['2026-03-02', '借款', '经营收入', '承包费', 50, '', ''],
      ['2026-03-03', '支出', '管理费用', '办公用品', -20, '', ''],
      ['2026-03-04', '支出', '管理费用', '办公用品', '二十元', '', ''],
      ['2026-03-05', '支出', '', '', 20.123, '', ''],
    ]);
    const err = await parseFinanceXlsx(file).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe('VALIDATION_FAILED');
    const details = (err as { details: { path: string; message: string }[] }).details;
    expect(details).toEqual([
      { path: 'A7', message: '第7行「日期」：日期应写成 2026-03-05 这样的真实日期' },
      { path: 'B8', message: '第8行「收支」：收支应填写“收入”或“支出”' },
      { path: 'E9', message: '第9行「金额（元）」：金额应大于 0' },
      { path: 'E10', message: '第10行「金额（元）」：金额应为数字（单位：元，最多两位小数）' },
      { path: 'C11', message: '第11行「会计科目」：请填写会计科目' },
      { path: 'D11', message: '第11行「摘要」：请填写摘要' },
      { path: 'E11', message: '第11行「金额（元）」：金额应为数字（单位：元，最多两位小数）' },
    ]);
  });

  it('points at the closing balance when the totals do not reconcile', async () => {
    const err = await parseFinanceXlsx(await sheetFile(10000, 20000, GOOD)).catch((e: unknown) => e);
    expect(isAppError(err) && err.details).toEqual([
      { path: 'B4', message: expect.stringMatching(/^第4行「期末余额（元）」：收支不平.*相差 6,246.80 元$/) },
    ]);
  });

  it.each([
    [
      'text in the opening balance',
      '一万',
      0,
      'B3',
      '第3行「期初余额（元）」：期初余额（元）应为数字（单位：元，最多两位小数）',
    ],
    [
      'a missing closing balance',
      0,
      null,
      'B4',
      '第4行「期末余额（元）」：期末余额（元）应为数字（单位：元，最多两位小数）',
    ],
  ])('names %s', async (_case, opening, closing, path, message) => {
    const { details } = await readFinanceXlsx(await sheetFile(opening, closing, []));
    expect(details).toEqual([{ path, message }]);
  });

  it.each([['a file that is not a workbook', Buffer.from('<html>hello</html>'), 'Excel 文件无法读取']])(
    'refuses %s with one clear message',
    async (_case, buffer, message) => {
      const err = await parseFinanceXlsx(buffer).catch((e: unknown) => e);
      expect(isAppError(err) && err.details?.[0]?.message).toContain(message);
    },
  );

  it('refuses more than 2000 lines', async () => {
    const rows = Array.from({ length: 2001 }, () => GOOD[0]!);
    const { details } = await readFinanceXlsx(await sheetFile(0, 0, rows));
    expect(details).toEqual([{ path: 'lines', message: '明细不能超过 2000 行' }]);
  });

  it('reads a sheet whose formatting reaches far below the data without visiting empty rows', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await financeTemplateXlsx()) as unknown as ArrayBuffer);
    wb.worksheets[0]!.getCell('G500000').value = '';
    const started = Date.now();
    const { statement } = await parseFinanceXlsx(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(statement.lines).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a workbook without the header row', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').getCell('A1').value = '随便写的表';
    const { details } = await readFinanceXlsx(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(details[0]?.message).toContain('找不到表头');
  });
});

describe('the template and the export', () => {
  it('reads the downloadable template back as its example statement', async () => {
    const { statement, report } = await parseFinanceXlsx(await financeTemplateXlsx());
    expect(report.ok).toBe(true);
    expect(statement.openingBalanceFen).toBe(1200000);
    expect(statement.lines).toEqual([
      expect.objectContaining({
        date: '2026-03-05',
        direction: 'expense',
        subject: '管理费用',
        amountFen: 35000,
      }),
    ]);
  });

  it('exports a statement that re-imports unchanged, with totals and a subject summary', async () => {
    const { statement } = await parseFinanceXlsx(await sheetFile(10000, 10000 + 5000 - 1234.5 - 12.3, GOOD));
    const file = await financeStatementXlsx(statement, { orgName: '东山村' });
    expect((await parseFinanceXlsx(file)).statement).toEqual(statement satisfies FinanceStatement);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('财务公开表')!;
    expect(sheet.getCell('A1').value).toBe('东山村财务收支明细公开表');
    expect([sheet.getCell('A11').value, sheet.getCell('E11').value]).toEqual(['本期收入合计', 5000]);
    expect([sheet.getCell('A12').value, sheet.getCell('E12').value]).toEqual(['本期支出合计', 1246.8]);
    expect(wb.getWorksheet('按科目汇总')!.getRow(2).values).toEqual([undefined, '收入', '经营收入', 1, 5000]);
  });
});
