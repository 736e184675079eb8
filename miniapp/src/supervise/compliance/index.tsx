import { Picker, Text, View } from '@tarojs/components';
import { shanghaiDate, type ComplianceRowDto } from '@sanwu/shared';
import { useState } from 'react';
import { chineseDate } from '../../components/format';
import { OrgPicker } from '../../components/org-picker';
import { PageShell } from '../../components/page-shell';
import { RequireRole } from '../../components/require-role';
import { StatusView } from '../../components/status-view';
import { useRemote } from '../../components/use-remote';
import { WorkbenchNav } from '../../components/workbench-nav';
import { supervisionApi } from '../../services/api';
import type { scopesWith } from '../../services/session';

const STATUS: Record<ComplianceRowDto['status'], string> = {
  onTime: '按时公开',
  late: '逾期公开',
  missing: '未公开',
  notYetDue: '未到期',
};

function Compliance({ scopes }: { scopes: ReturnType<typeof scopesWith> }) {
  const thisYear = Number(shanghaiDate(new Date()).slice(0, 4));
  const years = [thisYear, thisYear - 1, thisYear - 2];
  const [which, setWhich] = useState(0);
  const [year, setYear] = useState(thisYear);
  // A township has hundreds of expected items: the problems first, everything on request.
  const [all, setAll] = useState(false);
  const orgId = scopes[which]?.orgId ?? '';
  const report = useRemote(() => supervisionApi.compliance(orgId, year), [orgId, year]);
  return (
    <PageShell>
      <WorkbenchNav kind="supervise" current="compliance" />
      <OrgPicker scopes={scopes} value={which} onChange={setWhich} />
      <Picker
        mode="selector"
        range={years.map((y) => `${y}年`)}
        value={years.indexOf(year)}
        onChange={(e) => setYear(years[Number(e.detail.value)] ?? thisYear)}
      >
        <View className="picker">
          <Text>年度：{year}年（点击切换）</Text>
        </View>
      </Picker>
      {report.data?.orgs.map((org) => (
        <View key={org.orgId} className="section">
          <Text className="section-title">{org.orgName}</Text>
          <Text className="figure">
            应公开 {org.counts.expected} 项：按时 {org.counts.onTime}，逾期 {org.counts.late}，未公开{' '}
            {org.counts.missing}，未到期 {org.counts.notYetDue}
          </Text>
          <View className="table">
            {org.items
              .filter((row) => all || row.status === 'missing' || row.status === 'late')
              .map((row, i) => (
                <View
                  key={i}
                  className={`tr ${row.status === 'missing' ? 'missing' : row.status === 'late' ? 'late' : ''}`}
                >
                  <Text className="td">{row.catalogueName}</Text>
                  <Text className="td">{row.periodKey}</Text>
                  <Text className="td">
                    {STATUS[row.status]}
                    {row.status === 'missing' || row.status === 'notYetDue'
                      ? `（${chineseDate(row.publishBy)}前）`
                      : ''}
                  </Text>
                </View>
              ))}
          </View>
        </View>
      ))}
      {report.data ? (
        <View className="btn btn-plain" onClick={() => setAll(!all)}>
          <Text>{all ? '只看未公开和逾期的事项' : '显示全部事项（含按时公开、未到期）'}</Text>
        </View>
      ) : null}
      <StatusView
        loading={report.loading}
        error={report.error}
        empty={report.data?.orgs.length === 0}
        emptyText="本年度暂无应公开事项"
        onRetry={() => void report.reload()}
      />
    </PageShell>
  );
}

/** Compliance for a year: expected against published, per org, catalogue item and period. */
export default function SuperviseCompliance() {
  return (
    <RequireRole roles={['supervisor', 'inspector']}>
      {(scopes) => <Compliance scopes={scopes} />}
    </RequireRole>
  );
}
