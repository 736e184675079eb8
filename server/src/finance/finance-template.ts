import ExcelJS from 'exceljs';
import { FINANCE_DIRECTION_LABELS } from '@sanwu/shared';
import { COLUMNS, HEADER_ROW, SHEET_NAME, writeHead, YUAN_FORMAT } from './finance-layout';

const EXAMPLE = {
  date: '2026-03-05',
  direction: FINANCE_DIRECTION_LABELS.expense,
  subject: '管理费用',
  description: '购买办公用品（示例行，可删除）',
  amountYuan: 350,
  voucherNo: '记-001',
  handler: '王会计',
};

const GUIDE = [
  '填写说明',
  '1. 在“财务公开表”工作表第 2–4 行填写期间、期初余额和期末余额（单位：元，最多两位小数）。',
  '2. 自第 7 行起每行填写一笔收支：日期写成 2026-03-05；收支填“收入”或“支出”；金额为正数（元）。',
  '3. 会计科目和摘要必填，凭证号和经手人可留空。',
  '4. 期初余额 + 收入合计 − 支出合计 必须等于期末余额，否则无法导入，系统会指出有问题的行。',
  '5. 第 7 行是示例，请删除或改成实际数据。不要改动第 6 行的表头。',
];

/** The downloadable XLSX template (Chinese headers, one example row, a guide sheet). */
export async function financeTemplateXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '三务公开';
  const sheet = workbook.addWorksheet(SHEET_NAME);
  writeHead(sheet, '财务收支明细公开表', {
    periodLabel: '2026年3月',
    openingYuan: 12000,
    closingYuan: 11650,
  });
  const row = sheet.getRow(HEADER_ROW + 1);
  const values: Record<string, string | number> = { ...EXAMPLE, amountFen: EXAMPLE.amountYuan };
  COLUMNS.forEach((c, i) => {
    row.getCell(i + 1).value = values[c.field] ?? '';
  });
  row.getCell(COLUMNS.findIndex((c) => c.field === 'amountFen') + 1).numFmt = YUAN_FORMAT;
  // Dates typed as text keep their YYYY-MM-DD form whatever the spreadsheet's locale.
  sheet.getColumn(1).numFmt = '@';
  const guide = workbook.addWorksheet('填写说明');
  guide.getColumn(1).width = 100;
  GUIDE.forEach((line, i) => {
    guide.getCell(i + 1, 1).value = line;
  });
  guide.getCell(1, 1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
