import mongoose, { type Connection, type ConnectOptions as MongooseConnectOptions } from 'mongoose';
import type { Logger } from '../logger';
import { clientReopener } from './client-reopener';
import { monitorWatchdog } from './monitor-watchdog';

const CONNECT_TIMEOUT_MS = 5000;
const HEARTBEAT_FREQUENCY_MS = 1000;
/** A server check open longer than its socket time-out plus a heartbeat (and slack) is stuck. */
const MONITOR_STUCK_AFTER_MS = CONNECT_TIMEOUT_MS + HEARTBEAT_FREQUENCY_MS + 2000;

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
  const clientOptions: MongooseConnectOptions = {
    bufferCommands: false,
    autoIndex,
    autoCreate: true,
    serverSelectionTimeoutMS,
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    heartbeatFrequencyMS: HEARTBEAT_FREQUENCY_MS,
    maxPoolSize: 20,
  };
  await mongoose.connect(uri, clientOptions);
  const connection = mongoose.connection;
  let closing = false;

  // A stuck server check never ends by itself (see monitor-watchdog): close the client and open a
  // new one on the same mongoose connection, so the models carry on. Requests meanwhile answer
  // 503 as they already did; if the database is still away, try again every heartbeat.
  const reopener = clientReopener({
    close: () => connection.close(),
    open: () => connection.openUri(uri, clientOptions),
    opened: () => watchdog.watch(connection.getClient()),
    retryMs: HEARTBEAT_FREQUENCY_MS,
    logger,
  });
  const watchdog = monitorWatchdog({
    stuckAfterMs: MONITOR_STUCK_AFTER_MS,
    onStuck(stuckForMs) {
      if (closing) return;
      logger?.error({ stuckForMs }, 'database monitor stuck; reopening the client');
      reopener.reopen();
    },
  });
  watchdog.watch(connection.getClient());
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
      watchdog.stop();
      await reopener.stop();
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
