import { AuditEntry } from '../audit/audit.model';
import type { TestApp } from '../test/harness';
import { useIdentityWorld, type IdentityWorld } from '../test/identity-world';
import { PendingGrant } from './pending-grant.model';
import { User } from './user.model';

describe('accounts and grants over HTTP', () => {
  let t: TestApp;
  let w: IdentityWorld;
  let admin: string;
  let admin2: string;
  useIdentityWorld(async (app, world) => {
    [t, w] = [app, world];
    admin = await t.bearer(String(w.users.admin._id));
    admin2 = await t.bearer(String(w.users.admin2._id));
  });

  const staffForm = (role: string, orgId: string) => ({
    name: '周新',
    username: 'Zhou.Xin',
    password: 'sanwu2026',
    role,
    orgId,
  });

  it('creates a cadre account that can sign in at once; the password is stored hashed', async () => {
    const res = await t.request
      .post('/api/v1/users')
      .set('Authorization', admin)
      .send(staffForm('cadre', String(w.orgs.village._id)));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      user: { name: '周新', username: 'zhou.xin', kind: 'staff', grants: [{ role: 'cadre' }] },
      grant: { status: 'granted' },
    });
    const stored = await User.findOne({ username: 'zhou.xin' }).lean();
    expect(stored!.passwordHash).toMatch(/^\$2[aby]\$/);
    const login = await t.request
      .post('/api/v1/auth/login')
      .send({ username: 'zhou.xin', password: 'sanwu2026' });
    expect(login.status).toBe(200);
    const actions = (await AuditEntry.find({ orgId: w.orgs.village._id }).sort({ seq: 1 }).lean()).map(
      (e) => e.action,
    );
    expect(actions).toEqual(['user.create', 'grant.apply', 'auth.login']);
  });

  it.each([
    ['a weak password', { password: 'abcdefgh' }, '密码须同时包含字母和数字'],
    ['a bad username', { username: '张三' }, '用户名须为 3–32 位字母、数字、点、横线或下划线'],
    ['the resident role', { role: 'resident' }, 'role'],
  ])('refuses %s with 400 and creates no account', async (_what, change, text) => {
    const res = await t.request
      .post('/api/v1/users')
      .set('Authorization', admin)
      .send({ ...staffForm('cadre', String(w.orgs.village._id)), ...change });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.body.error.details)).toContain(text);
    expect(await User.countDocuments({ name: '周新' })).toBe(0);
  });

  it('refuses a taken username with 409 CONFLICT', async () => {
    const form = staffForm('cadre', String(w.orgs.village._id));
    await t.request.post('/api/v1/users').set('Authorization', admin).send(form);
    const res = await t.request.post('/api/v1/users').set('Authorization', admin).send(form);
    expect(res.status).toBe(409);
    expect(await User.countDocuments({ username: 'zhou.xin' })).toBe(1);
  });

  it('grants an inspector only with a second admin: 202 pending, own approval 403, other admin 200', async () => {
    const userId = String(w.users.newcomer._id);
    const proposed = await t.request
      .post(`/api/v1/users/${userId}/grants`)
      .set('Authorization', admin)
      .send({ role: 'inspector', orgId: String(w.orgs.county._id) });
    expect(proposed.status).toBe(202);
    expect(proposed.body).toEqual({ status: 'pending', pendingGrantId: expect.any(String) });
    expect((await User.findById(userId).lean())!.grants).toHaveLength(0);

    const queue = await t.request.get('/api/v1/grants/pending').set('Authorization', admin2);
    expect(queue.body.items).toContainEqual(
      expect.objectContaining({
        id: proposed.body.pendingGrantId,
        userName: '孙新来',
        orgName: '示范县',
        proposedByName: '赵系统',
      }),
    );

    const own = await t.request
      .post(`/api/v1/grants/pending/${proposed.body.pendingGrantId}/approve`)
      .set('Authorization', admin);
    expect(own.status).toBe(403);
    expect(own.body.error).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('另一名管理员'),
    });

    const ok = await t.request
      .post(`/api/v1/grants/pending/${proposed.body.pendingGrantId}/approve`)
      .set('Authorization', admin2);
    expect(ok.status).toBe(200);
    const me = await t.request.get('/api/v1/me').set('Authorization', await t.bearer(userId));
    expect(me.body.roles).toEqual(['inspector']);
    expect(await AuditEntry.countDocuments({ action: { $in: ['grant.propose', 'grant.approve'] } })).toBe(2);

    const again = await t.request
      .post(`/api/v1/grants/pending/${proposed.body.pendingGrantId}/approve`)
      .set('Authorization', admin2);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_STATE');
  });

  it('rejects a pending grant with a reason; the user gets no role', async () => {
    const res = await t.request
      .post(`/api/v1/grants/pending/${w.pendingGrantId}/reject`)
      .set('Authorization', admin)
      .send({ reason: '人选另议' });
    expect(res.status).toBe(204);
    expect(await PendingGrant.findById(w.pendingGrantId).lean()).toMatchObject({
      status: 'rejected',
      reason: '人选另议',
    });
    expect((await User.findById(w.users.newcomer._id).lean())!.grants).toHaveLength(0);
  });

  it('revokes a role at once: the next request of its holder is refused', async () => {
    const exCadre = await t.bearer(String(w.users.exCadre._id));
    const village = String(w.orgs.village._id);
    expect(
      (await t.request.get(`/api/v1/orgs/${village}/residents`).set('Authorization', exCadre)).status,
    ).toBe(200);
    const res = await t.request
      .delete(`/api/v1/users/${String(w.users.exCadre._id)}/grants?role=cadre&orgId=${village}`)
      .set('Authorization', admin);
    expect(res.status).toBe(204);
    const after = await t.request.get(`/api/v1/orgs/${village}/residents`).set('Authorization', exCadre);
    expect(after.status).toBe(403);
    const none = await t.request
      .delete(`/api/v1/users/${String(w.users.exCadre._id)}/grants?role=cadre&orgId=${village}`)
      .set('Authorization', admin);
    expect(none.status).toBe(404);
  });

  it('lists the accounts within an org subtree, searchable by name', async () => {
    const all = await t.request
      .get(`/api/v1/users?orgId=${String(w.orgs.village._id)}&pageSize=50`)
      .set('Authorization', admin);
    expect(all.status).toBe(200);
    const names = all.body.items.map((u: { name: string }) => u.name);
    expect(names).toEqual(expect.arrayContaining(['王建国', '李德明', '周离任', '张三丰']));
    expect(names).not.toContain('陈长林');
    const found = await t.request
      .get(`/api/v1/users?q=${encodeURIComponent('建国')}`)
      .set('Authorization', admin);
    expect(found.body.items.map((u: { name: string }) => u.name)).toEqual(['王建国']);
  });
});
