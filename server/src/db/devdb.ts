// The embedded MongoDB-wire-compatible server (@sanwu/devdb), loaded lazily so a production
// process never loads it.
import type { DevDb, DevDbOptions } from '@sanwu/devdb';

export type DevDbHandle = DevDb;
export type { DevDbOptions };

/** Starts an in-memory database on 127.0.0.1; its data is lost when it stops. */
export async function startEmbeddedDb(options: DevDbOptions = {}): Promise<DevDbHandle> {
  const { startDevDb } = await import('@sanwu/devdb');
  return startDevDb({ quiet: true, ...options });
}
