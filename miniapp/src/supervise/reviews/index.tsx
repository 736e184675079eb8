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
import type { DisclosureDto, DisclosureSummary } from '@sanwu/shared';
import type { scopesWith } from '../../services/session';

/** What this reviewer's decision led to, shown in place of the buttons. */
function outcome(decision: 'approve' | 'reject', d: DisclosureDto): string {
  if (decision === 'reject') return '已退回，起草人将看到您的意见';
  if (d.state === 'approved')
    return `已签章，签章已齐（${d.current.approvals}/${d.current.requiredSignatures}），可以发布`;
  return `已签章（${d.current.approvals}/${d.current.requiredSignatures}），等待其他成员审核`;
}

function ReviewItem({ item }: { item: DisclosureSummary }) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const decide = async (decision: 'approve' | 'reject') => {
    setError(null);
    if (decision === 'reject' && !comment.trim()) return setError('退回时请写明意见');
    try {
      setDone(
        outcome(
          decision,
          await disclosureApi.review(item.id, { decision, comment: comment.trim() || undefined }),
        ),
      );
    } catch (e) {
      setError(describeError(e));
    }
  };
  if (done) {
    return (
      <View className="card review-item">
        <Text className="card-title">{item.title}</Text>
        <Text className="notice">{done}</Text>
      </View>
    );
  }
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
        <ReviewItem key={item.id} item={item} />
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
