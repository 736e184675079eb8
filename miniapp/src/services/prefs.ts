import { KEYS } from './storage-keys';
import { persistedStore, useStore } from './store';

/** 适老化: larger type, higher contrast and bigger tap targets, remembered on the device. */
export const largeTextStore = persistedStore<boolean>(
  KEYS.largeText,
  false,
  (v): v is boolean => typeof v === 'boolean',
);

export function useLargeText(): [boolean, (on: boolean) => void] {
  return [useStore(largeTextStore), largeTextStore.set];
}
