import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { OrgDto } from '@sanwu/shared';
import { useEffect, useState } from 'react';
import { PAGES } from '../../components/nav';
import { PageShell } from '../../components/page-shell';
import { StatusView } from '../../components/status-view';
import { platform } from '../../platform';
import { disclosureApi, itemsOf, orgApi } from '../../services/api';
import { describeError } from '../../services/api-error';
import { chooseVillage, parseScene, useRecentVillages, type VillageRef } from '../../services/village';

const LEVEL_LABELS: Partial<Record<OrgDto['level'], string>> = {
  village: '村',
  community: '社区',
  township: '乡镇',
  county: '县',
};

/** Choose a village: scan the bulletin-board QR code, search by name, or pick a recent one. */
export default function ChooseVillage() {
  const { params } = useRouter();
  const recent = useRecentVillages();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<OrgDto[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const open = (village: VillageRef, disclosureId?: string) => {
    chooseVillage(village);
    void Taro.reLaunch({ url: PAGES.home }).then(() => {
      if (disclosureId) void Taro.navigateTo({ url: `${PAGES.disclosure}?id=${disclosureId}` });
    });
  };

  const openScene = async (scene: string | null | undefined) => {
    const target = parseScene(scene);
    if (!target.orgId && !target.disclosureId) return;
    setError(null);
    try {
      if (target.disclosureId) {
        // A sheet for one item: open it; its village becomes the current one.
        const d = await disclosureApi.get(target.disclosureId);
        open({ id: d.orgId, name: d.orgName }, d.id);
      } else if (target.orgId) {
        const org = await orgApi.get(target.orgId);
        open({ id: org.id, name: org.name });
      }
    } catch (e) {
      setError(describeError(e));
    }
  };

  useEffect(() => {
    void openScene(params.scene ?? (params.o ? `o=${params.o}` : params.d ? `d=${params.d}` : undefined));
    // Only on arrival: the scene is the QR code the resident scanned to open the app.
  }, []);

  const search = async () => {
    setLoading(true);
    setError(null);
    try {
      const orgs = itemsOf(await orgApi.search(q.trim()));
      setResults(orgs.filter((o) => o.level === 'village' || o.level === 'community'));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setLoading(false);
    }
  };

  return (
    <PageShell>
      <Text className="page-title">选择您所在的村（社区）</Text>
      {platform.canScan ? (
        <Button className="btn btn-primary" onClick={async () => openScene(await platform.scan())}>
          扫描公开栏二维码
        </Button>
      ) : null}
      <View className="search">
        <Input
          className="input"
          placeholder="输入村（社区）名称，如：东山村"
          value={q}
          onInput={(e) => setQ(e.detail.value)}
          confirmType="search"
          onConfirm={() => void search()}
        />
        <Button className="btn btn-primary" disabled={!q.trim() || loading} onClick={() => void search()}>
          搜索
        </Button>
      </View>
      <StatusView
        loading={loading}
        error={error}
        empty={results !== null && results.length === 0}
        emptyText="没有找到，请换个名称试试"
        onRetry={() => void search()}
      />
      {results?.map((org) => (
        <View
          key={org.id}
          className="card village-result"
          onClick={() => open({ id: org.id, name: org.name })}
        >
          <Text className="card-title">{org.name}</Text>
          <Text className="muted">{LEVEL_LABELS[org.level] ?? ''}</Text>
        </View>
      ))}
      {recent.length > 0 ? (
        <View>
          <Text className="section-title">最近查看</Text>
          {recent.map((v) => (
            <View key={v.id} className="card" onClick={() => open(v)}>
              <Text className="card-title">{v.name}</Text>
            </View>
          ))}
        </View>
      ) : null}
    </PageShell>
  );
}
