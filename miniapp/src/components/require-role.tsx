import { Button, Text } from '@tarojs/components';
import type { Role } from '@sanwu/shared';
import type { ReactNode } from 'react';
import { go, PAGES } from './nav';
import { PageShell } from './page-shell';
import { scopesWith, useSession } from '../services/session';

/** Renders `children(scopes)` for users holding one of `roles`, else asks them to sign in. */
export function RequireRole({
  roles,
  children,
}: {
  roles: Role[];
  children: (scopes: ReturnType<typeof scopesWith>) => ReactNode;
}) {
  const session = useSession();
  const scopes = scopesWith(session, roles);
  if (scopes.length === 0) {
    return (
      <PageShell>
        <Text className="notice">{session ? '当前账号没有此项权限。' : '请先登录。'}</Text>
        <Button className="btn btn-primary" onClick={() => go(PAGES.login)}>
          {session ? '换个账号登录' : '登录'}
        </Button>
      </PageShell>
    );
  }
  return <>{children(scopes)}</>;
}
