// Money conversions for finance statements. DOMAIN.md "Finance statements": money is integer fen;
// people type and read yuan (元) with at most two decimals, so the conversions are exact on the
// decimal text and never go through floating-point multiplication.

/** Largest amount of one line: 100 亿元 in fen — far above any village transaction, and 2000 such lines still sum exactly. */
export const MAX_LINE_FEN = 1_000_000_000_000;
/** Largest absolute balance: 1 万亿元 in fen (keeps every sum a safe integer). */
export const MAX_BALANCE_FEN = 100_000_000_000_000;

const YUAN_RE = /^([+-]?)(\d+)(?:\.(\d{1,2}))?$/;

/**
 * Parses a yuan amount typed by a person ("1,234.5", "１２.３０", "-8", "¥3.20", "3.20元") into fen.
 * Returns null when the text is not a plain decimal number with at most two decimals.
 */
export function yuanTextToFen(text: string): number | null {
  const cleaned = text
    .normalize('NFKC') // full-width digits and dots typed with a Chinese IME
    .replace(/[,，\s]/g, '')
    .replace(/^[¥￥]/, '')
    .replace(/元$/, '');
  const m = YUAN_RE.exec(cleaned);
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) return null;
  return m[1] === '-' ? -fen : fen;
}

/**
 * Converts a spreadsheet number in yuan into fen. Spreadsheets store 12.3 as a binary float, so
 * the number is rounded to the cent and accepted only when it had no more than two decimals.
 */
export function yuanNumberToFen(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  const fen = Math.round(value * 100);
  if (Math.abs(fen - value * 100) > 1e-6 * Math.max(1, Math.abs(value))) return null;
  return Number.isSafeInteger(fen) ? fen : null;
}

/** Formats fen as yuan with thousands separators: 123456 → "1,234.56", -5 → "-0.05". */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}
