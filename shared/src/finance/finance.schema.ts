import { z } from 'zod';
import { isValidDateString } from '../calendar/date-string';
import { MAX_BALANCE_FEN, MAX_LINE_FEN } from './money';

// Finance statements (财务公开表). DOMAIN.md "Finance statements": a period; line items (date,
// income/expense, subject 科目, description, amount, voucher no., handler); opening and closing
// balance; totals must reconcile. Money is integer fen.

/** Most lines one statement may hold (a village's busiest year fits with room to spare). */
export const MAX_FINANCE_LINES = 2000;

/** Income (收入) or expense (支出). */
export const ZFinanceDirection = z
  .enum(['income', 'expense'])
  .meta({ description: '收支：income 收入，expense 支出' });
export type FinanceDirection = z.infer<typeof ZFinanceDirection>;

/** Chinese label of each direction, as printed and as typed in the XLSX template. */
export const FINANCE_DIRECTION_LABELS: Readonly<Record<FinanceDirection, string>> = {
  income: '收入',
  expense: '支出',
};

const ZLineDate = z
  .string({ error: '日期应为 YYYY-MM-DD 格式' })
  .refine(isValidDateString, '日期应为真实存在的日期，格式 YYYY-MM-DD');

const ZFen = (max: number, what: string) =>
  z
    .number({ error: `${what}应为整数（单位：分）` })
    .int(`${what}应为整数（单位：分）`)
    .min(-max, `${what}超出允许范围`)
    .max(max, `${what}超出允许范围`);

/** One line item of a finance statement. */
export const ZFinanceLine = z
  .object({
    date: ZLineDate.meta({ description: '日期（YYYY-MM-DD，北京时间）', example: '2026-03-05' }),
    direction: z.enum(['income', 'expense'], { error: '收支类型应为 income（收入）或 expense（支出）' }),
    subject: z
      .string({ error: '请填写会计科目' })
      .trim()
      .min(1, '请填写会计科目')
      .max(40, '会计科目不能超过 40 个字符')
      .meta({ description: '会计科目', example: '管理费用' }),
    description: z
      .string({ error: '请填写摘要' })
      .trim()
      .min(1, '请填写摘要')
      .max(200, '摘要不能超过 200 个字符')
      .meta({ description: '摘要（用途说明）', example: '购买办公用品' }),
    amountFen: z
      .number({ error: '金额应为整数（单位：分）' })
      .int('金额应为整数（单位：分）')
      .min(1, '金额应大于 0')
      .max(MAX_LINE_FEN, '金额超出允许范围')
      .meta({ description: '金额（分，正整数）', example: 35000 }),
    voucherNo: z
      .string({ error: '凭证号应为文本' })
      .trim()
      .max(40, '凭证号不能超过 40 个字符')
      .default('')
      .meta({ description: '凭证号', example: '记-012' }),
    handler: z
      .string({ error: '经手人应为文本' })
      .trim()
      .max(40, '经手人不能超过 40 个字符')
      .default('')
      .meta({ description: '经手人', example: '王会计' }),
  })
  .meta({ id: 'FinanceLine', description: '财务收支明细行' });
export type FinanceLine = z.infer<typeof ZFinanceLine>;
export type FinanceLineInput = z.input<typeof ZFinanceLine>;

/** A finance statement: a period label, opening and closing balance and its line items. */
export const ZFinanceStatement = z
  .object({
    periodLabel: z
      .string()
      .trim()
      .max(60, '期间说明不能超过 60 个字符')
      .optional()
      .meta({ description: '期间说明', example: '2026年3月' }),
    openingBalanceFen: ZFen(MAX_BALANCE_FEN, '期初余额').meta({ description: '期初余额（分）' }),
    closingBalanceFen: ZFen(MAX_BALANCE_FEN, '期末余额').meta({ description: '期末余额（分）' }),
    lines: z
      .array(ZFinanceLine)
      .max(MAX_FINANCE_LINES, `明细不能超过 ${MAX_FINANCE_LINES} 行`)
      .meta({ description: '收支明细' }),
  })
  .meta({ id: 'FinanceStatement', description: '财务公开表' });
export type FinanceStatement = z.infer<typeof ZFinanceStatement>;
export type FinanceStatementInput = z.input<typeof ZFinanceStatement>;

/**
 * A statement as a cadre's form sends it for checking: the lines are not typed yet, so that
 * every faulty row can be reported at once by {@link reconcile} instead of failing on the first.
 */
export const ZFinanceStatementDraft = z
  .object({
    periodLabel: z.string().trim().max(60, '期间说明不能超过 60 个字符').optional(),
    openingBalanceFen: z.unknown().meta({ description: '期初余额（分）' }),
    closingBalanceFen: z.unknown().meta({ description: '期末余额（分）' }),
    lines: z
      .array(z.unknown().meta({ description: '明细行，字段同 FinanceLine' }))
      .max(MAX_FINANCE_LINES, `明细不能超过 ${MAX_FINANCE_LINES} 行`),
  })
  .meta({ id: 'FinanceStatementDraft', description: '待校验的财务公开表' });
export type FinanceStatementDraft = z.infer<typeof ZFinanceStatementDraft>;

/** One problem found by {@link reconcile}: the row (null for the whole statement), the field and a Chinese sentence. */
export const ZFinanceProblem = z
  .object({
    row: z.number().int().nullable().meta({ description: '出错的行号（明细第几行；整表问题为 null）' }),
    field: z.string().meta({ description: '出错的字段' }),
    message: z.string(),
  })
  .meta({ id: 'FinanceProblem', description: '财务公开表的问题' });
export type FinanceProblem = z.infer<typeof ZFinanceProblem>;

/** Totals of one subject and direction, for charts and the printed sheet. */
export const ZSubjectTotal = z.object({
  direction: ZFinanceDirection,
  subject: z.string(),
  amountFen: z.number().int(),
  lineCount: z.number().int(),
});
export type SubjectTotal = z.infer<typeof ZSubjectTotal>;

/** The answer of {@link reconcile}. */
export const ZReconcileReport = z
  .object({
    ok: z.boolean(),
    totals: z.object({
      incomeFen: z.number().int(),
      expenseFen: z.number().int(),
      expectedClosingFen: z.number().int().meta({ description: '期初 + 收入 − 支出' }),
    }),
    totalsBySubject: z.array(ZSubjectTotal),
    problems: z.array(ZFinanceProblem),
  })
  .meta({ id: 'FinanceReconcileReport', description: '财务公开表校验结果' });
export type ReconcileReport = z.infer<typeof ZReconcileReport>;
