import { Button, Text, Textarea, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { FEEDBACK_STATE_LABELS, FEEDBACK_TYPE_LABELS, type FeedbackDto } from '@sanwu/shared';
import { useState } from 'react';
import { DueBadge } from '../../components/due-badge';
import { JointRequest } from '../../components/joint-request';
import { PageShell } from '../../components/page-shell';
import { StatusView } from '../../components/status-view';
import { Timeline } from '../../components/timeline';
import { useRemote } from '../../components/use-remote';
import { feedbackApi } from '../../services/api';
import { describeError } from '../../services/api-error';

function RateOrEscalate({ item, onDone }: { item: FeedbackDto; onDone: (f: FeedbackDto) => void }) {
  const [score, setScore] = useState(0);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<FeedbackDto>) => {
    setError(null);
    try {
      onDone(await action());
    } catch (e) {
      setError(describeError(e));
    }
  };
  return (
    <View className="section">
      <Text className="section-title">对答复是否满意？</Text>
      <View className="stars" role="radiogroup" aria-label="评分">
        {[1, 2, 3, 4, 5].map((n) => (
          <Text key={n} className={`star ${n <= score ? 'on' : ''}`} onClick={() => setScore(n)}>
            {n <= score ? '★' : '☆'}
          </Text>
        ))}
      </View>
      <Textarea
        className="textarea small"
        placeholder="评价或不满意的理由（选填）"
        value={text}
        onInput={(e) => setText(e.detail.value)}
      />
      {error ? <Text className="error">{error}</Text> : null}
      <View className="actions">
        <Button
          className="btn btn-primary"
          disabled={score === 0}
          onClick={() => void run(() => feedbackApi.rate(item.id, score, text || undefined))}
        >
          提交评价
        </Button>
        <Button
          className="btn btn-danger"
          onClick={() => void run(() => feedbackApi.escalate(item.id, text))}
        >
          不满意，提请上级
        </Button>
      </View>
    </View>
  );
}

/** One of my items: its deadline, timeline and replies; rate the answer or escalate. */
export default function FeedbackDetail() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const remote = useRemote(() => feedbackApi.get(id), [id]);
  const [updated, setUpdated] = useState<FeedbackDto | null>(null);
  const item = updated ?? remote.data;
  if (!item) {
    return (
      <PageShell>
        <StatusView loading={remote.loading} error={remote.error} onRetry={() => void remote.reload()} />
      </PageShell>
    );
  }
  const replies = item.timeline.filter((e) => e.kind === 'replied');
  return (
    <PageShell>
      <Text className="page-title">
        {FEEDBACK_TYPE_LABELS[item.type]} · {FEEDBACK_STATE_LABELS[item.state]}
      </Text>
      <DueBadge item={item} />
      <View className="section">
        <Text className="paragraph">{item.content}</Text>
      </View>
      <View className="section">
        <Text className="section-title">答复</Text>
        {replies.length === 0 ? <Text className="muted">尚未答复</Text> : null}
        {replies.map((r, i) => (
          <Text key={i} className="reply">
            {r.orgName ?? ''}：{r.text}
          </Text>
        ))}
      </View>
      {item.type === 'joint_request' ? <JointRequest item={item} /> : null}
      {item.rating ? <Text className="kv">您的评价：{'★'.repeat(item.rating.score)}</Text> : null}
      {item.state === 'answered' ? <RateOrEscalate item={item} onDone={setUpdated} /> : null}
      <View className="section">
        <Text className="section-title">办理记录</Text>
        <Timeline entries={item.timeline} />
      </View>
    </PageShell>
  );
}
