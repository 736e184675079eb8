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
  const data = board.data;
  const empty = data !== undefined && data.feedback.length + data.disclosures.length === 0;
  return (
    <PageShell>
      <WorkbenchNav kind="supervise" current="overdue" />
      <OrgPicker scopes={scopes} value={which} onChange={setWhich} />
      {data && data.disclosures.length > 0 ? (
        <View className="section">
          <Text className="section-title">逾期未公开 {data.disclosures.length} 项</Text>
          {data.disclosures.map((d, i) => (
            <View
              key={i}
              className="card tone-overdue"
              onClick={() => d.disclosureId && go(PAGES.disclosure, { id: d.disclosureId })}
            >
              <Text className="card-title">
                {d.orgName}：{d.title}
              </Text>
              <Text className="badge due-overdue">
                {d.kind === 'correction' ? '异议过半，须更正重新公开' : '未按期公开'}
                {d.dueDate ? `，应于 ${chineseDate(d.dueDate)} 前` : ''}，已超 {d.overdueWorkdays} 个工作日
              </Text>
            </View>
          ))}
        </View>
      ) : null}
      {data && data.feedback.length > 0 ? (
        <View className="section">
          <Text className="section-title">超期未答复 {data.feedback.length} 件</Text>
          {data.feedback.map((f) => (
            <View key={f.id}>
              <Text className="muted">{f.handlingOrgName}</Text>
              <FeedbackCard item={f} onClick={() => go(PAGES.feedback, { id: f.id })} />
            </View>
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
