import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { FeedbackCard } from '../../components/feedback-card';
import { chineseDate } from '../../components/format';
import { go, PAGES } from '../../components/nav';
import { OrgPicker } from '../../components/org-picker';
import { PageShell } from '../../components/page-shell';
import { RequireRole } from '../../components/require-role';
import { StatusView } from '../../components/status-view';
import { useRemote } from '../../components/use-remote';
import { WorkbenchNav } from '../../components/workbench-nav';
import { supervisionApi } from '../../services/api';
import type { scopesWith } from '../../services/session';

function Board({ scopes }: { scopes: ReturnType<typeof scopesWith> }) {
  const [which, setWhich] = useState(0);
  const orgId = scopes[which]?.orgId ?? '';
  const board = useRemote(() => supervisionApi.overdue(orgId), [orgId]);
  const empty = board.data !== undefined && board.data.feedback.length + board.data.disclosures.length === 0;
  return (
    <PageShell>
      <WorkbenchNav kind="supervise" current="overdue" />
      <OrgPicker scopes={scopes} value={which} onChange={setWhich} />
      {board.data && board.data.disclosures.length > 0 ? (
        <View className="section">
          <Text className="section-title">逾期未公开</Text>
          {board.data.disclosures.map((d, i) => (
            <View key={i} className="card tone-overdue">
              <Text className="card-title">
                {d.orgName}：{d.categoryName}
              </Text>
              <Text className="badge due-overdue">
                {d.period ? `${d.period}，` : ''}应于 {chineseDate(d.publishBy)} 前公开
              </Text>
            </View>
          ))}
        </View>
      ) : null}
      {board.data && board.data.feedback.length > 0 ? (
        <View className="section">
          <Text className="section-title">超期未答复</Text>
          {board.data.feedback.map((f) => (
            <FeedbackCard key={f.id} item={f} onClick={() => go(PAGES.feedback, { id: f.id })} />
          ))}
        </View>
      ) : null}
      <StatusView
        loading={board.loading}
        error={board.error}
        empty={empty}
        emptyText="没有超期事项"
        onRetry={() => void board.reload()}
      />
    </PageShell>
  );
}

/** Overdue board: feedback past its deadline and disclosures past their schedule. */
export default function SuperviseOverdue() {
  return (
    <RequireRole roles={['supervisor', 'inspector']}>{(scopes) => <Board scopes={scopes} />}</RequireRole>
  );
}
