import { ZDemoAccount } from '@sanwu/shared';
import { verifyAuditChains } from '../audit/verify-chain';
import { createAuthService } from '../auth/auth.service';
import { Org } from '../orgs/org.model';
import { registryCounts } from '../residents/registry.service';
import { PendingGrant } from './pending-grant.model';
import { seedIdentityDemo } from './demo-seed';
import { identitySeedStep } from './identity.seed-step';
import { useIdentityDb } from './testing';

useIdentityDb();

describe('the identity demo seed', () => {
  it('creates the org tree, an account for every role, registries and WeChat residents; a second run only lists', async () => {
    const accounts = await seedIdentityDemo({ phoneSecret: 's', bcryptCost: 4 });
    for (const a of accounts) expect(ZDemoAccount.parse(a)).toEqual(a);
    expect(new Set(accounts.map((a) => a.role))).toEqual(
      new Set(['admin', 'cadre', 'supervisor', 'inspector', 'resident']),
    );
    expect(accounts.filter((a) => a.role === 'supervisor' && a.org === '东山村')).toHaveLength(5);
    expect(
      accounts
        .filter((a) => a.role === 'inspector')
        .map((a) => a.org)
        .sort(),
    ).toEqual(['城关镇', '示范县'].sort());
    expect(accounts.filter((a) => a.role === 'admin')).toHaveLength(2);
    expect(accounts.find((a) => a.org === '综合股')).toMatchObject({
      role: 'cadre',
      username: 'office-staff',
    });
    expect(accounts.filter((a) => a.role === 'resident').length).toBeGreaterThanOrEqual(3);

    const dongshan = await Org.findOne({ name: '东山村' }).lean();
    const counts = await registryCounts(String(dongshan!._id));
    expect(counts.representatives).toBe(25);
    expect(counts.villagers).toBeGreaterThan(200);
    expect(counts.households).toBeGreaterThan(60);
    // Inspectors were approved by the second admin.
    expect(await PendingGrant.countDocuments({ status: 'approved' })).toBe(2);
    // One proposal is left for admin2, so the demo shows the two-person rule at work.
    expect(await PendingGrant.countDocuments({ status: 'pending' })).toBe(1);
    expect((await verifyAuditChains()).ok).toBe(true);

    const auth = createAuthService({ jwtSecret: 'x'.repeat(32) });
    await expect(auth.loginWithPassword('ds-cadre', 'sanwu-demo')).resolves.toHaveProperty('accessToken');

    expect(await seedIdentityDemo({ phoneSecret: 's', bcryptCost: 4 })).toEqual(accounts);

    const ctx = {
      demoAccounts: [] as { name: string; role: string; username?: string; password?: string }[],
    };
    await identitySeedStep({ phoneSecret: 's', bcryptCost: 4 }).run(ctx as never);
    expect(ctx.demoAccounts).toContainEqual({
      name: '王建国',
      role: '干部',
      org: '东山村',
      username: 'ds-cadre',
      password: 'sanwu-demo',
    });
    expect(await Org.countDocuments()).toBe(6);
  });
});
