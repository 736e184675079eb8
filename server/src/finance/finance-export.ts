import ExcelJS from 'exceljs';
import { FINANCE_DIRECTION_LABELS, reconcile, type FinanceStatement } from '@sanwu/shared';
import { COLUMNS, HEADER_ROW, SHEET_NAME, writeHead, YUAN_FORMAT } from './finance-layout';

export interface FinanceExportMeta {
  /** Shown in the title, e.g. 东山村. */
  orgName: string;
  /** Defaults to 财务收支明细公开表. */
  title?: string;
}

const yuan = (fen: number) => fen / 100;

/**
 * The statement as an XLSX file in the template's layout (so it re-imports unchanged), with
 * income/expense totals after the lines and a per-subject summary sheet.
 */
export async function financeStatementXlsx(
  statement: FinanceStatement,
  meta: FinanceExportMeta,
): Promise<Buffer> {
  const report = reconcile(statement);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '三务公开';
  const sheet = workbook.addWorksheet(SHEET_NAME);
  writeHead(sheet, `${meta.orgName}${meta.title ?? '财务收支明细公开表'}`, {
    periodLabel: statement.periodLabel,
    openingYuan: yuan(statement.openingBalanceFen),
    closingYuan: yuan(statement.closingBalanceFen),
  });
  const amountCol = COLUMNS.findIndex((c) => c.field === 'amountFen') + 1;
  statement.lines.forEach((line, i) => {
    const row = sheet.getRow(HEADER_ROW + 1 + i);
    COLUMNS.forEach((c, col) => {
      const value =
        c.field === 'amountFen'
          ? yuan(line.amountFen)
          : c.field === 'direction'
            ? FINANCE_DIRECTION_LABELS[line.direction]
            : line[c.field];
      row.getCell(col + 1).value = value;
    });
    row.getCell(amountCol).numFmt = YUAN_FORMAT;
  });
  const totalsAt = HEADER_ROW + statement.lines.length + 2;
  const totals: [string, number][] = [
    ['本期收入合计', report.totals.incomeFen],
    ['本期支出合计', report.totals.expenseFen],
  ];
  totals.forEach(([label, fen], i) => {
    const row = sheet.getRow(totalsAt + i);
    row.getCell(1).value = label;
    row.getCell(1).font = { bold: true };
    row.getCell(amountCol).value = yuan(fen);
    row.getCell(amountCol).numFmt = YUAN_FORMAT;
    row.getCell(amountCol).font = { bold: true };
  });

  const summary = workbook.addWorksheet('按科目汇总');
  summary.columns = [
    { header: '收支', width: 8 },
    { header: '会计科目', width: 18 },
    { header: '笔数', width: 8 },
    { header: '金额（元）', width: 16, style: { numFmt: YUAN_FORMAT } },
  ];
  summary.getRow(1).font = { bold: true };
  for (const t of report.totalsBySubject) {
    summary.addRow([FINANCE_DIRECTION_LABELS[t.direction], t.subject, t.lineCount, yuan(t.amountFen)]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
