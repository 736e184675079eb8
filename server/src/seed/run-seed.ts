import type { Connection } from 'mongoose';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { demoSeedSteps, type DemoAccount, type SeedContext, type SeedStep } from './seed-steps';

export class SeedRefusedError extends Error {
  constructor(readonly collections: string[]) {
    super(
      `数据库非空（${collections.join(', ')}），未导入演示数据；确需覆盖请加 --force（会清空所有集合）。\n` +
        `The database is not empty (${collections.join(', ')}); refusing to seed. ` +
        'Pass --force to empty every collection and load the demo data.',
    );
    this.name = 'SeedRefusedError';
  }
}

export interface RunSeedOptions {
  config: Config;
  connection: Connection;
  logger: Logger;
  /** Empty every collection first instead of refusing a non-empty database. */
  force?: boolean;
  /** Defaults to `demoSeedSteps(config)`. */
  steps?: SeedStep[];
  now?: Date;
}

async function nonEmptyCollections(connection: Connection): Promise<string[]> {
  const db = connection.db;
  if (!db) throw new Error('database not connected');
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  const names: string[] = [];
  for (const { name } of collections) {
    if (name.startsWith('system.')) continue;
    if ((await db.collection(name).countDocuments({}, { limit: 1 })) > 0) names.push(name);
  }
  return names;
}

/** Loads the demo data step by step; returns the demo accounts the steps created. */
export async function runSeed(options: RunSeedOptions): Promise<{ demoAccounts: DemoAccount[] }> {
  const { config, connection, logger, force = false, now = new Date() } = options;
  const steps = options.steps ?? demoSeedSteps(config);
  const existing = await nonEmptyCollections(connection);
  if (existing.length > 0) {
    if (!force) throw new SeedRefusedError(existing);
    logger.warn({ collections: existing }, 'seed --force: emptying collections');
    // deleteMany rather than dropDatabase keeps the indexes the models declared.
    for (const name of existing) await connection.db!.collection(name).deleteMany({});
  }
  const ctx: SeedContext = { config, connection, logger, now, demoAccounts: [] };
  for (const step of steps) {
    const started = Date.now();
    await step.run(ctx);
    logger.info({ step: step.name, ms: Date.now() - started }, 'seed step done');
  }
  return { demoAccounts: ctx.demoAccounts };
}
