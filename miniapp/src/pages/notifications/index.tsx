import { Text, View } from '@tarojs/components';
import type { NotificationDto } from '@sanwu/shared';
import { useReachBottom } from '@tarojs/taro';
import { useState } from 'react';
import { chineseTime } from '../../components/format';
import { go, PAGES } from '../../components/nav';
import { PageShell } from '../../components/page-shell';
import { StatusView } from '../../components/status-view';
import { usePaged } from '../../components/use-remote';
import { notificationsApi } from '../../services/api';
import { describeError } from '../../services/api-error';
import { useSession, type StoredSession } from '../../services/session';

/** Where a notification leads: the item it is about. */
function open(n: NotificationDto): void {
  if (n.feedbackId) go(PAGES.feedback, { id: n.feedbackId });
  else if (n.disclosureId) go(PAGES.disclosure, { id: n.disclosureId });
}

function Inbox({ session }: { session: StoredSession }) {
  const list = usePaged((page) => notificationsApi.list(page), [session.accessToken]);
  // Read marks made here, so the list need not be fetched again to show them.
  const [readNow, setReadNow] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  useReachBottom(() => void list.more());
  const isRead = (n: NotificationDto) => n.readAt !== null || readNow.has(n.id);
  const unread = list.items.filter((n) => !isRead(n));

  const tap = async (n: NotificationDto) => {
    setError(null);
    if (!isRead(n)) {
      try {
        await notificationsApi.read(n.id);
        setReadNow((s) => new Set(s).add(n.id));
      } catch (e) {
        // Opening the item matters more than the read mark: go on, and say what failed.
        setError(describeError(e));
      }
    }
    open(n);
  };
  const readAll = async () => {
    setError(null);
    try {
      await notificationsApi.readAll();
      setReadNow(new Set(list.items.map((n) => n.id)));
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <View className="section">
      <View className="row">
        <Text className="section-title">{unread.length > 0 ? `${unread.length} 条未读` : '全部已读'}</Text>
        {unread.length > 0 ? (
          <View className="btn btn-plain" onClick={() => void readAll()}>
            <Text>全部标为已读</Text>
          </View>
        ) : null}
      </View>
      {error ? (
        <View className="notice" role="alert">
          <Text>{error}</Text>
        </View>
      ) : null}
      {list.items.map((n) => (
        <View
          key={n.id}
          className={`card notification${isRead(n) ? '' : ' unread'}`}
          onClick={() => void tap(n)}
        >
          <View className="card-meta">
            {isRead(n) ? null : <Text className="tag state-rejected">未读</Text>}
            <Text className="muted">{chineseTime(n.createdAt)}</Text>
          </View>
          <Text className="card-title">{n.title}</Text>
          <Text className="card-text">{n.body}</Text>
        </View>
      ))}
      <StatusView
        loading={list.loading}
        error={list.error}
        empty={list.items.length === 0}
        emptyText="暂无通知：意见有答复、临近期限或公示有变化时会通知您"
        onRetry={() => void list.refresh()}
      />
    </View>
  );
}

/** 消息通知: the in-app inbox (answers, reminders, escalations); WeChat messages are the same notices. */
export default function Notifications() {
  const session = useSession();
  return (
    <PageShell>
      {session ? (
        <Inbox session={session} />
      ) : (
        <View className="section">
          <Text className="notice">登录后可查看给您的通知。</Text>
          <View className="btn btn-primary" onClick={() => go(PAGES.login)}>
            <Text>登录</Text>
          </View>
        </View>
      )}
    </PageShell>
  );
}
