import { Archive, ModificationRequest } from '../archive/archive.model';
import { Disclosure } from '../disclosures/disclosure.model';
import { Feedback } from '../feedback/feedback.model';
import { Org } from '../orgs/org.model';
import { demoSeedSteps } from '../seed/seed-steps';
import { startTestApp, type TestApp } from '../test/harness';
import { captureLogger } from '../test/test-config';
import { User } from '../users/user.model';
import { Notice } from './notice.model';

let t: TestApp;
const NOW = '2026-11-23T02:00:00Z';
beforeAll(async () => {
  t = await startTestApp({ now: NOW });
});
afterAll(() => t.stop());

// The identity seed hashes passwords with bcrypt, and the whole demo runs: allow for a busy machine.
jest.setTimeout(180_000);

it('seeds an archived 2025 for 东山村 with a pending modification request, and an open 通报 with a deadline', async () => {
  const ctx = {
    config: t.config,
    connection: t.db!.connection,
    logger: captureLogger().logger,
    now: new Date(NOW),
    demoAccounts: [],
  };
  for (const step of demoSeedSteps(t.config)) await step.run(ctx);
  const ds = (await Org.findOne({ name: '东山村' }).lean())!;

  const archive = (await Archive.findOne({ orgId: ds._id }).lean())!;
  expect(archive).toMatchObject({ year: 2025, closedByName: '刘振华', feedback: 2 });
  expect(archive.disclosures).toBeGreaterThanOrEqual(2);
  expect(await Disclosure.countDocuments({ orgId: ds._id, period: { $in: ['2025-H2', '2025-Q4'] } })).toBe(2);
  expect(
    await Feedback.countDocuments({
      orgId: ds._id,
      createdAt: { $lt: new Date('2026-01-01T00:00:00+08:00') },
    }),
  ).toBe(2);
  expect(await ModificationRequest.countDocuments({ archiveId: archive._id, status: 'pending' })).toBe(1);

  const notice = (await Notice.findOne({}).lean())!;
  expect(notice).toMatchObject({ state: 'open', issuerOrgName: '城关镇', issuedByName: '刘振华' });
  expect(notice.rectifyBy > '2026-11-23').toBe(true);
  expect(notice.nextCheckAt).not.toBeNull();

  // The demo inspector sees it all through the API.
  const inspector = (await User.findOne({ username: 'town-inspector' }).lean())!;
  const auth = await t.bearer(String(inspector._id));
  const exported = await t.request
    .get(`/api/v1/orgs/${String(ds._id)}/archives/2025/export.zip`)
    .set('Authorization', auth);
  expect(exported.status).toBe(200);
  const overview = await t.request
    .get(`/api/v1/supervision/overview?orgId=${String(ds.parentId)}`)
    .set('Authorization', auth);
  expect(overview.status).toBe(200);
  expect(overview.body.feedback.total).toBeGreaterThan(0);
});
