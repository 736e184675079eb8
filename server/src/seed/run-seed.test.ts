import { startTestDatabase } from '../test/harness';
import { captureLogger, testConfig } from '../test/test-config';
import type { Database } from '../db/connect';
import type { DevDbHandle } from '../db/devdb';
import { MetaModel } from './meta.model';
import { runSeed, SeedRefusedError } from './run-seed';
import { formatDemoAccounts } from './banner';
import { demoSeedSteps, type SeedStep } from './seed-steps';

// These seed the whole demo (every feature's step, ~8 s on a quiet machine; more on a busy CI runner).
jest.setTimeout(60_000);

describe('runSeed', () => {
  let db: Database;
  let devdb: DevDbHandle;
  const { logger } = captureLogger();
  const config = testConfig();
  beforeAll(async () => {
    ({ db, devdb } = await startTestDatabase());
  });
  afterAll(async () => {
    await db.close();
    await devdb.stop();
  });

  it('seeds an empty database step by step and records the meta document', async () => {
    const order: string[] = [];
    const accountStep: SeedStep = {
      name: 'accounts',
      async run(ctx) {
        order.push('accounts');
        ctx.demoAccounts.push({
          name: '王书记',
          role: 'cadre',
          org: '红旗村',
          username: 'wang',
          password: 'demo',
        });
      },
    };
    const now = new Date('2026-03-01T08:00:00+08:00');
    const result = await runSeed({
      config,
      connection: db.connection,
      logger,
      now,
      steps: [accountStep, ...demoSeedSteps(config)],
    });
    expect(order).toEqual(['accounts']);
    expect(result.demoAccounts[0]).toMatchObject({ username: 'wang' });
    expect(result.demoAccounts).toContainEqual(
      expect.objectContaining({ username: 'ds-cadre', role: '干部' }),
    );
    expect(await MetaModel.findById('demo').lean()).toEqual({ _id: 'demo', seededAt: now, version: '1' });
  });

  it('refuses a non-empty database without force, naming the collections in Chinese and English', async () => {
    const attempt = runSeed({ config, connection: db.connection, logger });
    await expect(attempt).rejects.toBeInstanceOf(SeedRefusedError);
    await expect(runSeed({ config, connection: db.connection, logger })).rejects.toThrow(
      /数据库非空（[^）]*meta[^）]*）[\s\S]*not empty/,
    );
  });

  it('empties the collections and seeds again with force', async () => {
    await db.connection.db!.collection('other').insertOne({ x: 1 });
    await runSeed({ config, connection: db.connection, logger, force: true });
    expect(await db.connection.db!.collection('other').countDocuments()).toBe(0);
    expect(await MetaModel.countDocuments()).toBe(1);
  });
});

describe('formatDemoAccounts', () => {
  it('says so when there are none yet', () => {
    expect(formatDemoAccounts([])).toContain('暂无');
  });

  it('lists name, role, org and credentials', () => {
    expect(
      formatDemoAccounts([
        { name: '王书记', role: 'cadre', org: '红旗村', username: 'wang', password: 'demo' },
      ]),
    ).toBe('演示账号 / demo accounts:\n  - 王书记（cadre，红旗村）  wang / demo');
  });
});
