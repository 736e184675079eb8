import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

/** Structured JSON logs (one object per line) to stdout, or to `destination` in tests. */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  const options = {
    level: config.logLevel,
    base: { service: 'sanwu-server' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // NOTE: never log credentials, even at debug.
    redact: ['req.headers.authorization', 'password', 'refreshToken', 'accessToken'],
  };
  return destination ? pino(options, destination) : pino(options);
}
