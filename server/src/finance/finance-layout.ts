import type ExcelJS from 'exceljs';
import type { FinanceLine } from '@sanwu/shared';

// The one sheet layout shared by the downloadable template, the parser and the export, so a
// file we hand out always reads back: labels in column A above a header row, line items below.
//
//   A1  title
//   A2  期间            B2  2026年3月
//   A3  期初余额（元）  B3  12,000.00
//   A4  期末余额（元）  B4  …
//   A6  日期 | 收支 | 会计科目 | 摘要 | 金额（元） | 凭证号 | 经手人
//   A7… line items; export adds 合计 rows after them (the parser skips them)

export const SHEET_NAME = '财务公开表';

export const LABELS = {
  period: '期间',
  opening: '期初余额（元）',
  closing: '期末余额（元）',
} as const;

/** The line-item columns in sheet order: the JSON field and its Chinese header. */
export const COLUMNS: readonly { field: keyof FinanceLine; header: string; width: number }[] = [
  { field: 'date', header: '日期', width: 13 },
  { field: 'direction', header: '收支', width: 8 },
  { field: 'subject', header: '会计科目', width: 16 },
  { field: 'description', header: '摘要', width: 36 },
  { field: 'amountFen', header: '金额（元）', width: 15 },
  { field: 'voucherNo', header: '凭证号', width: 12 },
  { field: 'handler', header: '经手人', width: 10 },
];

/** Rows whose first cell starts with one of these are totals the export wrote, not line items. */
export const TOTAL_ROW_PREFIXES = ['合计', '本期收入合计', '本期支出合计', '本期'];

export const HEADER_ROW = 6;
export const YUAN_FORMAT = '#,##0.00';

/** Excel's A1-style reference of a cell, e.g. (7, 5) → "E7". */
export function cellRef(row: number, col: number): string {
  let letters = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return `${letters}${row}`;
}

/** Writes the label block and the header row (used by the template and the export). */
export function writeHead(
  sheet: ExcelJS.Worksheet,
  title: string,
  head: { periodLabel?: string; openingYuan: number | null; closingYuan: number | null },
): void {
  sheet.columns = COLUMNS.map((c) => ({ width: c.width }));
  sheet.mergeCells(1, 1, 1, COLUMNS.length);
  const titleCell = sheet.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { bold: true, size: 14 };
  titleCell.alignment = { horizontal: 'center' };
  const rows: [string, string | number | null][] = [
    [LABELS.period, head.periodLabel ?? ''],
    [LABELS.opening, head.openingYuan],
    [LABELS.closing, head.closingYuan],
  ];
  rows.forEach(([label, value], i) => {
    sheet.getCell(2 + i, 1).value = label;
    sheet.getCell(2 + i, 1).font = { bold: true };
    const cell = sheet.getCell(2 + i, 2);
    cell.value = value;
    if (typeof value === 'number') cell.numFmt = YUAN_FORMAT;
  });
  const header = sheet.getRow(HEADER_ROW);
  COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  sheet.views = [{ state: 'frozen', ySplit: HEADER_ROW }];
}
