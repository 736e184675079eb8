// Puts every persisted store and the Taro shim back to a fresh install between tests.
import { forgetKeptReads } from '../src/services/api-client';
import { largeTextStore } from '../src/services/prefs';
import { sessionStore } from '../src/services/session';
import { recentStore, villageStore } from '../src/services/village';
import { shim } from './taro-shim';

export function freshInstall(): void {
  localStorage.clear();
  sessionStore.set(null);
  villageStore.set(null);
  recentStore.set([]);
  largeTextStore.set(false);
  shim.reset();
  forgetKeptReads();
}
