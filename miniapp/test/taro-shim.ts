// The few @tarojs/taro APIs the app uses, for jest. Navigation and network are jest mocks that
// tests inspect or program; storage is a Map; page hooks read `router.params` and register
// callbacks tests can fire.
import { useEffect } from 'react';

type Handler = () => void;
const storage = new Map<string, unknown>();
const hooks = { pullDownRefresh: new Set<Handler>(), reachBottom: new Set<Handler>() };

/** What `useRouter()` answers; tests set `router.params` before rendering a page. */
export const router: { params: Record<string, string | undefined> } = { params: {} };

function registered(set: Set<Handler>, fn: Handler) {
  useEffect(() => {
    set.add(fn);
    return () => void set.delete(fn);
  });
}

/** Test helpers: fire page events and reset state between tests. */
export const shim = {
  storage,
  firePullDownRefresh: () => hooks.pullDownRefresh.forEach((fn) => fn()),
  fireReachBottom: () => hooks.reachBottom.forEach((fn) => fn()),
  reset() {
    storage.clear();
    router.params = {};
    jest.clearAllMocks();
  },
};

export const request = jest.fn();
export const uploadFile = jest.fn();
export const navigateTo = jest.fn(async () => ({}));
export const redirectTo = jest.fn(async () => ({}));
export const reLaunch = jest.fn(async () => ({}));
export const navigateBack = jest.fn(async () => ({}));
export const getCurrentPages = jest.fn(() => [{}]);
export const showToast = jest.fn(async () => ({}));
export const setClipboardData = jest.fn(async () => ({}));
export const previewImage = jest.fn(async () => ({}));
export const chooseImage = jest.fn(async () => ({ tempFilePaths: [] as string[] }));
export const stopPullDownRefresh = jest.fn();
export const login = jest.fn(async () => ({ code: '' }));
export const scanCode = jest.fn(async () => ({ result: '' }));
export const requestSubscribeMessage = jest.fn(async () => ({}));
export const getStorageSync = (key: string) => storage.get(key) ?? '';
export const setStorageSync = (key: string, value: unknown) => void storage.set(key, value);
export const removeStorageSync = (key: string) => void storage.delete(key);
export const useRouter = () => router;
export const useDidShow = (fn: Handler) => useEffect(fn, []);
export const usePullDownRefresh = (fn: Handler) => registered(hooks.pullDownRefresh, fn);
export const useReachBottom = (fn: Handler) => registered(hooks.reachBottom, fn);
export const eventCenter = { on: jest.fn(), off: jest.fn(), trigger: jest.fn() };

const Taro = {
  request,
  uploadFile,
  navigateTo,
  redirectTo,
  reLaunch,
  navigateBack,
  getCurrentPages,
  showToast,
  setClipboardData,
  previewImage,
  chooseImage,
  stopPullDownRefresh,
  login,
  scanCode,
  requestSubscribeMessage,
  getStorageSync,
  setStorageSync,
  removeStorageSync,
  useRouter,
  useDidShow,
  usePullDownRefresh,
  useReachBottom,
  eventCenter,
};
export default Taro;
