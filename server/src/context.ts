import type { ParameterizedContext } from 'koa';
import type { Config } from './config';
import type { Database } from './db/connect';
import type { Logger } from './logger';
import type { RateLimitStore } from './middleware/rate-limit';
import type { LoadedActor } from './policy/authorize';
import type { AppServices, Clock } from './services';

/** The signed-in caller; filled by the `authenticate` middleware from the bearer token. */
export interface AuthUser {
  id: string;
}

/** What middleware puts on `ctx.state`, typed once for every route. */
export interface AppState {
  requestId: string;
  /** Child logger carrying the request id. */
  log: Logger;
  user?: AuthUser;
  /** The caller with the grants read fresh from the database (set together with `user`). */
  actor?: LoadedActor;
  /** Parsed by `validate()`; typed per route by `defineRoute`. */
  body?: unknown;
  query?: unknown;
  params?: unknown;
}

export type AppContext = ParameterizedContext<AppState>;

/** Everything `createApp` needs; tests pass their own. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  /** Absent only in tests that need no database; /readyz then answers 503. */
  db?: Database;
  /** Shared by every rate-limited route; in-memory unless a deployment supplies another store. */
  rateLimitStore?: RateLimitStore;
  /** The time every rule uses; tests move it instead of waiting. */
  clock?: Clock;
  /** Built from the config unless a test supplies its own. */
  services?: AppServices;
}

/** The dependencies as features receive them, every default filled in by createApp. */
export interface FeatureDeps extends AppDeps {
  rateLimitStore: RateLimitStore;
  clock: Clock;
  services: AppServices;
}
