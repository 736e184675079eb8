import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { addCalendarDays, shanghaiDate, type OverviewDto } from '@sanwu/shared';
import { useState } from 'react';
import { chineseDate } from '../../components/format';
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

function Figures({ f }: { f: OverviewDto }) {
  const fb = f.feedback;
  return (
    <View className="section figures">
      <Text className="section-title">
        {f.orgName}（{f.orgCount} 个单位，{chineseDate(f.from)}—{chineseDate(f.to)}）
      </Text>
      <Text className="figure">
        群众意见 {fb.total} 件，已答复 {fb.answered} 件
      </Text>
      <Text className="figure">
        按时答复率 {percent(fb.onTimeRate)}（按时 {fb.answeredOnTime}，逾期 {fb.answeredLate}）
      </Text>
      <Text className={`figure ${fb.overdueUnanswered > 0 ? 'expense' : ''}`}>
        超期未答复 {fb.overdueUnanswered} 件
      </Text>
      <Text className="figure">
        答复用时中位数 {fb.medianAnswerWorkdays === null ? '—' : `${fb.medianAnswerWorkdays} 个工作日`}
      </Text>
      <Text className="figure">
        评价 {fb.rated} 件，平均 {fb.meanRating === null ? '—' : fb.meanRating.toFixed(1)} 分，不满意{' '}
        {percent(fb.dissatisfiedShare)}
      </Text>
      <Text className="figure">
        应公开 {f.disclosures.expected} 项：按时 {f.disclosures.onTime}，逾期 {f.disclosures.late}，未公开{' '}
        {f.disclosures.missing}
      </Text>
      <Text className="figure">异议过半的公示 {f.objectionThresholdsReached} 项</Text>
    </View>
  );
}

/** A 通报 with a rectification deadline, naming the org shown (inspectors only). */
function NoticeForm({ orgId }: { orgId: string }) {
  const [title, setTitle] = useState('');
  const [content, setContent] = useState('');
  const [rectifyBy, setRectifyBy] = useState(addCalendarDays(shanghaiDate(new Date()), 15));
  const [message, setMessage] = useState<string | null>(null);
  const send = async () => {
    setMessage(null);
    try {
      await supervisionApi.notice({
        title,
        content,
        rectifyBy,
        items: [{ orgId, kind: 'other', note: content.slice(0, 500) }],
      });
      setMessage('通报已发出，被通报单位将收到整改要求');
      setTitle('');
      setContent('');
    } catch (e) {
      setMessage(describeError(e));
    }
  };
  return (
    <View className="section">
      <Text className="section-title">通报并责令整改</Text>
      <Input
        className="input"
        placeholder="通报标题"
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
        value={rectifyBy}
        onInput={(e) => setRectifyBy(e.detail.value)}
      />
      {message ? <Text className="notice">{message}</Text> : null}
      <Button
        className="btn btn-primary"
        disabled={!title.trim() || !content.trim()}
        onClick={() => void send()}
      >
        发出通报
      </Button>
    </View>
  );
}

function Overview({ scopes }: { scopes: ReturnType<typeof scopesWith> }) {
  const [which, setWhich] = useState(0);
  const scope = scopes[which];
  const orgId = scope?.orgId ?? '';
  const figures = useRemote(() => supervisionApi.overview(orgId), [orgId]);
  return (
    <PageShell>
      <WorkbenchNav kind="supervise" current="overview" />
      <OrgPicker scopes={scopes} value={which} onChange={setWhich} />
      {figures.data ? <Figures f={figures.data} /> : null}
      <StatusView loading={figures.loading} error={figures.error} onRetry={() => void figures.reload()} />
      {scope?.role === 'inspector' ? <NoticeForm orgId={orgId} /> : null}
    </PageShell>
  );
}

/** Overview figures of an org's subtree; inspectors issue a 通报 with a rectification deadline here. */
export default function SuperviseOverview() {
  return (
    <RequireRole roles={['supervisor', 'inspector']}>{(scopes) => <Overview scopes={scopes} />}</RequireRole>
  );
}
