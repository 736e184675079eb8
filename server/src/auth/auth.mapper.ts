import type { SessionDto, UserDto } from '@sanwu/shared';
import type { TokenPair } from './tokens';

/** The API shape of a sign-in or refresh: expiry instants as ISO strings. */
export function toSessionDto(pair: TokenPair, user?: UserDto): SessionDto {
  return {
    accessToken: pair.accessToken,
    accessExpiresAt: pair.accessExpiresAt.toISOString(),
    refreshToken: pair.refreshToken,
    refreshExpiresAt: pair.refreshExpiresAt.toISOString(),
    ...(user && { user }),
  };
}
