import { randomBytes } from 'node:crypto';
import { z } from 'zod';

// Environment → typed config, parsed once at boot. Every problem is reported in one error
// that names each bad or missing variable, so a misconfigured deploy fails on its first line.
//
// NOTE: all date rules use Asia/Shanghai whatever the host TZ is; they take the zone
// explicitly (see shared/), so TZ is deliberately not a setting here.

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().min(1).optional());
const boolText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => ['true', '1', 'yes'].includes(v));
const port = z.coerce.number().int().min(0).max(65535);
const ttl = z.string().regex(/^\d+\s*(ms|s|m|h|d)?$/, 'expected a duration such as 15m or 30d');

const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  TRUST_PROXY: optionalText.pipe(boolText.optional()),
  MONGODB_URI: optionalText.pipe(
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// or mongodb+srv:// URI')
      .optional(),
  ),
  JWT_ACCESS_SECRET: optionalText.pipe(z.string().min(32, 'at least 32 characters').optional()),
  PHONE_HASH_SECRET: optionalText.pipe(z.string().min(32, 'at least 32 characters').optional()),
  JWT_ACCESS_TTL: ttl.default('15m'),
  JWT_REFRESH_TTL: ttl.default('30d'),
  WECHAT_APPID: optionalText,
  WECHAT_SECRET: optionalText,
  WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
  WECHAT_TEMPLATE_REMINDER: optionalText,
  WECHAT_TEMPLATE_PROGRESS: optionalText,
  WECHAT_TEMPLATE_OVERDUE: optionalText,
  WECHAT_TEMPLATE_ALERT: optionalText,
  REMINDER_WORKDAYS_BEFORE: z.coerce.number().int().min(0).max(20).default(3),
  REMINDER_ON_DUE_DAY: optionalText.pipe(boolText.optional()),
  SCHEDULER: optionalText.pipe(boolText.optional()),
  SCHEDULER_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  PUBLIC_BASE_URL: optionalText.pipe(z.url().optional()),
  H5_ORIGIN: z.string().default(''),
  DEMO: optionalText.pipe(boolText.optional()),
  LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  UPLOAD_DIR: z.string().min(1).default('./var/uploads'),
  BODY_LIMIT_KB: z.coerce.number().int().min(1).max(102_400).default(1024),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  nodeEnv: 'development' | 'test' | 'production';
  isProduction: boolean;
  port: number;
  host: string;
  /** Trust X-Forwarded-For/-Proto (only behind a reverse proxy, else clients can fake their IP). */
  trustProxy: boolean;
  /** Unset outside production means "start the embedded devdb". */
  mongodbUri: string | undefined;
  jwt: {
    accessSecret: string;
    accessTtl: string;
    refreshTtl: string;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
  };
  /** HMAC key for phone numbers: they are stored only as this keyed hash (plus a masked copy). */
  phoneHashSecret: string;
  wechat: {
    appId: string | undefined;
    secret: string | undefined;
    apiBase: string;
    /** Subscribe-message template ids per notification family; unset families stay in-app only. */
    templates: { reminder?: string; progress?: string; overdue?: string; alert?: string };
  };
  /** Deadline reminders: N working days before (0 = none) and on the due day. */
  reminders: { workdaysBefore: number; onDueDay: boolean };
  /** The deadline scheduler (off in tests, which call sweep() themselves). */
  scheduler: { enabled: boolean; intervalMs: number };
  publicBaseUrl: string | undefined;
  /** CORS allow-list for the H5 app. */
  h5Origins: string[];
  /** Demo mode: demo sign-in routes and automatic seeding. */
  demo: boolean;
  logLevel: LogLevel;
  uploadDir: string;
  bodyLimitBytes: number;
}

/** Thrown when the environment is invalid; the message names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function devSecret(label: string): string {
  // Clearly labelled so a leaked dev token is recognisable; random so it is never a real secret.
  return `dev-only-${label}-secret-NOT-FOR-PRODUCTION-${randomBytes(12).toString('hex')}`;
}

// NOTE: fixed, unlike the JWT dev secrets: phone hashes in a kept development database must
// still match after a restart.
const DEV_PHONE_HASH_SECRET = 'dev-only-phone-hash-secret-NOT-FOR-PRODUCTION';

const UNIT_SECONDS = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** `15m` → 900; a bare number is seconds (as jsonwebtoken reads it). */
function durationSeconds(text: string): number {
  const [, amount, unit] = /^(\d+)\s*(ms|s|m|h|d)?$/.exec(text)!;
  return Math.max(1, Math.round(Number(amount) * UNIT_SECONDS[(unit ?? 's') as keyof typeof UNIT_SECONDS]));
}

const present = (value: string | undefined) => value !== undefined && value.trim() !== '';

// Production rules look at the raw environment so they are reported together with any
// format errors, in one message.
function productionProblems(env: NodeJS.ProcessEnv): { variable: string; message: string }[] {
  if (env.NODE_ENV !== 'production') return [];
  const problems: { variable: string; message: string }[] = [];
  if (!present(env.MONGODB_URI)) {
    problems.push({
      variable: 'MONGODB_URI',
      message: 'required in production; the embedded devdb keeps data in memory and is refused',
    });
  }
  for (const variable of ['JWT_ACCESS_SECRET', 'PHONE_HASH_SECRET'] as const) {
    if (!present(env[variable])) problems.push({ variable, message: 'required in production' });
  }
  if (['true', '1', 'yes'].includes(env.DEMO ?? '')) {
    problems.push({ variable: 'DEMO', message: 'demo mode is not allowed in production' });
  }
  return problems;
}

/** Parses the environment (default `process.env`) into a {@link Config}, or throws {@link ConfigError}. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZEnv.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(env)'),
        message: issue.message,
      }));
  problems.push(...productionProblems(env));
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';

  return {
    nodeEnv: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    host: e.HOST,
    trustProxy: e.TRUST_PROXY ?? false,
    mongodbUri: e.MONGODB_URI,
    jwt: {
      accessSecret: e.JWT_ACCESS_SECRET ?? devSecret('access'),
      accessTtl: e.JWT_ACCESS_TTL,
      refreshTtl: e.JWT_REFRESH_TTL,
      accessTtlSeconds: durationSeconds(e.JWT_ACCESS_TTL),
      refreshTtlSeconds: durationSeconds(e.JWT_REFRESH_TTL),
    },
    phoneHashSecret: e.PHONE_HASH_SECRET ?? DEV_PHONE_HASH_SECRET,
    wechat: {
      appId: e.WECHAT_APPID,
      secret: e.WECHAT_SECRET,
      apiBase: e.WECHAT_API_BASE,
      templates: {
        reminder: e.WECHAT_TEMPLATE_REMINDER,
        progress: e.WECHAT_TEMPLATE_PROGRESS,
        overdue: e.WECHAT_TEMPLATE_OVERDUE,
        alert: e.WECHAT_TEMPLATE_ALERT,
      },
    },
    reminders: { workdaysBefore: e.REMINDER_WORKDAYS_BEFORE, onDueDay: e.REMINDER_ON_DUE_DAY ?? true },
    scheduler: {
      enabled: e.SCHEDULER ?? e.NODE_ENV !== 'test',
      intervalMs: e.SCHEDULER_INTERVAL_SECONDS * 1000,
    },
    publicBaseUrl: e.PUBLIC_BASE_URL,
    h5Origins: e.H5_ORIGIN.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    demo: isProduction ? false : (e.DEMO ?? !e.MONGODB_URI),
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    uploadDir: e.UPLOAD_DIR,
    bodyLimitBytes: e.BODY_LIMIT_KB * 1024,
  };
}
