import { Button, Text, View } from '@tarojs/components';
import { useReachBottom } from '@tarojs/taro';
import type { DisclosureState } from '@sanwu/shared';
import { useState } from 'react';
import { DisclosureCard } from '../../components/disclosure-card';
import { go, PAGES } from '../../components/nav';
import { OrgPicker } from '../../components/org-picker';
import { PageShell } from '../../components/page-shell';
import { RequireRole } from '../../components/require-role';
import { StatusView } from '../../components/status-view';
import { usePaged } from '../../components/use-remote';
import { WorkbenchNav } from '../../components/workbench-nav';
import { disclosureApi } from '../../services/api';
import type { scopesWith } from '../../services/session';

const FILTERS = [
  ['', '全部'],
  ['draft', '草稿'],
  ['in_review', '审核中'],
  ['rejected', '被退回'],
  ['approved', '待发布'],
  ['published', '已公开'],
] as const;

function Disclosures({ scopes }: { scopes: ReturnType<typeof scopesWith> }) {
  const [which, setWhich] = useState(0);
  const [state, setState] = useState<DisclosureState | ''>('');
  const orgId = scopes[which]?.orgId ?? '';
  const list = usePaged(
    (page) => disclosureApi.drafts(orgId, { state: state || undefined, page }),
    [orgId, state],
  );
  useReachBottom(() => void list.more());
  return (
    <PageShell>
      <WorkbenchNav kind="cadre" current="cadreDisclosures" />
      <OrgPicker scopes={scopes} value={which} onChange={setWhich} />
      <Button className="btn btn-primary" onClick={() => go(PAGES.cadreEdit, { orgId })}>
        起草公开事项
      </Button>
      <View className="tabs">
        {FILTERS.map(([key, label]) => (
          <View key={key} className={`tab ${key === state ? 'active' : ''}`} onClick={() => setState(key)}>
            <Text>{label}</Text>
          </View>
        ))}
      </View>
      {list.items.map((d) => (
        <DisclosureCard key={d.id} item={d} showState onClick={() => go(PAGES.cadreManage, { id: d.id })} />
      ))}
      <StatusView
        loading={list.loading}
        error={list.error}
        empty={list.items.length === 0}
        emptyText="暂无公开事项"
        onRetry={() => void list.refresh()}
      />
    </PageShell>
  );
}

/** The org's disclosures in every state, for the cadre who drafts and publishes them. */
export default function CadreDisclosures() {
  return <RequireRole roles={['cadre']}>{(scopes) => <Disclosures scopes={scopes} />}</RequireRole>;
}
