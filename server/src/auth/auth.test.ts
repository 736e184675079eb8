import bcrypt from 'bcryptjs';
import { ZMe, ZSession } from '@sanwu/shared';
import { AuditEntry } from '../audit/audit.model';
import { verifyAuditChains } from '../audit/verify-chain';
import { User } from '../users/user.model';
import { makeOrgTree, makeStaff, useIdentityDb } from '../users/testing';
import { FakeWechatServer } from '../wechat/fake-wechat-server';
import { WechatClient } from '../wechat/wechat-client';
import { AccountLockedError, createAuthService } from './auth.service';
import { RefreshToken } from './refresh-token.model';

useIdentityDb();

let clock = Date.parse('2026-03-02T01:00:00Z');
const now = () => new Date(clock);
const minutes = (n: number) => (clock += n * 60_000);
const fake = new FakeWechatServer();
let auth: ReturnType<typeof createAuthService>;
const PASSWORD = 'sanwu-demo-1';
const hash = bcrypt.hashSync(PASSWORD, 4);

beforeAll(async () => {
  await fake.start();
  const wechat = new WechatClient({ appId: fake.appId, secret: fake.secret, apiBase: fake.baseUrl });
  auth = createAuthService({
    jwtSecret: 'x'.repeat(32),
    accessTtlSeconds: 900,
    refreshTtlSeconds: 3600,
    now,
    wechat,
  });
});
afterAll(() => fake.stop());

async function cadre() {
  const { village } = await makeOrgTree();
  return (await makeStaff([{ role: 'cadre', org: village }], { username: 'zhangsan', passwordHash: hash }))
    .user;
}

describe('password sign-in', () => {
  it('signs in with the right password and records the login in the org chain', async () => {
    const user = await cadre();
    const s = await auth.loginWithPassword('ZhangSan', PASSWORD, { ip: '10.0.0.1', requestId: 'r1' });
    expect(auth.verifyAccessToken(s.accessToken)).toEqual({ sub: String(user._id), kind: 'staff' });
    expect(s.user).toMatchObject({ id: String(user._id), username: 'zhangsan', grants: [{ role: 'cadre' }] });
    expect(s.user).not.toHaveProperty('passwordHash');
    expect(ZSession.parse(s)).toEqual(s);
    const entry = await AuditEntry.findOne({ action: 'auth.login' }).lean();
    expect(entry).toMatchObject({ ip: '10.0.0.1', requestId: 'r1', actorRole: 'cadre' });
    expect(String(entry!.orgId)).toBe(String(user.grants[0]!.orgId));
  });

  it.each([
    ['a wrong password', 'zhangsan', 'wrong-password'],
    ['an unknown user', 'nobody', PASSWORD],
  ])('refuses %s with the same message and audits the failure', async (_what, username, password) => {
    await cadre();
    await expect(auth.loginWithPassword(username, password)).rejects.toMatchObject({
      status: 401,
      message: '用户名或密码错误',
    });
    expect(await AuditEntry.countDocuments({ action: 'auth.login.failed' })).toBe(1);
  });

  it('locks the account after 5 failures for 15 minutes, even for the right password, then unlocks', async () => {
    await cadre();
    for (let i = 1; i <= 4; i++) {
      await expect(auth.loginWithPassword('zhangsan', 'bad')).rejects.toMatchObject({ status: 401 });
    }
    const fifth = await auth.loginWithPassword('zhangsan', 'bad').catch((e: unknown) => e);
    expect(fifth).toBeInstanceOf(AccountLockedError);
    expect(fifth).toMatchObject({
      status: 429,
      retryAfterSeconds: 900,
      message: expect.stringContaining('15 分钟'),
    });

    minutes(10);
    const locked = await auth.loginWithPassword('zhangsan', PASSWORD).catch((e: unknown) => e);
    expect(locked).toMatchObject({ status: 429, message: expect.stringContaining('5 分钟') });

    minutes(5);
    await expect(auth.loginWithPassword('zhangsan', PASSWORD)).resolves.toHaveProperty('accessToken');
    expect(await User.findOne({ username: 'zhangsan' }).lean()).toMatchObject({
      failedLogins: 0,
      lockedUntil: null,
    });
    expect(await AuditEntry.countDocuments({ action: 'auth.login.failed' })).toBe(6);
    expect(await verifyAuditChains()).toMatchObject({ ok: true });
  });

  it('resets the failure count after a successful sign-in', async () => {
    await cadre();
    for (let i = 0; i < 4; i++) await auth.loginWithPassword('zhangsan', 'bad').catch(() => undefined);
    await auth.loginWithPassword('zhangsan', PASSWORD);
    await expect(auth.loginWithPassword('zhangsan', 'bad')).rejects.toMatchObject({ status: 401 });
  });
});

