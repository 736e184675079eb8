import bcrypt from 'bcryptjs';
import {
  ConflictError,
  ForbiddenError,
  RateLimitedError,
  UnauthenticatedError,
  ValidationError,
  type MeDto,
  type SessionDto,
} from '@sanwu/shared';
import { Types } from 'mongoose';
import { appendAudit, type RequestMeta } from '../audit/audit.service';
import { oweAudit } from '../audit/audits-owed';
import { Org } from '../orgs/org.model';
import { loadActor, type LoadedActor } from '../policy/authorize';
import { toUserDto, type UserDto } from '../users/user.mapper';
import { User, type UserDoc } from '../users/user.model';
import type { WechatClient } from '../wechat/wechat-client';
import { toSessionDto } from './auth.mapper';
import { TokenService, type TokenConfig } from './tokens';
import { isDuplicateKey } from '../db/duplicate-key';

export interface AuthDeps extends TokenConfig {
  /** Failed password attempts before the account is locked (default 5). */
  maxFailedLogins?: number;
  /** How long a lock lasts (default 15 minutes). */
  lockMinutes?: number;
  wechat?: Pick<WechatClient, 'code2Session'>;
}

export type Session = SessionDto & { user: UserDto };

/** The account is locked after too many failed passwords; 429 with Retry-After. */
export class AccountLockedError extends RateLimitedError {
  constructor(
    readonly lockedUntil: Date,
    now: Date,
  ) {
    const seconds = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
    super(seconds, `密码错误次数过多，账号已锁定，请 ${Math.ceil(seconds / 60)} 分钟后再试`);
  }
}

const BAD_CREDENTIALS = '用户名或密码错误';
// Compared against when the username does not exist, so an unknown user costs the same
// bcrypt work as a known one and response time does not reveal which usernames exist.
const DUMMY_HASH = bcrypt.hashSync('sanwu-timing-equaliser', 10);

/** The org of the user's first grant: the audit chain their sign-ins go to (global if none). */
function homeOrg(user: Pick<UserDoc, 'grants'>): Types.ObjectId | null {
  return user.grants[0]?.orgId ?? null;
}

