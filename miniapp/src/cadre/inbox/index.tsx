import { Text } from '@tarojs/components';
import { usePullDownRefresh } from '@tarojs/taro';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { byTimeLeft } from '../../components/due-badge';
import { FeedbackCard } from '../../components/feedback-card';
import { go, PAGES } from '../../components/nav';
import { OrgPicker } from '../../components/org-picker';
import { PageShell } from '../../components/page-shell';
import { RequireRole } from '../../components/require-role';
import { StatusView } from '../../components/status-view';
import { useRemote } from '../../components/use-remote';
import { WorkbenchNav } from '../../components/workbench-nav';
import { feedbackApi } from '../../services/api';

const OPEN_STATES = ['submitted', 'accepted', 'transferred', 'escalated'] as const;

function Inbox({ orgIds, names }: { orgIds: string[]; names: string[] }) {
  const [which, setWhich] = useState(0);
  const orgId = orgIds[which] ?? '';
  const inbox = useRemote(async () => {
    // Every open state, up to 100 each: a village's open items fit; sorted by time left here.
    const pages = await Promise.all(
      OPEN_STATES.map((status) => feedbackApi.ofOrg(orgId, { status, pageSize: 100 })),
    );
    return pages.flatMap((p) => p.items).sort(byTimeLeft);
  }, [orgId]);
  usePullDownRefresh(() => void inbox.reload().finally(() => Taro.stopPullDownRefresh()));
  return (
    <PageShell>
      <WorkbenchNav kind="cadre" current="cadreInbox" />
      <OrgPicker
        scopes={names.map((orgName, i) => ({
          orgName,
          orgId: orgIds[i] ?? '',
          role: 'cadre',
          orgLevel: null,
        }))}
        value={which}
        onChange={setWhich}
      />
      <Text className="page-title">待办意见（按剩余时间排序）</Text>
      {inbox.data?.map((item) => (
        <FeedbackCard key={item.id} item={item} onClick={() => go(PAGES.cadreHandle, { id: item.id })} />
      ))}
      <StatusView
        loading={inbox.loading}
        error={inbox.error}
        empty={inbox.data?.length === 0}
        emptyText="没有待办的意见"
        onRetry={() => void inbox.reload()}
      />
    </PageShell>
  );
}

/** A cadre's inbox: open items of their org, overdue in red, due soon in amber. */
export default function CadreInbox() {
  return (
    <RequireRole roles={['cadre']}>
      {(scopes) => <Inbox orgIds={scopes.map((s) => s.orgId)} names={scopes.map((s) => s.orgName)} />}
    </RequireRole>
  );
}
