// The embedded MongoDB-wire-compatible server (@sanwu/devdb), loaded lazily so production
// processes never load it. Mirrors the package's public interface.

export interface DevDbHandle {
  uri: string;
  port: number;
  stop(): Promise<void>;
}

export interface DevDbOptions {
  /** 0 or absent: pick a free port. */
  port?: number;
  quiet?: boolean;
}

interface DevDbModule {
  startDevDb(options?: DevDbOptions): Promise<DevDbHandle>;
}

/** Starts an in-memory database on 127.0.0.1; data is lost when it stops. */
export async function startEmbeddedDb(options: DevDbOptions = {}): Promise<DevDbHandle> {
  const mod = (await import('@sanwu/devdb')) as unknown as DevDbModule;
  if (typeof mod.startDevDb !== 'function') throw new Error('@sanwu/devdb does not export startDevDb');
  return mod.startDevDb({ quiet: true, ...options });
}
