import { Switch, Text, View } from '@tarojs/components';
import { ROLE_LABELS } from '@sanwu/shared';
import { useReachBottom } from '@tarojs/taro';
import { BottomNav } from '../../components/bottom-nav';
import { FeedbackCard } from '../../components/feedback-card';
import { go, PAGES } from '../../components/nav';
import { PageShell } from '../../components/page-shell';
import { StatusView } from '../../components/status-view';
import { usePaged, useRemote } from '../../components/use-remote';
import { feedbackApi, notificationsApi } from '../../services/api';
import { useLargeText } from '../../services/prefs';
import { scopesWith, signOut, useSession, type StoredSession } from '../../services/session';

function MyItems({ session }: { session: StoredSession }) {
  const list = usePaged((page) => feedbackApi.mine(page), [session.accessToken]);
  useReachBottom(() => void list.more());
  return (
    <View className="section">
      <Text className="section-title">我的意见</Text>
      {list.items.map((item) => (
        <FeedbackCard key={item.id} item={item} onClick={() => go(PAGES.feedback, { id: item.id })} />
      ))}
      <StatusView
        loading={list.loading}
        error={list.error}
        empty={list.items.length === 0}
        emptyText="您还没有提交过意见"
        onRetry={() => void list.refresh()}
      />
    </View>
  );
}

/** The way to 消息通知, with the unread count (none shown when it cannot be read). */
function NotificationsButton({ session }: { session: StoredSession }) {
  const unread = useRemote(() => notificationsApi.list(1, true), [session.accessToken]);
  const count = unread.data?.total ?? 0;
  return (
    <View className="btn btn-secondary" onClick={() => go(PAGES.notifications)}>
      <Text>{count > 0 ? `消息通知（${count} 条未读）` : '消息通知'}</Text>
    </View>
  );
}

/** Mine: large-text mode, sign-in, my items, and the entrances for cadres and supervisors. */
export default function Mine() {
  const [large, setLarge] = useLargeText();
  const session = useSession();
  const me = session?.me;
  const cadre = scopesWith(session, ['cadre']).length > 0;
  const supervisor = scopesWith(session, ['supervisor', 'inspector', 'admin']).length > 0;
  const resident = !me || me.user.kind === 'resident';
  return (
    <PageShell>
      <View className="row setting">
        <Text className="setting-label">大字模式（适老化）</Text>
        <Switch checked={large} onChange={(e) => setLarge(e.detail.value)} aria-label="大字模式" />
      </View>
      {session && me ? (
        <View className="section">
          <Text className="section-title">{me.user.name}</Text>
          {me.scopes.map((s, i) => (
            <Text key={i} className="kv">
              {s.orgName} · {ROLE_LABELS[s.role]}
              {s.role === 'resident' ? (s.verified ? '（已认证）' : '（未认证）') : ''}
            </Text>
          ))}
          <View className="actions">
            <NotificationsButton session={session} />
            {resident ? (
              <View className="btn btn-secondary" onClick={() => go(PAGES.verify)}>
                <Text>村民认证</Text>
              </View>
            ) : null}
            {cadre ? (
              <View className="btn btn-primary" onClick={() => go(PAGES.cadreInbox)}>
                <Text>干部工作台</Text>
              </View>
            ) : null}
            {supervisor ? (
              <View className="btn btn-primary" onClick={() => go(PAGES.reviews)}>
                <Text>监督工作台</Text>
              </View>
            ) : null}
            <View className="btn btn-plain" onClick={signOut}>
              <Text>退出登录</Text>
            </View>
          </View>
        </View>
      ) : (
        <View className="section">
          <Text className="notice">登录后可查看您提交的意见和答复；干部、监督小组成员请用账号登录。</Text>
          <View className="btn btn-primary" onClick={() => go(PAGES.login)}>
            <Text>登录</Text>
          </View>
        </View>
      )}
      {session && resident ? <MyItems session={session} /> : null}
      <BottomNav current="mine" />
    </PageShell>
  );
}
