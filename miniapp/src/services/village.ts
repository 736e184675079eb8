import { KEYS } from './storage-keys';
import { persistedStore, useStore } from './store';

/** A village the resident reads; kept so the app opens on it next time. */
export interface VillageRef {
  id: string;
  name: string;
}

const isRef = (v: unknown): v is VillageRef =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as VillageRef).id === 'string' &&
  typeof (v as VillageRef).name === 'string';

export const villageStore = persistedStore<VillageRef | null>(KEYS.village, null, isRef);
export const recentStore = persistedStore<VillageRef[]>(
  KEYS.recentVillages,
  [],
  (v): v is VillageRef[] => Array.isArray(v) && v.every(isRef),
);

export const RECENT_MAX = 5;

/** Makes `village` current and moves it to the front of the recent list. */
export function chooseVillage(village: VillageRef): void {
  villageStore.set(village);
  const rest = recentStore.get().filter((v) => v.id !== village.id);
  recentStore.set([village, ...rest].slice(0, RECENT_MAX));
}

export function useVillage(): VillageRef | null {
  return useStore(villageStore);
}

export function useRecentVillages(): VillageRef[] {
  return useStore(recentStore);
}

/**
 * What a bulletin-board QR code points at. The print sheet encodes `o=<orgId>` (a village) or
 * `d=<disclosureId>` (one item) — WeChat limits a scene to 32 characters, so the keys are short.
 */
export function parseScene(scene: string | undefined | null): { orgId?: string; disclosureId?: string } {
  if (!scene) return {};
  const text = decodeURIComponent(scene);
  const params = new URLSearchParams(text.includes('=') ? text : `o=${text}`);
  const id = (key: string) => {
    const value = params.get(key);
    return value && /^[0-9a-f]{24}$/i.test(value) ? value : undefined;
  };
  return { orgId: id('o'), disclosureId: id('d') };
}