/** Sign-in with password or WeChat, token refresh and logout, and `me`. */
export function createAuthService(deps: AuthDeps) {
  const now = deps.now ?? (() => new Date());
  const tokens = new TokenService({ ...deps, now });
  const maxFailures = deps.maxFailedLogins ?? 5;
  const lockMs = (deps.lockMinutes ?? 15) * 60_000;

  async function session(user: UserDoc, meta: RequestMeta, action: string): Promise<Session> {
    const audit = {
      orgId: homeOrg(user),
      actorId: user._id,
      actorRole: user.grants[0]?.role ?? user.kind,
      action,
      target: { type: 'user', id: String(user._id) },
      meta,
      at: now(),
    };
    const { pair } = await tokens.issue(user, undefined, oweAudit(audit, audit.at));
    await appendAudit(audit);
    return toSessionDto(pair, toUserDto(user)) as Session;
  }

  async function auditFailure(user: UserDoc | null, username: string, reason: string, meta: RequestMeta) {
    await appendAudit({
      orgId: user ? homeOrg(user) : null,
      actorId: user?._id ?? null,
      action: 'auth.login.failed',
      target: { type: 'user', id: user ? String(user._id) : null },
      summary: { after: { username, reason } },
      meta,
      at: now(),
    });
  }

  async function wechatSession(code: string, meta: RequestMeta) {
    if (!deps.wechat) throw new UnauthenticatedError('未配置微信登录');
    if (!code) throw new ValidationError('缺少微信登录凭证');
    try {
      return await deps.wechat.code2Session(code);
    } catch (err) {
      // Failed sign-ins are audited like failed passwords (seed 000 篇七: every login).
      const errcode = (err as { errcode?: number }).errcode ?? null;
      await appendAudit({ action: 'auth.wechat.failed', summary: { after: { errcode } }, meta, at: now() });
      throw err;
    }
  }

  return {
    tokens,

    /** Staff sign-in. Locks the account for `lockMinutes` after `maxFailedLogins` failures. */
    async loginWithPassword(username: string, password: string, meta: RequestMeta = {}): Promise<Session> {
      const name = username.trim().toLowerCase();
      const user = await User.findOne({ username: name }).lean<UserDoc>();
      const at = now();
      if (user?.lockedUntil && user.lockedUntil.getTime() > at.getTime()) {
        await auditFailure(user, name, 'locked', meta);
        throw new AccountLockedError(user.lockedUntil, at);
      }
      const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !user.passwordHash || !ok || user.disabled) {
        if (user && !ok) {
          const updated = await User.findOneAndUpdate(
            { _id: user._id },
            { $inc: { failedLogins: 1 } },
            { returnDocument: 'after' },
          ).lean<UserDoc>();
          if (updated && updated.failedLogins >= maxFailures) {
            const lockedUntil = new Date(at.getTime() + lockMs);
            await User.updateOne({ _id: user._id }, { $set: { lockedUntil, failedLogins: 0 } });
            await auditFailure(user, name, 'bad-password; locked', meta);
            throw new AccountLockedError(lockedUntil, at);
          }
        }
        await auditFailure(
          user,
          name,
          !user ? 'unknown-user' : user.disabled ? 'disabled' : 'bad-password',
          meta,
        );
        throw new UnauthenticatedError(BAD_CREDENTIALS);
      }
      if (user.failedLogins || user.lockedUntil) {
        await User.updateOne({ _id: user._id }, { $set: { failedLogins: 0, lockedUntil: null } });
      }
      return session(user, meta, 'auth.login');
    },

    /**
     * WeChat sign-in: one account per openid. The first sign-in creates an unverified
     * resident account; a staff account that bound this WeChat signs in as staff.
     */
    async loginWithWechat(code: string, meta: RequestMeta = {}): Promise<Session & { created: boolean }> {
      const { openid, unionid } = await wechatSession(code, meta);
      let user = await User.findOne({ 'wechat.openid': openid }).lean<UserDoc>();
      let created = false;
      if (!user) {
        try {
          user = (
            await User.create({ kind: 'resident', name: '微信用户', wechat: { openid, unionid } })
          ).toObject() as UserDoc;
          created = true;
        } catch (err) {
          // Two first sign-ins racing: the unique openid index let one win; use its account.
          if (!isDuplicateKey(err)) throw err;
          user = await User.findOne({ 'wechat.openid': openid }).lean<UserDoc>();
          if (!user) throw err;
        }
      } else if (unionid && user.wechat?.unionid !== unionid) {
        await User.updateOne({ _id: user._id }, { $set: { 'wechat.unionid': unionid } });
      }
      if (user.disabled) throw new UnauthenticatedError('账号已停用');
      return {
        ...(await session(user, meta, created ? 'auth.wechat.register' : 'auth.wechat.login')),
        created,
      };
    },

    /** Binds a WeChat account to a staff user so they can sign in from the mini-program. */
    async bindWechat(staffUserId: string, code: string, meta: RequestMeta = {}): Promise<UserDto> {
      const { openid, unionid } = await wechatSession(code, meta);
      const user = await User.findById(staffUserId).lean<UserDoc>();
      if (!user || user.kind !== 'staff') throw new ForbiddenError('只有工作人员账号可以绑定微信');
      const other = await User.findOne({ 'wechat.openid': openid }).select({ _id: 1 }).lean();
      if (other && !other._id.equals(user._id)) throw new ConflictError('该微信已绑定其他账号');
      const updated = await User.findByIdAndUpdate(
        user._id,
        { $set: { wechat: { openid, unionid } } },
        { returnDocument: 'after' },
      ).lean<UserDoc>();
      await appendAudit({
        orgId: homeOrg(user),
        actorId: user._id,
        actorRole: user.grants[0]?.role ?? 'staff',
        action: 'auth.wechat.bind',
        target: { type: 'user', id: String(user._id) },
        meta,
        at: now(),
      });
      return toUserDto(updated!);
    },

    /**
     * Demo mode only (`POST /auth/demo`): signs in as a seeded account without a password.
     * The route must refuse unless the server runs in demo mode.
     */
    async loginAsDemo(userId: string, meta: RequestMeta = {}): Promise<Session> {
      const user = Types.ObjectId.isValid(userId) ? await User.findById(userId).lean<UserDoc>() : null;
      if (!user || user.disabled) throw new UnauthenticatedError('演示账号不存在');
      return session(user, meta, 'auth.demo.login');
    },

    /**
     * For the auth middleware: `Authorization: Bearer <jwt>` → the actor with fresh grants;
     * null without a header (public routes), 401 when the token is bad or expired.
     */
    async authenticate(authorization: string | undefined): Promise<LoadedActor | null> {
      if (!authorization) return null;
      const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
      if (!match) throw new UnauthenticatedError('登录凭证格式不正确');
      const claims = tokens.verifyAccess(match[1]!);
      return loadActor(claims.sub);
    },

    refresh: async (refreshToken: string, meta: RequestMeta = {}): Promise<SessionDto> =>
      toSessionDto(await tokens.refresh(refreshToken, meta)),
    verifyAccessToken: (token: string) => tokens.verifyAccess(token),

    async logout(refreshToken: string, meta: RequestMeta = {}): Promise<void> {
      const row = await tokens.logout(refreshToken);
      if (row) {
        await appendAudit({
          actorId: row.userId,
          action: 'auth.logout',
          target: { type: 'user', id: String(row.userId) },
          meta,
          at: now(),
        });
      }
    },

    /** GET /me: the user, their roles and the orgs they act over (with names). */
    async me(userId: string): Promise<MeDto> {
      const user = await User.findById(userId).lean<UserDoc>();
      if (!user || user.disabled) throw new UnauthenticatedError('账号不存在或已停用');
      const orgs = await Org.find({ _id: { $in: user.grants.map((g) => g.orgId) } })
        .select({ name: 1, level: 1 })
        .lean();
      const byId = new Map(orgs.map((o) => [String(o._id), o]));
      return {
        user: toUserDto(user),
        roles: [...new Set(user.grants.map((g) => g.role))],
        scopes: user.grants.map((g) => ({
          role: g.role,
          orgId: String(g.orgId),
          orgName: byId.get(String(g.orgId))?.name ?? '',
          orgLevel: byId.get(String(g.orgId))?.level ?? null,
          verified: g.verified ?? undefined,
        })),
      };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
