import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '../db/connect';
import type { DevDbHandle } from '../db/devdb';
import { Org } from '../orgs/org.model';
import type { SeedContext } from '../seed/seed-steps';
import { startTestDatabase } from '../test/harness';
import { captureLogger, testConfig } from '../test/test-config';
import { identitySeedStep } from '../users/identity.seed-step';
import { verifyDisclosureChain } from './disclosure-chain';
import { Disclosure, type DisclosureDoc } from './disclosure.model';
import { disclosureSeedStep } from './disclosure.seed-step';

describe('the disclosure demo seed', () => {
  let db: Database;
  let devdb: DevDbHandle;
  let uploadDir: string;
  beforeAll(async () => {
    ({ db, devdb } = await startTestDatabase());
    uploadDir = await mkdtemp(path.join(tmpdir(), 'sanwu-seed-'));
  });
  afterAll(async () => {
    await db.close();
    await devdb.stop();
    await rm(uploadDir, { recursive: true, force: true });
  });

  it.each(['2026-11-23T10:00:00+08:00', '2027-01-01T08:00:00+08:00', '2026-03-01T08:00:00+08:00'])(
    'publishes realistic items for 东山村 and 西河村 through the real workflow (now = %s)',
    async (nowText) => {
      await db.connection.dropDatabase();
      const config = testConfig({ UPLOAD_DIR: uploadDir, PHONE_HASH_SECRET: 'x'.repeat(32) });
      const ctx: SeedContext = {
        config,
        connection: db.connection,
        logger: captureLogger().logger,
        now: new Date(nowText),
        demoAccounts: [],
      };
      await identitySeedStep({ phoneSecret: config.phoneHashSecret, bcryptCost: 4 }).run(ctx);
      await disclosureSeedStep(config).run(ctx);

      const ds = (await Org.findOne({ name: '东山村' }).lean())!;
      const xh = (await Org.findOne({ name: '西河村' }).lean())!;
      const docs = await Disclosure.find().lean<DisclosureDoc[]>();
      const of = (org: typeof ds) => docs.filter((d) => d.orgId.equals(org._id));
      const published = of(ds).filter((d) => d.public);
      expect(new Set(published.map((d) => d.domain))).toEqual(new Set(['party', 'village', 'finance']));
      expect(of(ds).filter((d) => d.state === 'in_review')).toHaveLength(1);
      expect(of(ds).filter((d) => d.state === 'draft')).toHaveLength(1);
      const notice = published.find((d) => d.publicNoticeDays);
      expect(notice!.noticeWindowEnd!.getTime()).toBeGreaterThan(ctx.now.getTime());
      expect(published.filter((d) => d.versions.length === 2)).toHaveLength(1);
      expect(published.filter((d) => d.late)).not.toHaveLength(0);
      expect(published.filter((d) => d.postingProofs.length > 0)).toHaveLength(1);
      expect(of(xh).filter((d) => d.public).length).toBeGreaterThanOrEqual(2);
      for (const d of docs) {
        expect(verifyDisclosureChain(d).valid).toBe(true);
        for (const v of d.versions) {
          if (v.publishedAt) expect(v.publishedAt.getTime()).toBeLessThanOrEqual(ctx.now.getTime());
        }
      }
      expect(ctx.demoAccounts.map((a) => a.username)).toContain('xh-sup1');
      // Nothing pending in a past year: the archive demo closes last year.
      const year = nowText.slice(0, 4);
      for (const d of docs.filter((x) => !x.public)) expect(d.period?.slice(0, 4)).toBe(year);
    },
    30_000,
  );
});
