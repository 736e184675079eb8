import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError } from '../services/api-error';

export interface Remote<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => Promise<void>;
}

/** Loads `load()` now and whenever `deps` change; a failure keeps the message for a retry button. */
export function useRemote<T>(load: () => Promise<T>, deps: unknown[]): Remote<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    const ticket = ++latest.current;
    setLoading(true);
    setError(null);
    try {
      const value = await run();
      if (ticket === latest.current) setData(value);
    } catch (e) {
      if (ticket === latest.current) setError(describeError(e));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, [run]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload };
}

export interface Paged<T> {
  items: T[];
  total: number;
  loading: boolean;
  error: string | null;
  done: boolean;
  refresh: () => Promise<void>;
  more: () => Promise<void>;
}

/** A list loaded page by page (infinite scroll); `refresh` starts again from page 1. */
export function usePaged<T>(
  fetchPage: (page: number) => Promise<{ items: T[]; total: number }>,
  deps: unknown[],
): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const fetcher = useCallback(fetchPage, deps);

  const load = useCallback(
    async (next: number, replace: boolean) => {
      const ticket = replace ? ++generation.current : generation.current;
      setLoading(true);
      setError(null);
      try {
        const result = await fetcher(next);
        if (ticket !== generation.current) return;
        setItems((old) => (replace ? result.items : [...old, ...result.items]));
        setTotal(result.total);
        setPage(next);
      } catch (e) {
        if (ticket === generation.current) setError(describeError(e));
      } finally {
        if (ticket === generation.current) setLoading(false);
      }
    },
    [fetcher],
  );
  const refresh = useCallback(() => load(1, true), [load]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const done = page > 0 && items.length >= total;
  const more = useCallback(async () => {
    if (!loading && !done) await load(page + 1, false);
  }, [loading, done, load, page]);
  return { items, total, loading, error, done, refresh, more };
}
