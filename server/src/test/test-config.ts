import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig, type Config } from '../config';
import type { Logger } from '../logger';

/** A test config: NODE_ENV=test, silent logs, overridable with env-style strings. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
}

export interface CapturedLogger {
  logger: Logger;
  /** Every JSON line logged so far, parsed. */
  lines(): Record<string, unknown>[];
}

/** A pino logger writing into memory, to assert on what was logged. */
export function captureLogger(level: pino.Level = 'debug'): CapturedLogger {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  const logger = pino({ level }, stream);
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
