import type { ParameterizedContext } from 'koa';
import type { Config } from './config';
import type { Database } from './db/connect';
import type { Logger } from './logger';
import type { RateLimitStore } from './middleware/rate-limit';

/** The signed-in caller; filled by the auth middleware of issue #4/#5. */
export interface AuthUser {
  id: string;
}

/** What middleware puts on `ctx.state`, typed once for every route. */
export interface AppState {
  requestId: string;
  /** Child logger carrying the request id. */
  log: Logger;
  user?: AuthUser;
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
}
