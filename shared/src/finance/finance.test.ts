import {
  formatYuan,
  reconcile,
  checkFinanceStatement,
  yuanNumberToFen,
  yuanTextToFen,
  ZFinanceStatement,
  type FinanceLineInput,
} from '..';

const line = (patch: Partial<Record<keyof FinanceLineInput, unknown>> = {}) => ({
  date: '2026-03-05',
  direction: 'income',
  subject: '经营收入',
  description: '鱼塘承包费',
  amountFen: 500000,
  voucherNo: '记-001',
  handler: '王会计',
  ...patch,
});

describe('reconcile', () => {
  it('accepts a statement whose opening + income − expense equals closing', () => {
    const report = reconcile({
      periodLabel: '2026年3月',
      openingBalanceFen: 100000,
      closingBalanceFen: 100000 + 500000 + 20000 - 35000 - 1000,
      lines: [
        line(),
        line({ subject: '补助收入', amountFen: 20000 }),
        line({ direction: 'expense', subject: '管理费用', description: '办公用品', amountFen: 35000 }),
        line({ direction: 'expense', subject: '管理费用', description: '电费', amountFen: 1000 }),
      ],
    });
    expect(report).toEqual({
      ok: true,
      totals: { incomeFen: 520000, expenseFen: 36000, expectedClosingFen: 584000 },
      totalsBySubject: [
        { direction: 'income', subject: '经营收入', amountFen: 500000, lineCount: 1 },
        { direction: 'income', subject: '补助收入', amountFen: 20000, lineCount: 1 },
        { direction: 'expense', subject: '管理费用', amountFen: 36000, lineCount: 2 },
      ],
      problems: [],
    });
  });

  it('accepts an empty period whose balance did not move', () => {
    expect(reconcile({ openingBalanceFen: 5, closingBalanceFen: 5, lines: [] }).ok).toBe(true);
  });

  it('refuses balances that do not reconcile and says by how much', () => {
    const report = reconcile({ openingBalanceFen: 100000, closingBalanceFen: 600001, lines: [line()] });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      {
        row: null,
        field: 'closingBalanceFen',
        message: expect.stringContaining('与期末余额 6,000.01 元相差 0.01 元'),
      },
    ]);
  });

  it.each([
    ['an impossible date', { date: '2026-02-30' }, 'date', '日期应为真实存在的日期'],
    ['a date in another format', { date: '2026/3/5' }, 'date', '日期应为真实存在的日期'],
    ['a missing date', { date: undefined }, 'date', '日期应为 YYYY-MM-DD 格式'],
    ['an unknown direction', { direction: 'loan' }, 'direction', '收支类型应为'],
    ['an empty subject', { subject: '  ' }, 'subject', '请填写会计科目'],
    ['a missing description', { description: undefined }, 'description', '请填写摘要'],
    ['a negative amount', { amountFen: -100 }, 'amountFen', '金额应大于 0'],
    ['a zero amount', { amountFen: 0 }, 'amountFen', '金额应大于 0'],
    ['a fractional amount', { amountFen: 1.5 }, 'amountFen', '金额应为整数（单位：分）'],
    ['text in the amount', { amountFen: '一百' }, 'amountFen', '金额应为整数（单位：分）'],
    ['an absurd amount', { amountFen: 1e13 }, 'amountFen', '金额超出允许范围'],
    ['a too-long voucher number', { voucherNo: 'x'.repeat(41) }, 'voucherNo', '凭证号不能超过 40 个字符'],
  ])('names the row and field of %s', (_case, patch, field, message) => {
    const report = reconcile({
      openingBalanceFen: 0,
      closingBalanceFen: 1000000,
      lines: [line(), line(patch)],
    });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([{ row: 2, field, message: expect.stringContaining(message) }]);
    // the valid line still counts, the faulty one does not, and no balance error is piled on top
    expect(report.totals.incomeFen).toBe(500000);
  });

  it('numbers rows from firstRow so a spreadsheet import names sheet rows', () => {
    const report = reconcile(
      { openingBalanceFen: 0, closingBalanceFen: 0, lines: [line({ date: 'x' })] },
      { firstRow: 7 },
    );
    expect(report.problems[0]).toMatchObject({ row: 7, field: 'date' });
  });

  it.each([
    ['a missing opening balance', { openingBalanceFen: undefined }, 'openingBalanceFen'],
    ['a fractional closing balance', { closingBalanceFen: 1.5 }, 'closingBalanceFen'],
    ['lines that are not a list', { lines: 'x' }, 'lines'],
    ['too many lines', { lines: Array.from({ length: 2001 }, () => line()) }, 'lines'],
  ])('reports %s as a problem of the whole statement', (_case, patch, field) => {
    const report = reconcile({ openingBalanceFen: 0, closingBalanceFen: 500000, lines: [line()], ...patch });
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual({
      row: null,
      field,
      message: expect.stringMatching(/[\u4e00-\u9fff]/),
    });
  });

  it('returns the typed statement with defaults once everything is valid', () => {
    const { statement } = checkFinanceStatement({
      openingBalanceFen: 0,
      closingBalanceFen: 500000,
      lines: [line({ voucherNo: undefined, handler: undefined, subject: ' 经营收入 ' })],
    });
    expect(statement?.lines[0]).toMatchObject({ subject: '经营收入', voucherNo: '', handler: '' });
    expect(ZFinanceStatement.parse(statement)).toEqual(statement);
  });

  it('returns no statement while a line is faulty', () => {
    expect(
      checkFinanceStatement({ openingBalanceFen: 0, closingBalanceFen: 0, lines: [line({ date: '' })] })
        .statement,
    ).toBeNull();
  });
});

describe('yuan and fen', () => {
  it.each([
    ['12', 1200],
    ['12.3', 1230],
    ['12.34', 1234],
    ['1,234.56', 123456],
    ['１２.３０', 1230],
    ['¥3.20', 320],
    ['3.20元', 320],
    ['-8', -800],
    ['0.07', 7],
    ['12.345', null],
    ['abc', null],
    ['', null],
    ['1e3', null],
  ])('reads the typed amount %p as %p fen', (text, fen) => {
    expect(yuanTextToFen(text)).toBe(fen);
  });

  it.each([
    [12.3, 1230],
    [0.1 + 0.2, 30],
    [19.99, 1999],
    [1234567.89, 123456789],
    [12.345, null],
    [Number.NaN, null],
  ])('reads the spreadsheet number %p as %p fen', (value, fen) => {
    expect(yuanNumberToFen(value)).toBe(fen);
  });

  it.each([
    [123456, '1,234.56'],
    [5, '0.05'],
    [-5, '-0.05'],
    [0, '0.00'],
    [100000000, '1,000,000.00'],
  ])('formats %p fen as %p yuan', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });
});
