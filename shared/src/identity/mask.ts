/**
 * Masking for what the public may see of a person (DOMAIN.md "Feedback":
 * "the public sees a masked name"). Code points, not UTF-16 units, so rare
 * characters outside the BMP (e.g. 𠮷) count as one.
 */

/**
 * Masks a Chinese name: keeps the first character and, for names of three or
 * more characters, the last one.
 * @example maskName('张三丰') // '张*丰'
 * @example maskName('张三') // '张*'
 * @example maskName('欧阳娜娜') // '欧**娜'
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/**
 * Masks a phone number: an 11-digit mainland mobile keeps its first 3 and last 4
 * digits; anything else keeps only its last 4.
 * @example maskPhone('13812345678') // '138****5678'
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length === 11) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
}

/**
 * Shows the last four characters of an ID card number (or the stored last 4)
 * behind a fixed-width mask, so the length of the original is not revealed.
 * @example maskIdLast4('110101199003071234') // '****1234'
 * @example maskIdLast4('123X') // '****123X'
 */
export function maskIdLast4(idOrLast4: string): string {
  const clean = idOrLast4.trim().toUpperCase();
  return `****${clean.slice(-4)}`;
}
