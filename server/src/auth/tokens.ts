import { createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Types } from 'mongoose';
import { UnauthenticatedError } from '@sanwu/shared';
import { appendAudit, type RequestMeta } from '../audit/audit.service';
import type { OwedAudit } from '../audit/audits-owed';
import { User } from '../users/user.model';
import { RefreshToken } from './refresh-token.model';

export interface TokenConfig {
  jwtSecret: string;
  /** Access JWT lifetime; short because grants are re-read per request but the JWT is not revocable. */
  accessTtlSeconds?: number;
  refreshTtlSeconds?: number;
  now?: () => Date;
}

export interface TokenPair {
  accessToken: string;
  accessExpiresAt: Date;
  refreshToken: string;
  refreshExpiresAt: Date;
}

/** What the access JWT carries — deliberately small; roles come from the database. */
export interface AccessClaims {
  sub: string;
  kind: 'resident' | 'staff';
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
const EXPIRED = '登录已过期，请重新登录';
/** Verified access tokens kept per process (~300 bytes each). */
const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * Access JWTs plus rotating refresh tokens. A refresh token is 32 random bytes, stored
 * only as its SHA-256; each use revokes it and issues its successor in the same family.
 * Presenting a token that was already rotated means it leaked (or a replay): the whole
 * family is revoked, signing out the thief and the owner alike.
 */
export class TokenService {
  private readonly accessTtl: number;
  private readonly refreshTtl: number;
  private readonly now: () => Date;
  /**
   * The secret as a KeyObject, made once: given a string, jsonwebtoken first tries (and fails)
   * createPublicKey on every verify — 1.3 ms per signed-in request in the bench profile.
   */
  private readonly verifyKey: KeyObject;
  /**
   * Access tokens that verified, by their full text (signature included), with their expiry: a
   * signed-in request then skips the HMAC and claim parsing (4% of an inbox read in the bench).
   * Only the signature check is skipped; the expiry is still checked against the clock on every use.
   */
  private readonly verified = new Map<string, { claims: AccessClaims; exp: number }>();

  constructor(private readonly config: TokenConfig) {
    this.verifyKey = createSecretKey(Buffer.from(config.jwtSecret));
    this.accessTtl = config.accessTtlSeconds ?? 15 * 60;
    this.refreshTtl = config.refreshTtlSeconds ?? 30 * 24 * 3600;
    this.now = config.now ?? (() => new Date());
  }

  /**
   * Issues a new pair; `familyId` continues a rotation, absent starts a new sign-in, whose audit
   * entry `owed` the new token's row carries until the sweep has seen it written.
   */
  async issue(
    user: { _id: Types.ObjectId; kind: 'resident' | 'staff' },
    familyId?: Types.ObjectId,
    owed?: OwedAudit,
  ) {
    const nowMs = this.now().getTime();
    const iat = Math.floor(nowMs / 1000);
    const accessToken = jwt.sign(
      { sub: String(user._id), kind: user.kind, typ: 'access', iat, exp: iat + this.accessTtl },
      this.config.jwtSecret,
      { algorithm: 'HS256' },
    );
    const refreshToken = randomBytes(32).toString('base64url');
    const refreshExpiresAt = new Date(nowMs + this.refreshTtl * 1000);
    const row = await RefreshToken.create({
      userId: user._id,
      familyId: familyId ?? new Types.ObjectId(),
      tokenHash: sha256(refreshToken),
      expiresAt: refreshExpiresAt,
      ...(owed && { auditsOwed: [owed] }),
    });
    const pair: TokenPair = {
      accessToken,
      accessExpiresAt: new Date((iat + this.accessTtl) * 1000),
      refreshToken,
      refreshExpiresAt,
    };
    return { pair, rowId: row._id };
  }

