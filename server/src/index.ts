// `npm start`: config → logger → database → app → listen; graceful shutdown on SIGTERM/SIGINT.
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { formatDemoAccounts } from './seed/banner';
import { startServer } from './server';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config);
  const running = await startServer({ config, logger });

  const banner = [
    '',
    `三务公开 API 已启动 / listening on ${running.url}`,
    `  OpenAPI: ${running.url}/api/v1/openapi.json`,
    running.inMemory
      ? '  数据保存在内存中，退出即丢失 / data is in memory (embedded devdb) and is lost on exit'
      : '  数据库 / database: MONGODB_URI',
    ...(running.inMemory && config.demo ? [formatDemoAccounts(running.demoAccounts)] : []),
    '',
  ];
  process.stdout.write(banner.join('\n') + '\n');

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'signal received');
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`启动失败 / failed to start: ${String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
