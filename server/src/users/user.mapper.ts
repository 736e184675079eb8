import type { UserDto } from '@sanwu/shared';
import type { UserDoc } from './user.model';

export type { UserDto };

/** The API shape of a user: never the password hash, openid, phone hash or lockout state. */
export function toUserDto(u: UserDoc): UserDto {
  return {
    id: String(u._id),
    kind: u.kind,
    name: u.name,
    username: u.username ?? null,
    wechatBound: Boolean(u.wechat?.openid),
    grants: u.grants.map((g) => ({
      role: g.role,
      orgId: String(g.orgId),
      ...(g.verified !== undefined && g.verified !== null && { verified: g.verified }),
    })),
    disabled: u.disabled,
  };
}
