import mongoose, { type Connection } from 'mongoose';
import type { Logger } from '../logger';

/** The app's handle on the database: the mongoose connection plus what the frame needs of it. */
export interface Database {
  connection: Connection;
  /** Resolves when the server answers a ping within `timeoutMs`, else rejects. */
  ping(timeoutMs?: number): Promise<void>;
  /** Builds the indexes declared on every registered model (idempotent). */
  ensureIndexes(): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Let mongoose build indexes as models compile (dev/test); production relies on `ensureIndexes()`. */
  autoIndex?: boolean;
  /** How long an operation waits for a reachable server before failing (→ 503). */
  serverSelectionTimeoutMS?: number;
  logger?: Logger;
}

/**
 * Connects the default mongoose connection, so feature models declared with
 * `model('X', schema)` use it without wiring.
 */
export async function connectDatabase(uri: string, options: ConnectOptions = {}): Promise<Database> {
  const { autoIndex = true, serverSelectionTimeoutMS = 2000, logger } = options;
  // NOTE: `bufferCommands: false` makes a query fail at once instead of queueing forever when
  // the database is gone; with the short server-selection timeout a request answers 503 within
  // ~2s rather than hanging until the client gives up.
  mongoose.set('strictQuery', true);
  await mongoose.connect(uri, {
    bufferCommands: false,
    autoIndex,
    autoCreate: true,
    serverSelectionTimeoutMS,
    connectTimeoutMS: 5000,
    heartbeatFrequencyMS: 1000,
    maxPoolSize: 20,
  });
  const connection = mongoose.connection;
  let closing = false;
  connection.on('disconnected', () => {
    if (!closing) logger?.warn('database disconnected');
  });
  connection.on('reconnected', () => logger?.info('database reconnected'));
  connection.on('error', (err: unknown) => logger?.error({ err }, 'database error'));

  return {
    connection,
    ping: (timeoutMs = 1000) => pingDatabase(connection, timeoutMs),
    async ensureIndexes() {
      await Promise.all(Object.values(connection.models).map((m) => m.createIndexes()));
    },
    async close() {
      closing = true;
      await mongoose.disconnect();
    },
  };
}

async function pingDatabase(connection: Connection, timeoutMs: number): Promise<void> {
  const db = connection.db;
  if (!db || connection.readyState !== mongoose.ConnectionStates.connected) {
    throw new Error(`database not connected (readyState ${connection.readyState})`);
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database ping timed out after ${timeoutMs}ms`)), timeoutMs);
  });
  try {
    await Promise.race([db.command({ ping: 1 }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
