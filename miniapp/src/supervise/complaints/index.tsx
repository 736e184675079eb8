import { Input, Text, View } from '@tarojs/components';
import { useReachBottom } from '@tarojs/taro';
import { FEEDBACK_TYPE_LABELS, FEEDBACK_TYPES, type FeedbackType } from '@sanwu/shared';
import { useState } from 'react';
import { FeedbackCard } from '../../components/feedback-card';
import { go, PAGES } from '../../components/nav';
import { OrgPicker } from '../../components/org-picker';
import { PageShell } from '../../components/page-shell';
import { RequireRole } from '../../components/require-role';
import { StatusView } from '../../components/status-view';
import { usePaged } from '../../components/use-remote';
import { WorkbenchNav } from '../../components/workbench-nav';
import { supervisionApi } from '../../services/api';
import type { scopesWith } from '../../services/session';

function Log({ scopes }: { scopes: ReturnType<typeof scopesWith> }) {
  const [which, setWhich] = useState(0);
  const [type, setType] = useState<FeedbackType | ''>('');
  const [overdue, setOverdue] = useState(false);
  const [q, setQ] = useState('');
  const orgId = scopes[which]?.orgId ?? '';
  const list = usePaged(
    (page) =>
      supervisionApi.complaints({
        orgId,
        type: type || undefined,
        overdue: overdue || undefined,
        q: q.trim() || undefined,
        page,
      }),
    [orgId, type, overdue, q],
  );
  useReachBottom(() => void list.more());
  return (
    <PageShell>
      <WorkbenchNav kind="supervise" current="complaints" />
      <OrgPicker scopes={scopes} value={which} onChange={setWhich} />
      <Input
        className="input"
        placeholder="按内容搜索"
        value={q}
        onConfirm={(e) => setQ(e.detail.value)}
        onBlur={(e) => setQ(e.detail.value)}
      />
      <View className="tabs wrap">
        <View className={`tab ${type === '' ? 'active' : ''}`} onClick={() => setType('')}>
          <Text>全部</Text>
        </View>
        {FEEDBACK_TYPES.map((t) => (
          <View key={t} className={`tab ${t === type ? 'active' : ''}`} onClick={() => setType(t)}>
            <Text>{FEEDBACK_TYPE_LABELS[t]}</Text>
          </View>
        ))}
        <View className={`tab ${overdue ? 'active' : ''}`} onClick={() => setOverdue(!overdue)}>
          <Text>只看超期</Text>
        </View>
      </View>
      <Text className="muted">共 {list.total} 件</Text>
      {list.items.map((item) => (
        <View key={item.id}>
          <Text className="muted">
            {item.orgName}
            {item.handlingOrgName !== item.orgName ? ` → ${item.handlingOrgName}办理` : ''}
          </Text>
          <FeedbackCard item={item} onClick={() => go(PAGES.feedback, { id: item.id })} />
        </View>
      ))}
      <StatusView
        loading={list.loading}
        error={list.error}
        empty={list.items.length === 0}
        emptyText="没有符合条件的意见"
        onRetry={() => void list.refresh()}
      />
    </PageShell>
  );
}

/** The complaint log of an org and everything under it, filtered by type, overdue and text. */
export default function SuperviseComplaints() {
  return <RequireRole roles={['supervisor', 'inspector']}>{(scopes) => <Log scopes={scopes} />}</RequireRole>;
}