  /** Verifies an access JWT against the injected clock; throws 401 when invalid or expired. */
  verifyAccess(token: string): AccessClaims {
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    const known = this.verified.get(token);
    // jsonwebtoken's rule: expired once the clock reaches `exp`.
    if (known && nowSeconds < known.exp) return known.claims;
    try {
      const claims = jwt.verify(token, this.verifyKey, {
        algorithms: ['HS256'],
        clockTimestamp: nowSeconds,
      }) as jwt.JwtPayload;
      if (claims.typ !== 'access' || typeof claims.sub !== 'string') throw new Error('not an access token');
      const access: AccessClaims = { sub: claims.sub, kind: claims.kind === 'staff' ? 'staff' : 'resident' };
      if (typeof claims.exp === 'number') this.remember(token, access, claims.exp);
      return access;
    } catch (err) {
      throw new UnauthenticatedError(
        err instanceof jwt.TokenExpiredError ? EXPIRED : '登录凭证无效，请重新登录',
      );
    }
  }

  private remember(token: string, claims: AccessClaims, exp: number): void {
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) {
      // Oldest first (insertion order): a token in use is simply verified again.
      this.verified.delete(this.verified.keys().next().value!);
    }
    this.verified.set(token, { claims, exp });
  }

  /** Rotates a refresh token. */
  async refresh(refreshToken: string, meta: RequestMeta = {}): Promise<TokenPair> {
    const now = this.now();
    const row = await RefreshToken.findOne({ tokenHash: sha256(refreshToken) }).lean();
    if (!row) throw new UnauthenticatedError('登录凭证无效，请重新登录');
    // Revoked by logout or by a family revocation: simply over. Rotated (has a successor):
    // someone replayed an old token, so the live successor is compromised too.
    if (row.revokedAt && !row.replacedBy) throw new UnauthenticatedError('登录已失效，请重新登录');
    if (row.revokedAt) {
      await this.revokeFamily(row.familyId, now);
      await appendAudit({
        actorId: row.userId,
        action: 'auth.refresh.reuse',
        target: { type: 'user', id: String(row.userId) },
        summary: { after: { familyId: String(row.familyId) } },
        meta,
        at: now,
      });
      throw new UnauthenticatedError('登录凭证已被使用，为安全起见请重新登录');
    }
    if (row.expiresAt.getTime() <= now.getTime()) throw new UnauthenticatedError(EXPIRED);
    const user = await User.findById(row.userId).select({ kind: 1, disabled: 1 }).lean();
    if (!user || user.disabled) throw new UnauthenticatedError('账号不存在或已停用');
    // Claim the row atomically: of two concurrent refreshes with one token, one wins and
    // the other is treated as reuse.
    const claimed = await RefreshToken.findOneAndUpdate(
      { _id: row._id, revokedAt: null },
      { $set: { revokedAt: now } },
    ).lean();
    if (!claimed) {
      await this.revokeFamily(row.familyId, now);
      throw new UnauthenticatedError('登录凭证已被使用，为安全起见请重新登录');
    }
    const { pair, rowId } = await this.issue(user, row.familyId);
    await RefreshToken.updateOne({ _id: row._id }, { $set: { replacedBy: rowId } });
    return pair;
  }

  /** Signs out the session the refresh token belongs to (its whole family). */
  async logout(refreshToken: string): Promise<{ userId: Types.ObjectId } | null> {
    const row = await RefreshToken.findOne({ tokenHash: sha256(refreshToken) }).lean();
    if (!row) return null;
    await this.revokeFamily(row.familyId, this.now());
    return { userId: row.userId };
  }

  /** Signs the user out everywhere (e.g. after a password change or disabling). */
  async revokeAllFor(userId: Types.ObjectId | string): Promise<void> {
    await RefreshToken.updateMany(
      { userId: new Types.ObjectId(String(userId)), revokedAt: null },
      { $set: { revokedAt: this.now() } },
    );
  }

  private async revokeFamily(familyId: Types.ObjectId, now: Date): Promise<void> {
    await RefreshToken.updateMany({ familyId, revokedAt: null }, { $set: { revokedAt: now } });
  }
}
