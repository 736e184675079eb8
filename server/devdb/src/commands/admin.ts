// Handshake, diagnostics, databases and cursors.
import { Long, type Document } from 'bson';
import { illegalTransaction } from '../errors';
import { optNumber, type CommandContext, type Handler } from './context';

/** MongoDB 7.0's wire version; the driver accepts 9..29 at the time of writing. */
export const MAX_WIRE_VERSION = 21;
export const VERSION = '7.0.0';

function hello(ctx: CommandContext, legacyName: boolean): Document {
  // NOTE: no topologyVersion (it would make the driver stream hello) and no compression.
  return {
    ...(legacyName ? { ismaster: true } : { isWritablePrimary: true }),
    helloOk: true,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
}

const listDatabases: Handler = (ctx) => {
  const dbs = [...ctx.state.store.databases.values()].filter((d) => d.collections.size > 0);
  const nameOnly = ctx.cmd.nameOnly === true;
  const databases = dbs.map((d) =>
    nameOnly ? { name: d.name } : { name: d.name, sizeOnDisk: 0, empty: false },
  );
  return nameOnly ? { databases, ok: 1 } : { databases, totalSize: 0, totalSizeMb: 0, ok: 1 };
};

const dropDatabase: Handler = (ctx) => {
  ctx.state.store.databases.delete(ctx.dbName);
  return { dropped: ctx.dbName, ok: 1 };
};

const getMore: Handler = (ctx) => {
  const raw = ctx.raw.getMore;
  const id = raw instanceof Long ? raw : Long.fromNumber(Number(raw));
  const ns = `${ctx.dbName}.${String(ctx.cmd.collection)}`;
  return ctx.state.cursors.getMore(id, ns, optNumber(ctx.cmd.batchSize));
};

const killCursors: Handler = (ctx) => {
  const ids = Array.isArray(ctx.raw.cursors) ? (ctx.raw.cursors as unknown[]) : [];
  return ctx.state.cursors.kill(ids.map((i) => (i instanceof Long ? i : Long.fromNumber(Number(i)))));
};

const serverStatus: Handler = (ctx) => {
  const uptimeMillis = Date.now() - ctx.state.startedAt;
  return {
    host: `127.0.0.1:${ctx.state.port}`,
    version: VERSION,
    process: 'devdb',
    pid: Long.fromNumber(process.pid),
    uptime: Math.floor(uptimeMillis / 1000),
    uptimeMillis: Long.fromNumber(uptimeMillis),
    localTime: new Date(),
    connections: {
      current: ctx.state.connections.current,
      available: 1000,
      totalCreated: ctx.state.connections.totalCreated,
    },
    // NOTE: the benchmark counts the commands a request costs with this, as it would on MongoDB.
    network: { numRequests: Long.fromNumber(ctx.state.requests) },
    // NOTE: the benchmark proves "index, not scan" with this counter (devdb has no explain).
    metrics: { queryExecutor: { scannedObjects: Long.fromNumber(ctx.state.store.scannedObjects()) } },
    ok: 1,
  };
};

export const adminCommands: Record<string, Handler> = {
  hello: (ctx) => hello(ctx, false),
  isMaster: (ctx) => hello(ctx, true),
  ismaster: (ctx) => hello(ctx, true),
  ping: () => ({ ok: 1 }),
  buildInfo: () => ({
    version: VERSION,
    gitVersion: 'devdb',
    versionArray: [7, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: 16 * 1024 * 1024,
    storageEngines: ['devdb'],
    ok: 1,
  }),
  endSessions: () => ({ ok: 1 }),
  killSessions: () => ({ ok: 1 }),
  refreshSessions: () => ({ ok: 1 }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  whatsmyuri: () => ({ you: '127.0.0.1', ok: 1 }),
  serverStatus,
  listDatabases,
  dropDatabase,
  getMore,
  killCursors,
  commitTransaction: () => {
    throw illegalTransaction();
  },
  abortTransaction: () => {
    throw illegalTransaction();
  },
};
adminCommands.buildinfo = adminCommands.buildInfo as Handler;
