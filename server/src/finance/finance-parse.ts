import ExcelJS from 'exceljs';
import {
  checkFinanceStatement,
  isValidDateString,
  MAX_FINANCE_LINES,
  formatDate,
  ValidationError,
  yuanNumberToFen,
  yuanTextToFen,
  type ApiErrorDetail,
  type FinanceStatement,
  type ReconcileReport,
} from '@sanwu/shared';
import { cellRef, COLUMNS, LABELS, TOTAL_ROW_PREFIXES } from './finance-layout';

// Reads a finance statement from an XLSX file laid out like our template. Every problem names
// the sheet row (第N行), the column and the cell reference, so the cadre fixes the file in one go.

export interface FinanceXlsxResult {
  /** The statement when every cell was readable and every line valid (it may still not reconcile). */
  statement: FinanceStatement | null;
  report: ReconcileReport;
  /** The report's problems located in the sheet; empty when the file can be imported. */
  details: ApiErrorDetail[];
}

type Cell = ExcelJS.CellValue;

function plain(value: Cell): Cell {
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return plain(value.result as Cell);
    if ('text' in value) return String(value.text);
    if ('error' in value) return null;
  }
  return value;
}

function text(value: Cell): string {
  const v = plain(value);
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).trim();
}

const EXCEL_EPOCH_DAY = Date.UTC(1899, 11, 30) / 86_400_000;

/** A cell as a YYYY-MM-DD date: date cells, Excel serial numbers and common typed forms. */
function readDate(value: Cell): string | null {
  const v = plain(value);
  // NOTE: exceljs turns a date cell into the wall-clock time as a UTC instant, so the UTC
  // fields are the date the cadre typed whatever the host time zone.
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 2_958_466) {
    return new Date((EXCEL_EPOCH_DAY + v) * 86_400_000).toISOString().slice(0, 10);
  }
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text(v).normalize('NFKC'));
  if (!m) return null;
  const date = formatDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return isValidDateString(date) ? date : null;
}

function readFen(value: Cell): number | null {
  const v = plain(value);
  if (typeof v === 'number') return yuanNumberToFen(v);
  return yuanTextToFen(text(v));
}

const DIRECTIONS: Record<string, 'income' | 'expense'> = {
  收入: 'income',
  收: 'income',
  income: 'income',
  支出: 'expense',
  支: 'expense',
  expense: 'expense',
};

interface Located {
  row: number;
  col: number;
}

function findLabelRow(sheet: ExcelJS.Worksheet, label: string, before: number): number | null {
  const key = label.replace(/（.*）/, '');
  for (let r = 1; r < before; r++) if (text(sheet.getCell(r, 1).value).startsWith(key)) return r;
  return null;
}

function findHeaderRow(sheet: ExcelJS.Worksheet): number | null {
  for (let r = 1; r <= Math.min(sheet.rowCount, 30); r++) {
    if (
      COLUMNS.every((c, i) => text(sheet.getCell(r, i + 1).value).startsWith(c.header.replace(/（.*）/, '')))
    ) {
      return r;
    }
  }
  return null;
}

const fail = (path: string, message: string): FinanceXlsxResult => ({
  statement: null,
  report: {
    ok: false,
    totals: { incomeFen: 0, expenseFen: 0, expectedClosingFen: 0 },
    totalsBySubject: [],
    problems: [{ row: null, field: '', message }],
  },
  details: [{ path, message }],
});

/**
 * Reads the first sheet of an XLSX finance statement without throwing on content problems:
 * `details` lists every faulty cell as `{ path: 'E7', message: '第7行「金额（元）」：…' }`.
 */
