import type { Platform } from './platform.types';

// The browser: localStorage, no WeChat login, no scanner, no subscribe messages.
function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // private mode or blocked storage: the app still works, it just forgets
  }
}

export const platform: Platform = {
  name: 'h5',
  storage: {
    get: (key) => safeStorage()?.getItem(key) ?? null,
    set: (key, value) => safeStorage()?.setItem(key, value),
    remove: (key) => safeStorage()?.removeItem(key),
  },
  wechatLoginCode: async () => null,
  canScan: false,
  scan: async () => null,
  requestSubscribe: async () => [],
  openExternal: async (url) => {
    window.open(url, '_blank', 'noopener');
  },
};
