import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { ROLE_LABELS, type DemoAccountDto, type MeDto } from '@sanwu/shared';
import { useState } from 'react';
import { PAGES } from '../../components/nav';
import { PageShell } from '../../components/page-shell';
import { useRemote } from '../../components/use-remote';
import { platform } from '../../platform';
import { authApi, itemsOf } from '../../services/api';
import { describeError } from '../../services/api-error';

/** After signing in: back to where the user was, or to the screen of their role. */
function landing(me: MeDto): void {
  const pages = Taro.getCurrentPages();
  if (pages.length > 1) {
    void Taro.navigateBack();
    return;
  }
  const roles = new Set(me.scopes.map((s) => s.role));
  const url = roles.has('cadre')
    ? PAGES.cadreInbox
    : roles.has('supervisor') || roles.has('inspector')
      ? PAGES.reviews
      : PAGES.mine;
  void Taro.reLaunch({ url });
}

/** Demo mode only: the seeded accounts; elsewhere the endpoint is absent and nothing shows. */
function DemoAccounts({ onPick }: { onPick: (a: DemoAccountDto) => void }) {
  const demo = useRemote(async () => itemsOf(await authApi.demoUsers()).slice(0, 30), []);
  if (!demo.data || demo.data.length === 0) return null;
  return (
    <View className="section">
      <Text className="section-title">演示账号（点击即登录）</Text>
      {demo.data.map((a) => (
        <View key={a.id} className="card demo-account" onClick={() => onPick(a)}>
          <Text className="card-title">
            {a.name} · {ROLE_LABELS[a.role]}
          </Text>
          <Text className="muted">
            {a.org}
            {a.note ? ` · ${a.note}` : ''}
          </Text>
        </View>
      ))}
    </View>
  );
}

/** Sign in: WeChat for residents (weapp), username and password for staff, demo accounts in demo mode. */
export default function Login() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (signIn: () => Promise<MeDto>) => {
    setBusy(true);
    setError(null);
    try {
      landing(await signIn());
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const wechat = async () => {
    const code = await platform.wechatLoginCode();
    if (code) await run(() => authApi.wechat(code));
  };
  return (
    <PageShell>
      {platform.name === 'weapp' ? (
        <Button className="btn btn-primary" disabled={busy} onClick={() => void wechat()}>
          微信一键登录
        </Button>
      ) : null}
      <Text className="section-title">干部、监督人员账号登录</Text>
      <Input
        className="input"
        placeholder="用户名"
        value={username}
        onInput={(e) => setUsername(e.detail.value)}
      />
      <Input
        className="input"
        placeholder="密码"
        password
        value={password}
        onInput={(e) => setPassword(e.detail.value)}
      />
      {error ? <Text className="error">{error}</Text> : null}
      <Button
        className="btn btn-primary"
        loading={busy}
        disabled={busy}
        onClick={() => void run(() => authApi.login(username, password))}
      >
        登录
      </Button>
      <DemoAccounts onPick={(a) => void run(() => authApi.demo(a.id))} />
    </PageShell>
  );
}