export async function readFinanceXlsx(buffer: Buffer): Promise<FinanceXlsxResult> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    return fail('file', 'Excel 文件无法读取，请使用下载的模板另存为 .xlsx 后重试');
  }
  const sheet = workbook.worksheets[0];
  const headerRow = sheet ? findHeaderRow(sheet) : null;
  if (!sheet || headerRow === null) {
    return fail('file', `找不到表头（${COLUMNS.map((c) => c.header).join('、')}），请使用下载的模板`);
  }
  const cellProblems = new Map<string, string>(); // "row:field" → message, from reading cells
  const at = new Map<string, Located>(); // "row:field" → sheet cell, for locating report problems

  const labelRows = {
    periodLabel: findLabelRow(sheet, LABELS.period, headerRow),
    openingBalanceFen: findLabelRow(sheet, LABELS.opening, headerRow),
    closingBalanceFen: findLabelRow(sheet, LABELS.closing, headerRow),
  };
  const balance = (field: 'openingBalanceFen' | 'closingBalanceFen', label: string): unknown => {
    const row = labelRows[field];
    if (row === null) {
      cellProblems.set(`null:${field}`, `缺少“${label}”一行`);
      return undefined;
    }
    at.set(`null:${field}`, { row, col: 2 });
    const fen = readFen(sheet.getCell(row, 2).value);
    if (fen === null) cellProblems.set(`null:${field}`, `${label}应为数字（单位：元，最多两位小数）`);
    return fen ?? undefined;
  };
  const head = {
    periodLabel:
      labelRows.periodLabel === null
        ? undefined
        : text(sheet.getCell(labelRows.periodLabel, 2).value) || undefined,
    openingBalanceFen: balance('openingBalanceFen', LABELS.opening),
    closingBalanceFen: balance('closingBalanceFen', LABELS.closing),
  };
  if (labelRows.closingBalanceFen !== null)
    at.set('null:closingBalanceFen', { row: labelRows.closingBalanceFen, col: 2 });

  const lines: Record<string, unknown>[] = [];
  const sheetRows: number[] = [];
  // NOTE: eachRow visits only rows that exist in the file; looping to rowCount with getCell would
  // create a million row objects for a sheet whose formatting reaches the last row.
  const dataRows: { r: number; cells: Cell[] }[] = [];
  sheet.eachRow((row, r) => {
    if (r <= headerRow || dataRows.length > MAX_FINANCE_LINES) return;
    const cells = COLUMNS.map((_, i) => row.getCell(i + 1).value);
    if (cells.every((c) => text(c) === '')) return;
    if (TOTAL_ROW_PREFIXES.some((p) => text(cells[0] ?? null).startsWith(p))) return;
    dataRows.push({ r, cells });
  });
  for (const { r, cells } of dataRows) {
    const lineNo = lines.length + 1;
    sheetRows.push(r);
    const line: Record<string, unknown> = {};
    COLUMNS.forEach((column, i) => {
      const raw = cells[i] ?? null;
      const key = `${lineNo}:${column.field}`;
      at.set(key, { row: r, col: i + 1 });
      if (column.field === 'date') {
        line.date = readDate(raw) ?? text(raw);
        if (readDate(raw) === null && text(raw) !== '')
          cellProblems.set(key, '日期应写成 2026-03-05 这样的真实日期');
      } else if (column.field === 'direction') {
        line.direction = DIRECTIONS[text(raw)] ?? text(raw);
        if (!DIRECTIONS[text(raw)]) cellProblems.set(key, '收支应填写“收入”或“支出”');
      } else if (column.field === 'amountFen') {
        const fen = readFen(raw);
        line.amountFen = fen ?? text(raw);
        if (fen === null)
          cellProblems.set(key, text(raw) === '' ? '请填写金额' : '金额应为数字（单位：元，最多两位小数）');
      } else {
        line[column.field] = text(raw);
      }
    });
    lines.push(line);
  }

  const { report, statement } = checkFinanceStatement({ ...head, lines });
  const details: ApiErrorDetail[] = [];
  const seen = new Set<string>();
  for (const problem of report.problems) {
    const key = `${problem.row}:${problem.field}`;
    if (seen.has(key)) continue; // one message per cell
    seen.add(key);
    const message = cellProblems.get(key) ?? problem.message;
    problem.message = message;
    if (problem.row !== null) problem.row = sheetRows[problem.row - 1] ?? problem.row;
    const cell = at.get(key);
    const header = COLUMNS.find((c) => c.field === problem.field)?.header;
    const label =
      header ??
      (problem.field === 'openingBalanceFen'
        ? LABELS.opening
        : problem.field === 'closingBalanceFen'
          ? LABELS.closing
          : LABELS.period);
    details.push({
      path: cell ? cellRef(cell.row, cell.col) : problem.field,
      message: cell ? `第${cell.row}行「${label}」：${message}` : message,
    });
  }
  report.problems = report.problems.filter(
    (p, i, all) => all.findIndex((q) => q.row === p.row && q.field === p.field) === i,
  );
  return { statement, report, details };
}

/**
 * Parses an XLSX finance statement; throws 400 VALIDATION_FAILED listing every faulty cell
 * (第N行 and the column) when a cell is unreadable, a line invalid or the totals do not reconcile.
 */
export async function parseFinanceXlsx(
  buffer: Buffer,
): Promise<{ statement: FinanceStatement; report: ReconcileReport }> {
  const result = await readFinanceXlsx(buffer);
  if (!result.statement || !result.report.ok) {
    throw new ValidationError(
      `财务公开表有 ${result.details.length} 处问题，请修改后重新上传`,
      result.details,
    );
  }
  return { statement: result.statement, report: result.report };
}
