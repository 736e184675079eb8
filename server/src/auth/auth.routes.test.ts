import bcrypt from 'bcryptjs';
import { AuditEntry } from '../audit/audit.model';
import { startIdentityTestApp, type IdentityTestApp } from '../test/identity-app';
import { seedIdentityDemo } from '../users/demo-seed';
import { makeOrgTree, makeResidentUser, makeStaff } from '../users/testing';
import { User } from '../users/user.model';
import { RefreshToken } from './refresh-token.model';

const PASSWORD = 'sanwu2026';
let hash: string;
let ipSeq = 0;
/** A client address of its own per test, so per-IP limits of one test do not leak into another. */
const freshIp = () => `203.0.113.${++ipSeq}`;

describe('sign-in over HTTP', () => {
  let h: IdentityTestApp;
  beforeAll(async () => {
    // Real time (no fixed clock): refresh tokens carry a TTL index the database sweeps by its own clock.
    h = await startIdentityTestApp();
    hash = await bcrypt.hash(PASSWORD, 4);
  });
  afterAll(() => h.stop());
  beforeEach(() => h.t.reset());

  async function cadre() {
    const { village } = await makeOrgTree();
    const { user } = await makeStaff([{ role: 'cadre', org: village }], {
      username: 'ds-cadre',
      name: '王建国',
      passwordHash: hash,
    });
    return { user, village };
  }
  const login = (username: string, password: string, ip = freshIp()) =>
    h.t.request.post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ username, password });

  it('signs a cadre in with username and password and audits it with request id and IP', async () => {
    const { user, village } = await cadre();
    const res = await login('DS-Cadre ', PASSWORD, '198.51.100.7').set('X-Request-Id', 'req-login-0001');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user: { id: String(user._id), kind: 'staff', username: 'ds-cadre' } });
    expect(res.body.accessToken).toEqual(expect.any(String));
    const entry = await AuditEntry.findOne({ action: 'auth.login' }).lean();
    expect(entry).toMatchObject({ requestId: 'req-login-0001', ip: '198.51.100.7', actorRole: 'cadre' });
    expect(String(entry!.orgId)).toBe(String(village._id));
  });

  it.each([
    ['a wrong password', 'ds-cadre', 'wrong-pass1', 'bad-password'],
    ['an unknown username', 'nobody', PASSWORD, 'unknown-user'],
  ])(
    'refuses %s with 401 UNAUTHENTICATED and audits the failure',
    async (_what, username, password, reason) => {
      await cadre();
      const res = await login(username, password);
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: '用户名或密码错误' });
      const failed = await AuditEntry.find({ action: 'auth.login.failed' }).lean();
      expect(failed).toHaveLength(1);
      expect(failed[0]!.summary).toMatchObject({ after: { username, reason } });
      expect(await AuditEntry.countDocuments({ action: 'auth.login' })).toBe(0);
    },
  );

  it('locks the account after 5 wrong passwords (429 with Retry-After) until the lock expires', async () => {
    h.t.clock.set(new Date());
    await cadre();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await login('ds-cadre', 'wrong-pass1')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const locked = await login('ds-cadre', PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('RATE_LIMITED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    expect((await User.findOne({ username: 'ds-cadre' }).lean())!.lockedUntil).toBeInstanceOf(Date);

    h.t.clock.advance(15 * 60_000 + 1000);
    expect((await login('ds-cadre', PASSWORD)).status).toBe(200);
    expect((await User.findOne({ username: 'ds-cadre' }).lean())!.failedLogins).toBe(0);
  });

  it('limits password attempts to 10 a minute per IP, whatever the usernames', async () => {
    await cadre();
    const ip = freshIp();
    for (let i = 0; i < 10; i++) expect((await login(`guess${i}`, 'x', ip)).status).toBe(401);
    const limited = await login('ds-cadre', PASSWORD, ip);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // The limit was hit before the service: no sign-in happened; another address is not affected.
    expect(await AuditEntry.countDocuments({ action: 'auth.login' })).toBe(0);
    expect((await login('ds-cadre', PASSWORD, freshIp())).status).toBe(200);
  });

  it('expires the access token (401) once the clock passes its lifetime; refresh gives a working one', async () => {
    h.t.clock.set(new Date());
    await cadre();
    const session = (await login('ds-cadre', PASSWORD)).body;
    const me = () => h.t.request.get('/api/v1/me').set('Authorization', `Bearer ${session.accessToken}`);
    expect((await me()).status).toBe(200);
    h.t.clock.advance(16 * 60_000);
    const expired = await me();
    expect(expired.status).toBe(401);
    expect(expired.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: '登录已过期，请重新登录' });
    const refreshed = await h.t.request
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: session.refreshToken });
    expect(refreshed.status).toBe(200);
    const again = await h.t.request
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${refreshed.body.accessToken}`);
    expect(again.status).toBe(200);
  });

  it('rotates refresh tokens; reusing an old one revokes the whole family', async () => {
    await cadre();
    const first = (await login('ds-cadre', PASSWORD)).body;
    const refresh = (refreshToken: string) => h.t.request.post('/api/v1/auth/refresh').send({ refreshToken });
    const second = await refresh(first.refreshToken);
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);

    const replay = await refresh(first.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('UNAUTHENTICATED');
    // The legitimate successor is dead too: the thief and the owner both sign in again.
    expect((await refresh(second.body.refreshToken)).status).toBe(401);
    const family = await RefreshToken.find().lean();
    expect(family).toHaveLength(2);
    expect(family.every((r) => r.revokedAt instanceof Date)).toBe(true);
    expect(await AuditEntry.countDocuments({ action: 'auth.refresh.reuse' })).toBe(1);
  });

  it('logs out: the refresh token stops working and the logout is audited', async () => {
    await cadre();
    const session = (await login('ds-cadre', PASSWORD)).body;
    const out = await h.t.request.post('/api/v1/auth/logout').send({ refreshToken: session.refreshToken });
    expect(out.status).toBe(204);
    const res = await h.t.request.post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken });
    expect(res.status).toBe(401);
    expect(await AuditEntry.countDocuments({ action: 'auth.logout' })).toBe(1);
  });

  it('answers 400 VALIDATION_FAILED in Chinese for an empty sign-in form', async () => {
    const res = await h.t.request.post('/api/v1/auth/login').set('X-Forwarded-For', freshIp()).send({});
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'password',
      'username',
    ]);
  });

  it('shows the user, roles and org scopes on GET /me', async () => {
    const { user, village } = await cadre();
    const res = await h.t.request.get('/api/v1/me').set('Authorization', await h.t.bearer(String(user._id)));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      user: { id: String(user._id), name: '王建国' },
      roles: ['cadre'],
      scopes: [{ role: 'cadre', orgId: String(village._id), orgName: '东山村', orgLevel: 'village' }],
    });
  });
});

describe('WeChat sign-in over HTTP (against the fake WeChat server)', () => {
  let h: IdentityTestApp;
  beforeAll(async () => {
    h = await startIdentityTestApp();
  });
  afterAll(() => h.stop());
  beforeEach(() => h.t.reset());

  const wechat = (code: string) =>
    h.t.request.post('/api/v1/auth/wechat').set('X-Forwarded-For', freshIp()).send({ code });

  it('creates one resident account per openid and keeps the unionid', async () => {
    const first = await wechat(h.wechat.issueCode({ openid: 'o-zhang', unionid: 'u-zhang' }));
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({
      kind: 'resident',
      name: '微信用户',
      wechatBound: true,
      grants: [],
    });
    const second = await wechat(h.wechat.issueCode({ openid: 'o-zhang', unionid: 'u-zhang' }));
    expect(second.body.user.id).toBe(first.body.user.id);
    const users = await User.find({ 'wechat.openid': 'o-zhang' }).lean();
    expect(users).toHaveLength(1);
    expect(users[0]!.wechat?.unionid).toBe('u-zhang');
    const actions = (await AuditEntry.find().sort({ seq: 1 }).lean()).map((e) => e.action);
    expect(actions).toEqual(['auth.wechat.register', 'auth.wechat.login']);
  });

  it.each([
    ['an invalid code', () => 'made-up-code', 40029, '登录凭证无效或已过期，请重新进入小程序'],
    [
      'a code already used',
      (fake: IdentityTestApp['wechat']) => {
        const code = fake.issueCode({ openid: 'o-li' });
        return code;
      },
      40163,
      '登录凭证已使用，请重新进入小程序',
    ],
  ])(
    'refuses %s with 401 UNAUTHENTICATED and audits the failure',
    async (_what, makeCode, errcode, message) => {
      const code = makeCode(h.wechat);
      if (errcode === 40163) expect((await wechat(code)).status).toBe(200);
      const res = await wechat(code);
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual({ code: 'UNAUTHENTICATED', message });
      const failed = await AuditEntry.find({ action: 'auth.wechat.failed' }).lean();
      expect(failed.map((f) => f.summary?.after)).toEqual([{ errcode }]);
    },
  );

  it('lets a cadre bind WeChat, after which WeChat signs them in as the cadre', async () => {
    const { village } = await makeOrgTree();
    const { user } = await makeStaff([{ role: 'cadre', org: village }]);
    const bind = await h.t.request
      .post('/api/v1/auth/wechat/bind')
      .set('Authorization', await h.t.bearer(String(user._id)))
      .send({ code: h.wechat.issueCode({ openid: 'o-cadre' }) });
    expect(bind.status).toBe(200);
    expect(bind.body).toMatchObject({ id: String(user._id), wechatBound: true });
    const res = await wechat(h.wechat.issueCode({ openid: 'o-cadre' }));
    expect(res.body.user).toMatchObject({ id: String(user._id), kind: 'staff' });
    expect(await User.countDocuments({ kind: 'resident' })).toBe(0);
  });

  it('refuses to bind a second account to a WeChat already in use (409 CONFLICT)', async () => {
    const { village } = await makeOrgTree();
    await makeResidentUser('o-taken');
    const { user } = await makeStaff([{ role: 'cadre', org: village }]);
    const res = await h.t.request
      .post('/api/v1/auth/wechat/bind')
      .set('Authorization', await h.t.bearer(String(user._id)))
      .send({ code: h.wechat.issueCode({ openid: 'o-taken' }) });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
    expect((await User.findById(user._id).lean())!.wechat?.openid).toBeUndefined();
  });
});

describe('demo sign-in', () => {
  it('does not exist outside demo mode (404 NOT_FOUND)', async () => {
    const h = await startIdentityTestApp({ env: { DEMO: 'false' } });
    try {
      const list = await h.t.request.get('/api/v1/auth/demo/users');
      expect(list.status).toBe(404);
      expect(list.body.error.code).toBe('NOT_FOUND');
      const { user } = await makeResidentUser();
      const demo = await h.t.request.post('/api/v1/auth/demo').send({ userId: String(user._id) });
      expect(demo.status).toBe(404);
      expect(demo.body.error.code).toBe('NOT_FOUND');
    } finally {
      await h.stop();
    }
  });

  it('lists the seeded accounts with Chinese role labels and signs in as one of them in demo mode', async () => {
    const h = await startIdentityTestApp({ env: { DEMO: 'true' } });
    try {
      await seedIdentityDemo({ phoneSecret: h.t.config.phoneHashSecret, bcryptCost: 4 });
      const list = await h.t.request.get('/api/v1/auth/demo/users');
      expect(list.status).toBe(200);
      const cadreAccount = list.body.items.find((a: { username?: string }) => a.username === 'ds-cadre');
      expect(cadreAccount).toMatchObject({ name: '王建国', role: 'cadre', roleLabel: '干部', org: '东山村' });
      const res = await h.t.request.post('/api/v1/auth/demo').send({ userId: cadreAccount.id });
      expect(res.status).toBe(200);
      const me = await h.t.request.get('/api/v1/me').set('Authorization', `Bearer ${res.body.accessToken}`);
      expect(me.body.roles).toEqual(['cadre']);
      expect(await AuditEntry.countDocuments({ action: 'auth.demo.login' })).toBe(1);
    } finally {
      await h.stop();
    }
  });
});
