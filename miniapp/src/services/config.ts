/**
 * Where the API lives. H5 is served by the API server itself, so it calls the same origin;
 * a weapp build has no origin and gets an absolute base from its build (SANWU_API_BASE).
 */
export function apiBase(): string {
  if (process.env.TARO_ENV === 'weapp') return typeof SANWU_API_BASE === 'string' ? SANWU_API_BASE : '';
  return '/api/v1';
}

/** Subscribe-message template ids (configured in the WeChat admin console; empty disables the prompt). */
export const SUBSCRIBE_TEMPLATES: string[] = [];
