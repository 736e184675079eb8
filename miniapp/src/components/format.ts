import { shanghaiDate } from '@sanwu/shared';

/** `2026-10-12` → `2026年10月12日` (dates are Asia/Shanghai calendar dates). */
export function chineseDate(date: string | null | undefined): string {
  if (!date) return '';
  const [y, m, d] = date.slice(0, 10).split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** An instant as its Asia/Shanghai date in Chinese, whatever the phone's time zone. */
export function chineseDay(iso: string | null | undefined): string {
  return iso ? chineseDate(shanghaiDate(new Date(iso))) : '';
}

/** An instant as `2026年3月2日 10:00` in Asia/Shanghai. */
export function chineseTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  const shifted = new Date(at.getTime() + 8 * 3600 * 1000);
  const hh = String(shifted.getUTCHours()).padStart(2, '0');
  const mm = String(shifted.getUTCMinutes()).padStart(2, '0');
  return `${chineseDay(iso)} ${hh}:${mm}`;
}

/** Whole days from today (Asia/Shanghai) to `date`; negative when past. */
export function daysUntil(date: string, now: Date = new Date()): number {
  const today = Date.parse(`${shanghaiDate(now)}T00:00:00Z`);
  return Math.round((Date.parse(`${date.slice(0, 10)}T00:00:00Z`) - today) / 86400000);
}
