import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { BottomNav } from '../../components/bottom-nav';
import { DisclosureCard, noticeDaysLeft } from '../../components/disclosure-card';
import { go, PAGES } from '../../components/nav';
import { PageShell } from '../../components/page-shell';
import { StatusView } from '../../components/status-view';
import { usePaged, useRemote } from '../../components/use-remote';
import { disclosureApi } from '../../services/api';
import type { DisclosureDomain } from '@sanwu/shared';
import { DOMAIN_LABELS } from '../../services/disclosure.types';
import { parseScene, useVillage } from '../../services/village';

const TABS: DisclosureDomain[] = ['party', 'village', 'finance'];
const PAGE_SIZE = 20;

/** A village's bulletin board: 党务/村务/财务, newest first, with the open 公示 on top. */
export default function Home() {
  const village = useVillage();
  const { params } = useRouter();
  const [tab, setTab] = useState<DisclosureDomain>('village');

  useEffect(() => {
    // A QR code opens the app with ?scene=… (or WeChat's ?q=<link>); the village page resolves
    // what it points at. Without a village chosen yet, that page is where the resident starts.
    const scene =
      params.scene ?? params.q ?? (params.o ? `o=${params.o}` : params.d ? `d=${params.d}` : undefined);
    const target = parseScene(scene);
    if (target.orgId || target.disclosureId || !village) {
      void Taro.redirectTo({ url: `${PAGES.village}${scene ? `?scene=${encodeURIComponent(scene)}` : ''}` });
    }
  }, [params.scene, params.q, params.o, params.d, village]);

  const orgId = village?.id ?? '';
  const list = usePaged(
    async (page) =>
      orgId ? disclosureApi.list(orgId, { domain: tab, page, pageSize: PAGE_SIZE }) : { items: [], total: 0 },
    [orgId, tab],
  );
  // Open 公示 are recent by nature: the newest 50 items of every domain hold them.
  const notices = useRemote(
    async () =>
      orgId
        ? (await disclosureApi.list(orgId, { pageSize: 50 })).items.filter((d) => noticeDaysLeft(d) !== null)
        : [],
    [orgId],
  );
  usePullDownRefresh(() => {
    void Promise.all([list.refresh(), notices.reload()]).finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void list.more());

  if (!village) return <PageShell />;
  return (
    <PageShell>
      <View className="header">
        <Text className="header-title">{village.name}</Text>
        <Text className="link" onClick={() => go(PAGES.village)}>
          切换村（社区）
        </Text>
      </View>
      {notices.data && notices.data.length > 0 ? (
        <View className="banner">
          <Text className="banner-title">正在公示（可提出异议）</Text>
          {notices.data.map((d) => (
            <View key={d.id} className="banner-item" onClick={() => go(PAGES.disclosure, { id: d.id })}>
              <Text>{d.title}</Text>
              <Text className="countdown">剩 {noticeDaysLeft(d)} 天</Text>
            </View>
          ))}
        </View>
      ) : null}
      <View className="tabs" role="tablist">
        {TABS.map((t) => (
          <View key={t} role="tab" className={`tab ${t === tab ? 'active' : ''}`} onClick={() => setTab(t)}>
            <Text>{DOMAIN_LABELS[t]}</Text>
          </View>
        ))}
      </View>
      <View className="list">
        {list.items.map((item) => (
          <DisclosureCard key={item.id} item={item} onClick={() => go(PAGES.disclosure, { id: item.id })} />
        ))}
      </View>
      <StatusView
        loading={list.loading}
        error={list.error}
        empty={list.items.length === 0}
        emptyText={`暂无${DOMAIN_LABELS[tab]}公开内容`}
        onRetry={() => void (list.items.length ? list.more() : list.refresh())}
      />
      {list.done && list.items.length > 0 ? <Text className="list-end">没有更多了</Text> : null}
      <View className="actions">
        <View className="btn btn-secondary" onClick={() => go(PAGES.ask, { orgId })}>
          <Text>我有意见或疑问</Text>
        </View>
      </View>
      <BottomNav current="home" />
    </PageShell>
  );
}
