import { createHmac } from 'node:crypto';
import { maskPhone } from '@sanwu/shared';

/** Digits only; a leading +86/86 country code is dropped so both spellings match. */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits;
}

export function isMobile(phone: string): boolean {
  return /^1[3-9]\d{9}$/.test(normalizePhone(phone));
}

/**
 * Phones are stored as HMAC-SHA256 with a server secret: equality matching for
 * verification still works, but a leaked table cannot be reversed by hashing all
 * ~10^10 mobile numbers (a plain SHA-256 of a phone number can).
 */
export function hashPhone(phone: string, secret: string): string {
  return createHmac('sha256', secret).update(normalizePhone(phone)).digest('hex');
}

export function phoneFields(phone: string | undefined, secret: string) {
  if (!phone) return { phoneHash: undefined, phoneMasked: undefined };
  return { phoneHash: hashPhone(phone, secret), phoneMasked: maskPhone(normalizePhone(phone)) };
}
