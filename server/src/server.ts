import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type App, type CreateAppOptions } from './app';
import type { Config } from './config';
import { connectDatabase, type Database } from './db/connect';
import { resolveDatabase } from './db/resolve';
import type { Logger } from './logger';
import { refreshCalendar } from './calendar/calendar.service';
import { createScheduler, type Scheduler } from './scheduler/scheduler';
import { runSeed } from './seed/run-seed';
import type { DemoAccount } from './seed/seed-steps';
import { createServices } from './services';

export interface StartServerOptions extends Pick<CreateAppOptions, 'features' | 'h5Root' | 'version'> {
  config: Config;
  logger: Logger;
  /** How long close() lets in-flight requests run before cutting connections. */
  shutdownTimeoutMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  app: App;
  db: Database;
  /** True when the data lives in the embedded in-memory database. */
  inMemory: boolean;
  /** Demo accounts seeded at start (in-memory demo only). */
  demoAccounts: DemoAccount[];
  /** The deadline scheduler (started when config.scheduler.enabled). */
  scheduler: Scheduler;
  /** Stops accepting, drains in-flight requests, closes the database. Idempotent. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Counts the requests whose handlers are running. A socket can end before its handler does (a
 * client that gives up, a phone that loses signal), so closed connections alone do not mean the
 * handlers are done with the database.
 */
function trackHandlers(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
  let running = 0;
  let onIdle: (() => void) | undefined;
  const done = () => {
    if (--running === 0) onIdle?.();
  };
  return {
    handle(req: IncomingMessage, res: ServerResponse) {
      running++;
      void handle(req, res).then(done, done);
    },
    idle: () => (running === 0 ? Promise.resolve() : new Promise<void>((resolve) => (onIdle = resolve))),
  };
}

/** Stops accepting, waits for open connections and running handlers; cuts connections after `timeoutMs`. */
function drain(server: Server, handlers: { idle(): Promise<void> }, timeoutMs: number, logger: Logger) {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      logger.warn({ timeoutMs }, 'shutdown timeout: closing remaining connections');
      server.closeAllConnections();
      resolve();
    }, timeoutMs);
    timer.unref();
  });
  // close() stops accepting at once and calls back when the last connection ends; idle
  // keep-alive connections are closed now, busy ones after their response.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  return Promise.race([Promise.all([closed, handlers.idle()]), timedOut]).finally(() => clearTimeout(timer));
}

/** Boots database, app and HTTP server; the shutdown logic lives in the returned close(). */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config, logger, shutdownTimeoutMs = 10_000 } = options;
  const resolved = await resolveDatabase(config, logger);
  let db: Database | undefined;
  try {
    db = await connectDatabase(resolved.uri, { logger, autoIndex: !config.isProduction });
    const clock = () => new Date();
    // One set of services for the app and the scheduler, so both share the WeChat token cache.
    const services = createServices(config, clock);
    const app = createApp({ ...options, db, clock, services });
    // After createApp so every feature's models are registered; before seeding and listening so
    // unique indexes hold from the first write.
    await db.ensureIndexes();
    await refreshCalendar();
    const demoAccounts =
      resolved.embedded && config.demo
        ? (await runSeed({ config, connection: db.connection, logger })).demoAccounts
        : [];
    const handlers = trackHandlers(
      app.callback() as (req: IncomingMessage, res: ServerResponse) => Promise<void>,
    );
    const server = createServer(handlers.handle);
    // NOTE: responses on a kept-alive socket after close() must say so, or clients reuse it.
    server.on('request', (_req, res) => {
      if (!server.listening) res.setHeader('Connection', 'close');
    });
    const address = await listen(server, config.port, config.host);
    const scheduler = createScheduler({
      clock,
      logger,
      reminders: config.reminders,
      wechat: services.wechat,
      templates: config.wechat.templates,
      intervalMs: config.scheduler.intervalMs,
    });
    if (config.scheduler.enabled) scheduler.start();
    const shownHost = ['0.0.0.0', '::'].includes(address.address) ? 'localhost' : address.address;
    const url = `http://${shownHost}:${address.port}`;
    logger.info({ url }, 'listening');

    let closing: Promise<void> | undefined;
    const database = db;
    const close = () =>
      (closing ??= (async () => {
        logger.info('shutting down');
        await scheduler.stop();
        await drain(server, handlers, shutdownTimeoutMs, logger);
        await database.close();
        await resolved.embedded?.stop();
        logger.info('stopped');
      })());
    return {
      url,
      port: address.port,
      app,
      db,
      inMemory: Boolean(resolved.embedded),
      demoAccounts,
      scheduler,
      close,
    };
  } catch (err) {
    await db?.close().catch(() => undefined);
    await resolved.embedded?.stop().catch(() => undefined);
    throw err;
  }
}
