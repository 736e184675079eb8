// `npm run seed [-- --force]`: loads the demo data into the database at MONGODB_URI, on purpose.
// (`npm start` without MONGODB_URI seeds its in-memory database by itself.)
import { ConfigError, loadConfig } from '../config';
import { connectDatabase } from '../db/connect';
import { createLogger } from '../logger';
import { formatDemoAccounts } from './banner';
import { runSeed, SeedRefusedError } from './run-seed';

async function main(argv: string[]): Promise<number> {
  const config = loadConfig();
  if (!config.mongodbUri) {
    process.stderr.write(
      '需要设置 MONGODB_URI：seed 用于向真实数据库导入演示数据。\n' +
        'MONGODB_URI is required: `npm run seed` loads the demo into a real database.\n',
    );
    return 2;
  }
  const logger = createLogger(config);
  const db = await connectDatabase(config.mongodbUri, { logger, autoIndex: true });
  try {
    await db.ensureIndexes();
    const { demoAccounts } = await runSeed({
      config,
      connection: db.connection,
      logger,
      force: argv.includes('--force'),
    });
    process.stdout.write(`演示数据已导入 / demo data loaded.\n${formatDemoAccounts(demoAccounts)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof SeedRefusedError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `${err instanceof ConfigError ? err.message : String((err as Error)?.stack ?? err)}\n`,
    );
    process.exit(1);
  },
);
