import { Picker, Text, View } from '@tarojs/components';
import { shanghaiDate } from '@sanwu/shared';
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

function Compliance({ scopes }: { scopes: ReturnType<typeof scopesWith> }) {
  const thisYear = Number(shanghaiDate(new Date()).slice(0, 4));
  const years = [thisYear, thisYear - 1, thisYear - 2];
  const [which, setWhich] = useState(0);
  const [year, setYear] = useState(thisYear);
  const orgId = scopes[which]?.orgId ?? '';
  const report = useRemote(() => supervisionApi.compliance(orgId, year), [orgId, year]);
  const r = report.data;
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
      {r ? (
        <View className="section">
          <Text className="figure">
            应公开 {r.expected} 项，已公开 {r.published} 项，按时 {r.onTime} 项
          </Text>
          <View className="table">
            {r.rows.map((row, i) => (
              <View key={i} className={`tr ${row.published ? (row.onTime ? '' : 'late') : 'missing'}`}>
                <Text className="td">{row.categoryName}</Text>
                <Text className="td">{row.period}</Text>
                <Text className="td">
                  {row.published
                    ? row.onTime
                      ? '按时公开'
                      : '逾期公开'
                    : `未公开（应于${chineseDate(row.publishBy)}前）`}
                </Text>
              </View>
            ))}
          </View>
        </View>
      ) : null}
      <StatusView
        loading={report.loading}
        error={report.error}
        empty={r?.rows.length === 0}
        emptyText="本年度暂无应公开事项"
        onRetry={() => void report.reload()}
      />
    </PageShell>
  );
}

/** An org's compliance for a year: expected against published, per catalogue item and period. */
export default function SuperviseCompliance() {
  return (
    <RequireRole roles={['supervisor', 'inspector']}>
      {(scopes) => <Compliance scopes={scopes} />}
    </RequireRole>
  );
}
