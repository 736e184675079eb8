import { useSyncExternalStore } from 'react';
import { platform } from '../platform';

/** A small persisted value with subscribers, read by hooks on any page. */
export interface Store<T> {
  get(): T;
  set(value: T): void;
  subscribe(listener: () => void): () => void;
}

/** A store kept as JSON under `key` in the platform's storage. */
export function persistedStore<T>(key: string, fallback: T, valid: (v: unknown) => v is T): Store<T> {
  let value: T | undefined;
  const listeners = new Set<() => void>();
  const load = (): T => {
    const raw = platform.storage.get(key);
    if (raw === null) return fallback;
    try {
      const parsed: unknown = JSON.parse(raw);
      return valid(parsed) ? parsed : fallback;
    } catch {
      return fallback; // a corrupt entry must not lock the app
    }
  };
  return {
    get: () => (value ??= load()),
    set: (next) => {
      value = next;
      if (next === fallback || next === null) platform.storage.remove(key);
      else platform.storage.set(key, JSON.stringify(next));
      listeners.forEach((listener) => listener());
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The store's current value; re-renders when it changes. */
export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
