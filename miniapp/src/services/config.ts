/**
 * Where the API lives. H5 is served by the API server itself, so it calls the same origin;
 * a weapp build has no origin and gets an absolute base from its build (SANWU_API_BASE).
 */
export function apiBase(): string {
  if (process.env.TARO_ENV === 'weapp') return typeof SANWU_API_BASE === 'string' ? SANWU_API_BASE : '';
  return '/api/v1';
}

/** Subscribe-message template ids (from the WeChat admin console, set at build time); none: no prompt. */
export const SUBSCRIBE_TEMPLATES: string[] = (
  typeof SANWU_SUBSCRIBE_TEMPLATES === 'string' ? SANWU_SUBSCRIBE_TEMPLATES : ''
)
  .split(',')
  .map((id) => id.trim())
  .filter(Boolean);
