import type { MeDto, Role, SessionDto } from '@sanwu/shared';
import { KEYS } from './storage-keys';
import { persistedStore, useStore } from './store';

/** The signed-in user's tokens and, once loaded, who they are. */
export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  me: MeDto | null;
}

const isSession = (v: unknown): v is StoredSession =>
  typeof v === 'object' && v !== null && typeof (v as StoredSession).accessToken === 'string';

export const sessionStore = persistedStore<StoredSession | null>(KEYS.session, null, isSession);

export function useSession(): StoredSession | null {
  return useStore(sessionStore);
}

export function saveTokens(
  session: Pick<SessionDto, 'accessToken' | 'refreshToken'>,
  me: MeDto | null = null,
): void {
  const previous = sessionStore.get();
  sessionStore.set({
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    me: me ?? previous?.me ?? null,
  });
}

export function signOut(): void {
  sessionStore.set(null);
}

/** The orgs over which the signed-in user holds one of `roles`. */
export function scopesWith(session: StoredSession | null, roles: readonly Role[]): MeDto['scopes'] {
  return session?.me?.scopes.filter((scope) => roles.includes(scope.role)) ?? [];
}
