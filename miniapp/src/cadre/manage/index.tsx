import { Button, Text, Textarea, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { disclosureEventsFor, type DisclosureDto } from '@sanwu/shared';
import { useState } from 'react';
import { go, PAGES } from '../../components/nav';
import { PageShell } from '../../components/page-shell';
import { RequireRole } from '../../components/require-role';
import { ReviewList } from '../../components/review-list';
import { StatusView } from '../../components/status-view';
import { useRemote } from '../../components/use-remote';
import { platform } from '../../platform';
import { disclosureApi } from '../../services/api';
import { describeError } from '../../services/api-error';
import { apiBase } from '../../services/config';
import { DISCLOSURE_STATE_LABELS } from '../../services/disclosure.types';

function Manage({ id }: { id: string }) {
  const remote = useRemote(() => disclosureApi.get(id), [id]);
  const [updated, setUpdated] = useState<DisclosureDto | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const d = updated ?? remote.data;
  if (!d)
    return (
      <PageShell>
        <StatusView loading={remote.loading} error={remote.error} onRetry={() => void remote.reload()} />
      </PageShell>
    );
  // What the cadre may do next comes from the shared state machine, the same one the server enforces.
  const events = disclosureEventsFor(d.state, 'cadre');
  const run = async (action: () => Promise<DisclosureDto>) => {
    setBusy(true);
    setError(null);
    try {
      setUpdated(await action());
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const printUrl = `${apiBase()}${disclosureApi.printUrl(d.id)}`;
  return (
    <PageShell>
      <Text className="page-title">{d.title}</Text>
      <Text className="kv">
        {d.categoryName} · 第 {d.current.no} 版 · {DISCLOSURE_STATE_LABELS[d.state]}
      </Text>
      {d.publishBy && !d.lastPublishedAt ? <Text className="kv">应于 {d.publishBy} 前公开</Text> : null}
      <ReviewList d={d} />
      {error ? <Text className="error">{error}</Text> : null}
      <View className="actions">
        {events.includes('edit') || events.includes('redraft') ? (
          <Button className="btn btn-secondary" onClick={() => go(PAGES.cadreEdit, { id: d.id })}>
            修改
          </Button>
        ) : null}
        {events.includes('submit') ? (
          <Button
            className="btn btn-primary"
            disabled={busy}
            onClick={() => void run(() => disclosureApi.submit(d.id))}
          >
            提交审核
          </Button>
        ) : null}
        {events.includes('publish') ? (
          <Button
            className="btn btn-primary"
            disabled={busy}
            onClick={() => void run(() => disclosureApi.publish(d.id))}
          >
            发布
          </Button>
        ) : null}
        {events.includes('correct') ? (
          <Button
            className="btn btn-secondary"
            onClick={() => go(PAGES.cadreEdit, { id: d.id, mode: 'correct' })}
          >
            更正
          </Button>
        ) : null}
        {d.state === 'published' ? (
          <Button className="btn btn-plain" onClick={() => void platform.openExternal(printUrl)}>
            公开栏打印页
          </Button>
        ) : null}
      </View>
      {events.includes('revoke') ? (
        <View className="section">
          <Textarea
            className="textarea small"
            placeholder="撤回原因（将公开说明）"
            value={reason}
            onInput={(e) => setReason(e.detail.value)}
          />
          <Button
            className="btn btn-danger"
            disabled={busy || !reason.trim()}
            onClick={() => void run(() => disclosureApi.revoke(d.id, reason))}
          >
            撤回
          </Button>
        </View>
      ) : null}
    </PageShell>
  );
}

/** One disclosure through its workflow: submit, see review comments, publish, correct or revoke, print. */
export default function CadreManage() {
  const { params } = useRouter();
  return <RequireRole roles={['cadre']}>{() => <Manage id={params.id ?? ''} />}</RequireRole>;
}
