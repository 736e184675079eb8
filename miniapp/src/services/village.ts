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
 * What a bulletin-board QR code points at. The print sheet's code is a link to the item's page
 * (`…/#/pages/disclosure/index?id=<id>`, server print-sheet.ts); a mini-program code carries a
 * short scene instead — `o=<orgId>` (a village) or `d=<disclosureId>` (one item), because WeChat
 * limits a scene to 32 characters. A bare id is taken as a village.
 */
export function parseScene(scene: string | undefined | null): { orgId?: string; disclosureId?: string } {
  if (!scene) return {};
  let text = scene;
  try {
    text = decodeURIComponent(scene);
  } catch {
    // not encoded
  }
  const query = text.includes('?') ? text.slice(text.indexOf('?') + 1) : text;
  const params = new URLSearchParams(query.includes('=') ? query : `o=${query}`);
  const id = (...keys: string[]) => {
    const value = keys.map((k) => params.get(k)).find((v) => v !== null);
    return value && /^[0-9a-f]{24}$/i.test(value) ? value : undefined;
  };
  const itemPage = /pages\/disclosure\/index/.test(text);
  return {
    orgId: itemPage ? undefined : id('o', 'orgId'),
    disclosureId: id('d', ...(itemPage ? ['id'] : [])),
  };
}
