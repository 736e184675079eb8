import { bodyParser } from '@koa/bodyparser';
import type Router from '@koa/router';
import Koa from 'koa';
import compress from 'koa-compress';
import path from 'node:path';
import type { AppDeps, AppState, FeatureDeps } from './context';
import { mountGroup } from './http/mount';
import { jsonOnce } from './middleware/json-once';
import type { RouteGroup } from './http/route-group';
import { corsFor } from './middleware/cors';
import { errorHandler } from './middleware/error-handler';
import { publicReadCache } from './middleware/public-read-cache';
import { MongoRateLimitStore } from './middleware/mongo-rate-limit-store';
import { MemoryRateLimitStore } from './middleware/rate-limit';
import { requestId } from './middleware/request-id';
import { requestLog } from './middleware/request-log';
import { securityHeaders } from './middleware/security-headers';
import { openApiRoutes } from './openapi/openapi.routes';
import { features as defaultFeatures, type Feature } from './routes';
import { createServices } from './services';
import { h5App } from './static/static-files';

export interface CreateAppOptions extends AppDeps {
  /** Defaults to every feature of routes.ts; tests append test-only features. */
  features?: Feature[];
  /** Where the H5 build lives; defaults to miniapp/dist/h5 of the repository. */
  h5Root?: string;
  version?: string;
}

export type App = Koa<AppState>;

const DEFAULT_H5_ROOT = path.resolve(__dirname, '../../miniapp/dist/h5');

// The groups each app was built from, so tests can compare mounted routes with the document.
const mountedGroups = new WeakMap<App, { groups: RouteGroup[]; routers: Router<AppState>[] }>();

/** Builds the Koa app. No side effects: it neither listens nor connects. */
export function createApp(options: CreateAppOptions): App {
  const { config, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const deps: FeatureDeps = {
    ...options,
    clock,
    // Production runs several instances (README): their limits are counted in the database.
    rateLimitStore:
      options.rateLimitStore ??
      (config.isProduction ? new MongoRateLimitStore() : new MemoryRateLimitStore()),
    services: options.services ?? createServices(config, clock),
  };
  const app = new Koa<AppState>({ proxy: config.trustProxy });
  // NOTE: errors are answered by errorHandler; Koa's default handler would print them to
  // stderr a second time.
  app.silent = true;

  app.use(errorHandler(logger));
  app.use(requestId(logger));
  app.use(requestLog());
  app.use(securityHeaders());
  app.use(corsFor(config.h5Origins));
  app.use(compress({ threshold: 1024 }));
  app.use(jsonOnce());
  app.use(
    bodyParser({
      enableTypes: ['json'],
      jsonLimit: config.bodyLimitBytes,
      encoding: 'utf-8',
    }),
  );

  // NOTE: not in tests, which move the clock and write straight to the database between reads.
  if (config.nodeEnv !== 'test') app.use(publicReadCache(clock));

  const groups = (options.features ?? defaultFeatures).map((feature) => feature(deps));
  groups.push(openApiRoutes(() => groups, options.version ?? '0.1.0'));
  const routers = groups.map((group) => mountGroup(group, deps));
  for (const router of routers) app.use(router.routes());
  mountedGroups.set(app, { groups, routers });

  app.use(h5App(options.h5Root ?? DEFAULT_H5_ROOT));
  return app;
}

/** Every (method, Koa path) the app's routers answer, read from the routers themselves. */
export function mountedRoutes(app: App): { method: string; path: string }[] {
  const mounted = mountedGroups.get(app);
  if (!mounted) return [];
  return mounted.routers.flatMap((router) =>
    router.stack.flatMap((layer) =>
      layer.methods.filter((m) => m !== 'HEAD').map((method) => ({ method, path: String(layer.path) })),
    ),
  );
}
