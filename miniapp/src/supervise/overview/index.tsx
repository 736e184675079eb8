import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { addCalendarDays, shanghaiDate } from '@sanwu/shared';
import { useState } from 'react';
import { OrgPicker } from '../../components/org-picker';
import { PageShell } from '../../components/page-shell';
import { RequireRole } from '../../components/require-role';
import { StatusView } from '../../components/status-view';
import { useRemote } from '../../components/use-remote';
import { WorkbenchNav } from '../../components/workbench-nav';
import { supervisionApi } from '../../services/api';
import { describeError } from '../../services/api-error';
import type { scopesWith } from '../../services/session';

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

function RectificationForm({ orgId }: { orgId: string }) {
  const [title, setTitle] = useState('');
  const [content, setContent] = useState('');
  const [dueDate, setDueDate] = useState(addCalendarDays(shanghaiDate(new Date()), 15));
  const [message, setMessage] = useState<string | null>(null);
  const send = async () => {
    setMessage(null);
    try {
      await supervisionApi.rectify({ orgId, title, content, dueDate });
      setMessage('整改通知已发出');
      setTitle('');
      setContent('');
    } catch (e) {
      setMessage(describeError(e));
    }
  };
  return (
    <View className="section">
      <Text className="section-title">下发整改通知</Text>
      <Input
        className="input"
        placeholder="标题，如：关于财务公开不及时的整改通知"
        value={title}
        onInput={(e) => setTitle(e.detail.value)}
      />
      <Textarea
        className="textarea small"
        placeholder="问题与整改要求"
        value={content}
        onInput={(e) => setContent(e.detail.value)}
      />
      <Input
        className="input"
        placeholder="整改期限 YYYY-MM-DD"
        value={dueDate}
        onInput={(e) => setDueDate(e.detail.value)}
      />
      {message ? <Text className="notice">{message}</Text> : null}
      <Button
        className="btn btn-primary"
        disabled={!title.trim() || !content.trim()}
        onClick={() => void send()}
      >
        发出
      </Button>
    </View>
  );
}

function Overview({ scopes }: { scopes: ReturnType<typeof scopesWith> }) {
  const [which, setWhich] = useState(0);
  const scope = scopes[which];
  const orgId = scope?.orgId ?? '';
  const figures = useRemote(() => supervisionApi.overview(orgId), [orgId]);
  const f = figures.data;
  return (
    <PageShell>
      <WorkbenchNav kind="supervise" current="overview" />
      <OrgPicker scopes={scopes} value={which} onChange={setWhich} />
      {f ? (
        <View className="figures">
          <Text className="figure">
            群众意见 {f.feedbackTotal} 件，办理中 {f.open} 件
          </Text>
          <Text className={`figure ${f.overdue > 0 ? 'due-overdue' : ''}`}>超期未答复 {f.overdue} 件</Text>
          <Text className="figure">按时答复率 {percent(f.answeredOnTimeRate)}</Text>
          <Text className="figure">
            答复用时中位数 {f.medianAnswerHours === null ? '—' : `${Math.round(f.medianAnswerHours)} 小时`}
          </Text>
          <Text className="figure">
            已公开事项 {f.disclosuresPublished} 项，逾期未公开 {f.disclosuresOverdue} 项
          </Text>
        </View>
      ) : null}
      <StatusView loading={figures.loading} error={figures.error} onRetry={() => void figures.reload()} />
      {scope && scope.role !== 'supervisor' ? <RectificationForm orgId={orgId} /> : null}
    </PageShell>
  );
}

/** Overview figures of an org's subtree; inspectors can order a rectification from here. */
export default function SuperviseOverview() {
  return (
    <RequireRole roles={['supervisor', 'inspector']}>{(scopes) => <Overview scopes={scopes} />}</RequireRole>
  );
}
