import { z } from 'zod';
import {
  MAX_FINANCE_LINES,
  ZFinanceLine,
  ZFinanceStatement,
  type FinanceLine,
  type FinanceProblem,
  type FinanceStatement,
  type ReconcileReport,
  type SubjectTotal,
} from './finance.schema';
import { formatYuan } from './money';

// DOMAIN.md "Finance statements": "opening and closing balance; totals must reconcile".
// Issue 6: "totals must reconcile or the draft is refused with the rows at fault".

/** Options of {@link reconcile}. */
export interface ReconcileOptions {
  /**
   * The row number reported for the first line (default 1). An XLSX import passes the sheet row
   * of its first data row so problems name the rows people see in Excel.
   */
  firstRow?: number;
}

/** The report plus the typed statement when every line and balance is valid (even if it does not reconcile). */
export interface FinanceCheck {
  report: ReconcileReport;
  statement: FinanceStatement | null;
}

const ZBalances = ZFinanceStatement.pick({
  periodLabel: true,
  openingBalanceFen: true,
  closingBalanceFen: true,
});

function issuesToProblems(issues: readonly z.core.$ZodIssue[], row: number | null): FinanceProblem[] {
  return issues.map((issue) => ({ row, field: issue.path.map(String).join('.'), message: issue.message }));
}

/** Sums valid lines per direction and per (direction, subject), subjects in order of first appearance. */
function sumLines(lines: readonly FinanceLine[]) {
  let incomeFen = 0;
  let expenseFen = 0;
  const bySubject = new Map<string, SubjectTotal>();
  for (const line of lines) {
    if (line.direction === 'income') incomeFen += line.amountFen;
    else expenseFen += line.amountFen;
    const key = `${line.direction}\u0000${line.subject}`;
    const total = bySubject.get(key) ?? {
      direction: line.direction,
      subject: line.subject,
      amountFen: 0,
      lineCount: 0,
    };
    total.amountFen += line.amountFen;
    total.lineCount += 1;
    bySubject.set(key, total);
  }
  const totalsBySubject = [...bySubject.values()].sort(
    (a, b) =>
      (a.direction === b.direction ? 0 : a.direction === 'income' ? -1 : 1) || b.amountFen - a.amountFen,
  );
  return { incomeFen, expenseFen, totalsBySubject };
}

/**
 * Checks a finance statement line by line and checks that opening + income − expense = closing.
 * Accepts untyped input (a form's JSON or rows read from a spreadsheet) so that every faulty row
 * is reported at once; totals count only the valid lines. Pure: no I/O, no clock.
 */
export function checkFinanceStatement(input: unknown, options: ReconcileOptions = {}): FinanceCheck {
  const firstRow = options.firstRow ?? 1;
  const problems: FinanceProblem[] = [];
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;

  const head = ZBalances.safeParse(raw);
  if (!head.success) problems.push(...issuesToProblems(head.error.issues, null));

  const rawLines = raw.lines;
  const lines: FinanceLine[] = [];
  let linesValid = true;
  if (!Array.isArray(rawLines)) {
    problems.push({ row: null, field: 'lines', message: '缺少收支明细' });
    linesValid = false;
  } else {
    if (rawLines.length > MAX_FINANCE_LINES) {
      problems.push({ row: null, field: 'lines', message: `明细不能超过 ${MAX_FINANCE_LINES} 行` });
      linesValid = false;
    }
    rawLines.forEach((rawLine, index) => {
      const parsed = ZFinanceLine.safeParse(rawLine);
      if (parsed.success) lines.push(parsed.data);
      else {
        linesValid = false;
        problems.push(...issuesToProblems(parsed.error.issues, firstRow + index));
      }
    });
  }

  const { incomeFen, expenseFen, totalsBySubject } = sumLines(lines);
  const opening = head.success ? head.data.openingBalanceFen : 0;
  const expectedClosingFen = opening + incomeFen - expenseFen;
  // The balance equation is only meaningful once every line and both balances were read.
  if (head.success && linesValid && expectedClosingFen !== head.data.closingBalanceFen) {
    const diff = head.data.closingBalanceFen - expectedClosingFen;
    problems.push({
      row: null,
      field: 'closingBalanceFen',
      message:
        `收支不平：期初余额 ${formatYuan(opening)} 元 + 收入 ${formatYuan(incomeFen)} 元 − 支出 ${formatYuan(expenseFen)} 元` +
        ` = ${formatYuan(expectedClosingFen)} 元，与期末余额 ${formatYuan(head.data.closingBalanceFen)} 元相差 ${formatYuan(diff)} 元`,
    });
  }

  const ok = problems.length === 0;
  return {
    report: { ok, totals: { incomeFen, expenseFen, expectedClosingFen }, totalsBySubject, problems },
    statement: head.success && linesValid ? { ...head.data, lines } : null,
  };
}

/**
 * The reconcile report of a statement: `ok` only when every line is valid and
 * opening + income − expense equals closing; `problems` name the rows (1-based, or from
 * `options.firstRow`) and fields at fault in Chinese; `totalsBySubject` feeds charts.
 */
export function reconcile(input: unknown, options: ReconcileOptions = {}): ReconcileReport {
  return checkFinanceStatement(input, options).report;
}
