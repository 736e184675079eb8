import Taro from '@tarojs/taro';
import type { Platform } from './platform.types';

// WeChat: wx storage, wx.login codes, the camera scanner and subscribe-message consent.
export const platform: Platform = {
  name: 'weapp',
  storage: {
    get: (key) => {
      const value: unknown = Taro.getStorageSync(key);
      return typeof value === 'string' && value !== '' ? value : null;
    },
    set: (key, value) => Taro.setStorageSync(key, value),
    remove: (key) => Taro.removeStorageSync(key),
  },
  wechatLoginCode: async () => {
    const { code } = await Taro.login();
    return code || null;
  },
  canScan: true,
  scan: async () => {
    try {
      const result = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] });
      // A mini-program code carries its scene in `path` (…?scene=…); a plain QR code in `result`.
      const path = result.path ?? '';
      const scene = /[?&]scene=([^&]+)/.exec(path)?.[1];
      return scene ? decodeURIComponent(scene) : result.result || null;
    } catch {
      return null; // cancelled
    }
  },
  requestSubscribe: async (templateIds) => {
    if (templateIds.length === 0) return [];
    try {
      const result = (await Taro.requestSubscribeMessage({
        tmplIds: templateIds,
        entityIds: [],
      } as unknown as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, string>;
      return templateIds.filter((id) => result[id] === 'accept');
    } catch {
      return []; // refused or unsupported: sending goes on, notifications stay in-app
    }
  },
  openExternal: async (url) => {
    await Taro.setClipboardData({ data: url });
    await Taro.showToast({ title: '链接已复制，可在浏览器打开或转发', icon: 'none' });
  },
};
