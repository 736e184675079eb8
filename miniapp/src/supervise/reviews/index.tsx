import { Button, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { go, PAGES } from '../../components/nav';
import { OrgPicker } from '../../components/org-picker';
import { PageShell } from '../../components/page-shell';
import { RequireRole } from '../../components/require-role';
import { StatusView } from '../../components/status-view';
import { useRemote } from '../../components/use-remote';
import { WorkbenchNav } from '../../components/workbench-nav';
import { disclosureApi } from '../../services/api';
import { describeError } from '../../services/api-error';
import type { DisclosureSummary } from '@sanwu/shared';
import type { scopesWith } from '../../services/session';

function ReviewItem({ item, onDone }: { item: DisclosureSummary; onDone: () => void }) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const decide = async (decision: 'approve' | 'reject') => {
    setError(null);
    if (decision === 'reject' && !comment.trim()) return setError('退回时请写明意见');
    try {
      await disclosureApi.review(item.id, { decision, comment: comment.trim() || undefined });
      onDone();
    } catch (e) {
      setError(describeError(e));
    }
  };
  return (
    <View className="card review-item">
      <Text className="card-title" onClick={() => go(PAGES.disclosure, { id: item.id })}>
        {item.title}（点击查看全文）
      </Text>
      <Text className="muted">
        {item.orgName} · {item.categoryName}
      </Text>
      <Textarea
        className="textarea small"
        placeholder="审核意见（退回时必填）"
        value={comment}
        onInput={(e) => setComment(e.detail.value)}
      />
      {error ? <Text className="error">{error}</Text> : null}
      <View className="actions">
        <Button className="btn btn-primary" onClick={() => void decide('approve')}>
          同意并签章
        </Button>
        <Button className="btn btn-danger" onClick={() => void decide('reject')}>
          退回
        </Button>
      </View>
    </View>
  );
}

function Reviews({ scopes }: { scopes: ReturnType<typeof scopesWith> }) {
  const [which, setWhich] = useState(0);
  const orgId = scopes[which]?.orgId ?? '';
  const queue = useRemote(() => disclosureApi.drafts(orgId, { state: 'in_review', pageSize: 100 }), [orgId]);
  return (
    <PageShell>
      <WorkbenchNav kind="supervise" current="reviews" />
      <OrgPicker scopes={scopes} value={which} onChange={setWhich} />
      <Text className="page-title">待审核的公开事项</Text>
      {queue.data?.items.map((item) => (
        <ReviewItem key={item.id} item={item} onDone={() => void queue.reload()} />
      ))}
      <StatusView
        loading={queue.loading}
        error={queue.error}
        empty={queue.data?.items.length === 0}
        emptyText="没有待审核的事项"
        onRetry={() => void queue.reload()}
      />
    </PageShell>
  );
}

/** The supervision group's queue: approve (sign) or reject with a comment. */
export default function SuperviseReviews() {
  return (
    <RequireRole roles={['supervisor', 'inspector']}>{(scopes) => <Reviews scopes={scopes} />}</RequireRole>
  );
}
