import Taro from '@tarojs/taro';

/** Builds a page URL with its query. */
export function pageUrl(path: string, query: Record<string, string | number | undefined> = {}): string {
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return parts.length ? `${path}?${parts.join('&')}` : path;
}

export function go(path: string, query?: Record<string, string | number | undefined>): void {
  void Taro.navigateTo({ url: pageUrl(path, query) });
}

/** Replaces the whole page stack (the two top-level screens: home and mine). */
export function switchTo(path: string): void {
  void Taro.reLaunch({ url: path });
}

export const PAGES = {
  home: '/pages/home/index',
  village: '/pages/village/index',
  disclosure: '/pages/disclosure/index',
  ask: '/pages/ask/index',
  mine: '/pages/mine/index',
  feedback: '/pages/feedback/index',
  verify: '/pages/verify/index',
  login: '/pages/login/index',
  notifications: '/pages/notifications/index',
  cadreInbox: '/cadre/inbox/index',
  cadreHandle: '/cadre/handle/index',
  cadreDisclosures: '/cadre/disclosures/index',
  cadreEdit: '/cadre/edit/index',
  cadreManage: '/cadre/manage/index',
  reviews: '/supervise/reviews/index',
  complaints: '/supervise/complaints/index',
  overdue: '/supervise/overdue/index',
  compliance: '/supervise/compliance/index',
  overview: '/supervise/overview/index',
} as const;
