import type { Role } from '@sanwu/shared';
import type { UserDoc } from './user.model';

export interface UserDto {
  id: string;
  kind: 'resident' | 'staff';
  name: string;
  username: string | null;
  wechatBound: boolean;
  grants: { role: Role; orgId: string; verified?: boolean }[];
  disabled: boolean;
}

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
