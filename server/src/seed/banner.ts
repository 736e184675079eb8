import type { DemoAccount } from './seed-steps';

/** The demo-accounts block of the start-up banner. */
export function formatDemoAccounts(accounts: readonly DemoAccount[]): string {
  if (accounts.length === 0) return '演示账号 / demo accounts: (暂无 / none yet)';
  const lines = accounts.map(
    (a) => `  - ${a.name}（${a.role}，${a.org}）${a.username ? `  ${a.username} / ${a.password ?? ''}` : ''}`,
  );
  return ['演示账号 / demo accounts:', ...lines].join('\n');
}
