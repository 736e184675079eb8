import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { createApp, type App } from '../app';
import type { Config } from '../config';
import { connectDatabase, type Database } from '../db/connect';
import { startEmbeddedDb, type DevDbHandle } from '../db/devdb';
import type { Logger } from '../logger';
import type { Feature } from '../routes';
import { features as appFeatures } from '../routes';
import { createServices, type AppServices } from '../services';
import { captureLogger, testConfig } from './test-config';

/** The app's clock in tests: real time until `set`, then moved only by `set`/`advance`. */
export interface TestClock {
  now(): Date;
  set(at: Date | string): void;
  advance(ms: number): void;
}

export function testClock(start?: Date | string): TestClock {
  let fixed = start === undefined ? undefined : new Date(start);
  return {
    now: () => (fixed ? new Date(fixed) : new Date()),
    set: (at) => {
      fixed = new Date(at);
    },
    advance: (ms) => {
      fixed = new Date((fixed ?? new Date()).getTime() + ms);
    },
  };
}

export interface TestAppOptions {
  /** Start devdb and connect (default true). Without it /readyz answers 503. */
  database?: boolean;
  /** Extra env-style config, e.g. `{ BODY_LIMIT_KB: '1' }`. */
  env?: Record<string, string>;
  /** Store uploads in a fresh temporary folder (UPLOAD_DIR), removed again by `stop()`. */
  tempUploads?: boolean;
  /** Added after the app's own features (test-only routes). */
  features?: Feature[];
  h5Root?: string;
  /** Start the clock fixed at this instant (otherwise real time until `clock.set`). */
  now?: Date | string;
}

export interface TestApp {
  app: App;
  config: Config;
  /** supertest against `app.callback()`: `await t.request.get('/healthz').expect(200)`. */
  request: ReturnType<typeof supertest>;
  db?: Database;
  clock: TestClock;
  services: AppServices;
  /** `Authorization` header value for a user, with a freshly issued access token. */
  bearer(userId: string): Promise<string>;
  /** The current embedded database (replaced by restartDatabase). */
  readonly devdb?: DevDbHandle;
  /** Log lines written by the app (debug and up), parsed. */
  logs(): Record<string, unknown>[];
  /** Empties every collection, keeping indexes: call in beforeEach for isolation. */
  reset(): Promise<void>;
  /** Simulates losing the database: devdb stops and drops every connection. */
  stopDatabase(): Promise<void>;
  /** Brings the database back on the same port with the same data; mongoose reconnects by itself. */
  restartDatabase(): Promise<void>;
  /** Disconnects and stops devdb; call in afterAll. */
  stop(): Promise<void>;
}

/** The embedded database plus a mongoose connection to it. */
export async function startTestDatabase(logger?: Logger): Promise<{ db: Database; devdb: DevDbHandle }> {
  const devdb = await startEmbeddedDb({ quiet: true });
  try {
    // A short selection timeout keeps "database down" tests fast.
    const db = await connectDatabase(devdb.uri, { autoIndex: true, serverSelectionTimeoutMS: 1000, logger });
    return { db, devdb };
  } catch (err) {
    await devdb.stop();
    throw err;
  }
}

/**
 * The app as feature tests use it: devdb + mongoose + createApp, driven in-process through
 * supertest (no port is opened by the app itself).
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const uploadDir = options.tempUploads ? await mkdtemp(path.join(tmpdir(), 'sanwu-uploads-')) : undefined;
  const config = testConfig({ ...(uploadDir ? { UPLOAD_DIR: uploadDir } : {}), ...options.env });
  const captured = captureLogger();
  const started = options.database === false ? undefined : await startTestDatabase(captured.logger);
  const db = started?.db;
  const clock = testClock(options.now);
  const services = createServices(config, clock.now);
  const app = createApp({
    config,
    logger: captured.logger,
    db,
    clock: clock.now,
    services,
    features: [...appFeatures, ...(options.features ?? [])],
    h5Root: options.h5Root,
  });
  // After createApp, so models registered by feature factories get their indexes too; unique
  // indexes must exist before the first write of a test.
  if (db) await db.ensureIndexes();
  let devdb = started?.devdb;
  let devdbRunning = Boolean(devdb);
  return {
    app,
    config,
    request: supertest(app.callback()),
    db,
    clock,
    services,
    async bearer(userId) {
      const { accessToken } = await services.auth.loginAsDemo(userId);
      return `Bearer ${accessToken}`;
    },
    get devdb() {
      return devdb;
    },
    logs: captured.lines,
    async reset() {
      const conn = db?.connection;
      if (!conn?.db) return;
      const collections = await conn.db.listCollections({}, { nameOnly: true }).toArray();
      await Promise.all(collections.map(({ name }) => conn.db!.collection(name).deleteMany({})));
    },
    async stopDatabase() {
      if (!devdb || !devdbRunning) throw new Error('no running test database');
      await devdb.stop();
      devdbRunning = false;
    },
    async restartDatabase() {
      if (!devdb || devdbRunning) throw new Error('the test database is not stopped');
      devdb = await startEmbeddedDb({ port: devdb.port, store: devdb.store, quiet: true });
      devdbRunning = true;
    },
    async stop() {
      await db?.close();
      if (devdb && devdbRunning) await devdb.stop();
      devdbRunning = false;
      if (uploadDir) await rm(uploadDir, { recursive: true, force: true });
    },
  };
}

/** Started before the app and stopped after it: a fake the app talks to. */
export interface TestAppCompanion {
  start(): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * The lifecycle of an HTTP test file (or describe): one app; before each test an empty database, the
 * clock back at `now`, then `each(t)` (building the test's world). Call it before the file's own
 * `beforeEach`, which then runs after. `options` is read once `companion` listens (its URL is known).
 */
export function useTestApp(
  options: () => TestAppOptions & { now: string },
  each: (t: TestApp) => Promise<void>,
  companion?: TestAppCompanion,
): void {
  let app: TestApp;
  let now: string;
  beforeAll(async () => {
    await companion?.start();
    const opts = options();
    now = opts.now;
    app = await startTestApp(opts);
  });
  afterAll(async () => {
    await app.stop();
    await companion?.stop();
  });
  beforeEach(async () => {
    await app.reset();
    app.clock.set(now);
    await each(app);
  });
}
