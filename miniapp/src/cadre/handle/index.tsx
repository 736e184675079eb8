import { Button, Input, Switch, Text, Textarea, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import {
  FEEDBACK_STATE_LABELS,
  FEEDBACK_TYPE_LABELS,
  isFeedbackTerminal,
  type FeedbackDto,
  type OrgDto,
} from '@sanwu/shared';
import { useState } from 'react';
import { DueBadge } from '../../components/due-badge';
import { PageShell } from '../../components/page-shell';
import { RequireRole } from '../../components/require-role';
import { StatusView } from '../../components/status-view';
import { Timeline } from '../../components/timeline';
import { useRemote } from '../../components/use-remote';
import { feedbackApi, itemsOf, orgApi } from '../../services/api';
import { describeError } from '../../services/api-error';

type Mode = 'reply' | 'transfer' | 'close';

function Actions({ item, onDone }: { item: FeedbackDto; onDone: (f: FeedbackDto) => void }) {
  const [mode, setMode] = useState<Mode>('reply');
  const [text, setText] = useState('');
  const [isPublic, setPublic] = useState(item.public || item.disclosureId !== null);
  const [q, setQ] = useState('');
  const [orgs, setOrgs] = useState<OrgDto[]>([]);
  const [target, setTarget] = useState<OrgDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<FeedbackDto>) => {
    setBusy(true);
    setError(null);
    try {
      onDone(await action());
      setText('');
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const submit = () => {
    if (mode === 'reply') return run(() => feedbackApi.reply(item.id, text, isPublic));
    if (mode === 'close') return run(() => feedbackApi.close(item.id, text || undefined));
    if (!target) return setError('请先选择转往的单位');
    return run(() => feedbackApi.transfer(item.id, target.id, text));
  };
  const labels: Record<Mode, string> = { reply: '答复', transfer: '转办', close: '办结' };
  return (
    <View className="section">
      <View className="tabs">
        {(Object.keys(labels) as Mode[]).map((m) => (
          <View key={m} className={`tab ${m === mode ? 'active' : ''}`} onClick={() => setMode(m)}>
            <Text>{labels[m]}</Text>
          </View>
        ))}
      </View>
      {mode === 'transfer' ? (
        <View>
          <View className="search">
            <Input
              className="input"
              placeholder="搜索转往单位"
              value={q}
              onInput={(e) => setQ(e.detail.value)}
            />
            <Button
              className="btn btn-secondary"
              onClick={() =>
                void orgApi.search(q).then(
                  (r) => setOrgs(itemsOf(r)),
                  (e) => setError(describeError(e)),
                )
              }
            >
              搜索
            </Button>
          </View>
          {orgs.map((o) => (
            <Text
              key={o.id}
              className={`option ${target?.id === o.id ? 'active' : ''}`}
              onClick={() => setTarget(o)}
            >
              {o.name}
            </Text>
          ))}
        </View>
      ) : null}
      <Textarea
        className="textarea"
        placeholder={
          mode === 'reply' ? '答复内容' : mode === 'transfer' ? '转办理由（将告知群众）' : '办结说明（选填）'
        }
        value={text}
        onInput={(e) => setText(e.detail.value)}
      />
      {mode === 'reply' ? (
        <View className="row">
          <Text>公开答复（不含个人信息时应公开）</Text>
          <Switch checked={isPublic} onChange={(e) => setPublic(e.detail.value)} />
        </View>
      ) : null}
      {error ? <Text className="error">{error}</Text> : null}
      <Button className="btn btn-primary" loading={busy} disabled={busy} onClick={() => void submit()}>
        {labels[mode]}
      </Button>
    </View>
  );
}

function Handle({ id }: { id: string }) {
  const remote = useRemote(() => feedbackApi.get(id), [id]);
  const [updated, setUpdated] = useState<FeedbackDto | null>(null);
  const item = updated ?? remote.data;
  if (!item)
    return (
      <PageShell>
        <StatusView loading={remote.loading} error={remote.error} onRetry={() => void remote.reload()} />
      </PageShell>
    );
  return (
    <PageShell>
      <Text className="page-title">
        {FEEDBACK_TYPE_LABELS[item.type]} · {FEEDBACK_STATE_LABELS[item.state]}
      </Text>
      <DueBadge item={item} />
      <Text className="kv">提出人：{item.authorName}</Text>
      <Text className="paragraph">{item.content}</Text>
      {isFeedbackTerminal(item.state) ? null : <Actions item={item} onDone={setUpdated} />}
      <Text className="section-title">办理记录</Text>
      <Timeline entries={item.timeline} />
    </PageShell>
  );
}

/** Answer, transfer (首问负责制) or close one item, with its timeline. */
export default function CadreHandle() {
  const { params } = useRouter();
  return <RequireRole roles={['cadre']}>{() => <Handle id={params.id ?? ''} />}</RequireRole>;
}