describe('tokens', () => {
  it('expires the access token after its lifetime', async () => {
    await cadre();
    const s = await auth.loginWithPassword('zhangsan', PASSWORD);
    minutes(14);
    expect(auth.verifyAccessToken(s.accessToken).kind).toBe('staff');
    minutes(2);
    expect(() => auth.verifyAccessToken(s.accessToken)).toThrow('登录已过期，请重新登录');
  });

  it('refuses a forged or garbled access token', async () => {
    expect(() => auth.verifyAccessToken('abc.def.ghi')).toThrow('登录凭证无效，请重新登录');
  });

  it('refuses a token with a changed signature after its genuine twin was accepted', async () => {
    await cadre();
    const { accessToken } = await auth.loginWithPassword('zhangsan', PASSWORD);
    expect(auth.verifyAccessToken(accessToken).kind).toBe('staff');
    const [header, payload, signature] = accessToken.split('.');
    const forged = `${header}.${payload}.${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(() => auth.verifyAccessToken(forged)).toThrow('登录凭证无效，请重新登录');
    expect(() => auth.verifyAccessToken(`${accessToken} `)).toThrow('登录凭证无效，请重新登录');
  });

  it('rotates the refresh token, storing only hashes', async () => {
    await cadre();
    const s1 = await auth.loginWithPassword('zhangsan', PASSWORD);
    const s2 = await auth.refresh(s1.refreshToken);
    expect(ZSession.parse(s2)).toEqual(s2);
    expect(s2.refreshToken).not.toBe(s1.refreshToken);
    const rows = await RefreshToken.find().sort({ createdAt: 1 }).lean();
    expect(rows).toHaveLength(2);
    expect(String(rows[0]!.familyId)).toBe(String(rows[1]!.familyId));
    expect(rows[0]!.revokedAt).not.toBeNull();
    expect(String(rows[0]!.replacedBy)).toBe(String(rows[1]!._id));
    expect(rows.map((r) => r.tokenHash)).not.toContain(s1.refreshToken);
    await expect(auth.refresh(s2.refreshToken)).resolves.toHaveProperty('accessToken');
  });

  it('revokes the whole family when a rotated token is presented again', async () => {
    await cadre();
    const s1 = await auth.loginWithPassword('zhangsan', PASSWORD);
    const s2 = await auth.refresh(s1.refreshToken);
    await expect(auth.refresh(s1.refreshToken)).rejects.toMatchObject({ status: 401 });
    await expect(auth.refresh(s2.refreshToken)).rejects.toMatchObject({ status: 401 });
    expect(await RefreshToken.countDocuments({ revokedAt: null })).toBe(0);
    expect(await AuditEntry.countDocuments({ action: 'auth.refresh.reuse' })).toBe(1);
  });

  it('leaves other sessions of the same user alone on reuse', async () => {
    await cadre();
    const phone = await auth.loginWithPassword('zhangsan', PASSWORD);
    const laptop = await auth.loginWithPassword('zhangsan', PASSWORD);
    await auth.refresh(phone.refreshToken);
    await auth.refresh(phone.refreshToken).catch(() => undefined);
    await expect(auth.refresh(laptop.refreshToken)).resolves.toHaveProperty('refreshToken');
  });

  it('refuses an expired refresh token', async () => {
    await cadre();
    const s = await auth.loginWithPassword('zhangsan', PASSWORD);
    minutes(61);
    await expect(auth.refresh(s.refreshToken)).rejects.toMatchObject({ message: '登录已过期，请重新登录' });
  });

  it('logs out the session', async () => {
    await cadre();
    const s = await auth.loginWithPassword('zhangsan', PASSWORD);
    await auth.logout(s.refreshToken);
    await expect(auth.refresh(s.refreshToken)).rejects.toMatchObject({ status: 401 });
  });

  it('refuses to refresh for a disabled account', async () => {
    const user = await cadre();
    const s = await auth.loginWithPassword('zhangsan', PASSWORD);
    await User.updateOne({ _id: user._id }, { $set: { disabled: true } });
    await expect(auth.refresh(s.refreshToken)).rejects.toMatchObject({ status: 401 });
  });
});

describe('WeChat sign-in', () => {
  it('creates one resident account per openid, keeps the unionid, and signs in again with a new code', async () => {
    const first = await auth.loginWithWechat(fake.issueCode({ openid: 'o-aa' }));
    expect(first.created).toBe(true);
    expect(first.user).toMatchObject({ kind: 'resident', wechatBound: true, grants: [] });
    const again = await auth.loginWithWechat(fake.issueCode({ openid: 'o-aa', unionid: 'u-aa' }));
    expect(again.created).toBe(false);
    expect(again.user.id).toBe(first.user.id);
    expect(await User.countDocuments({ 'wechat.openid': 'o-aa' })).toBe(1);
    expect((await User.findById(first.user.id).lean())!.wechat).toMatchObject({ unionid: 'u-aa' });
  });

  it.each([
    ['an invalid code', async () => 'bogus-code', 40029],
    [
      'a reused code',
      async () => {
        const code = fake.issueCode({ openid: 'o-reuse' });
        await auth.loginWithWechat(code);
        return code;
      },
      40163,
    ],
  ])('refuses %s with 401 and creates no account', async (_what, codeOf, errcode) => {
    const code = await codeOf();
    const before = await User.countDocuments();
    await expect(auth.loginWithWechat(code)).rejects.toMatchObject({ status: 401, errcode });
    expect(await User.countDocuments()).toBe(before);
    const failure = await AuditEntry.findOne({ action: 'auth.wechat.failed' }).lean();
    expect(failure!.summary).toEqual({ before: null, after: { errcode } });
  });

  it('lets a staff member bind WeChat and then sign in as staff; the same WeChat cannot bind twice', async () => {
    await cadre();
    const staff = await User.findOne({ username: 'zhangsan' }).lean();
    await auth.bindWechat(String(staff!._id), fake.issueCode({ openid: 'o-staff' }));
    const s = await auth.loginWithWechat(fake.issueCode({ openid: 'o-staff' }));
    expect(s.user).toMatchObject({ id: String(staff!._id), kind: 'staff' });
    const { user: other } = await makeStaff();
    await expect(
      auth.bindWechat(String(other._id), fake.issueCode({ openid: 'o-staff' })),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });
});

describe('authenticate and demo sign-in', () => {
  it('turns a bearer token into the actor with current grants; no header means anonymous', async () => {
    const user = await cadre();
    const s = await auth.loginWithPassword('zhangsan', PASSWORD);
    await expect(auth.authenticate(undefined)).resolves.toBeNull();
    await expect(auth.authenticate(`Bearer ${s.accessToken}`)).resolves.toMatchObject({
      userId: String(user._id),
      grants: [{ role: 'cadre', orgId: String(user.grants[0]!.orgId) }],
    });
    await User.updateOne({ _id: user._id }, { $set: { grants: [] } });
    await expect(auth.authenticate(`Bearer ${s.accessToken}`)).resolves.toMatchObject({ grants: [] });
  });

  it.each([['Basic abc'], ['Bearer'], ['Bearer not-a-jwt']])(
    'refuses the header %j with 401',
    async (header) => {
      await expect(auth.authenticate(header)).rejects.toMatchObject({ status: 401 });
    },
  );

  it('refuses a valid token of a disabled account', async () => {
    const user = await cadre();
    const s = await auth.loginWithPassword('zhangsan', PASSWORD);
    await User.updateOne({ _id: user._id }, { $set: { disabled: true } });
    await expect(auth.authenticate(`Bearer ${s.accessToken}`)).rejects.toMatchObject({ status: 401 });
  });

  it('signs in as a seeded account in demo mode, audited', async () => {
    const user = await cadre();
    const s = await auth.loginAsDemo(String(user._id));
    expect(s.user.id).toBe(String(user._id));
    expect(await AuditEntry.countDocuments({ action: 'auth.demo.login' })).toBe(1);
    await expect(auth.loginAsDemo('000000000000000000000000')).rejects.toMatchObject({ status: 401 });
  });
});

describe('me', () => {
  it('returns the user, roles and org scopes with names', async () => {
    const { county, village } = await makeOrgTree();
    const { user } = await makeStaff([
      { role: 'cadre', org: village },
      { role: 'admin', org: county },
    ]);
    const me = await auth.me(String(user._id));
    expect(ZMe.parse(me)).toEqual(me);
    expect(me.roles).toEqual(['cadre', 'admin']);
    expect(me.scopes).toEqual([
      expect.objectContaining({ role: 'cadre', orgName: '东山村', orgLevel: 'village' }),
      expect.objectContaining({ role: 'admin', orgName: '示范县', orgLevel: 'county' }),
    ]);
  });
});
