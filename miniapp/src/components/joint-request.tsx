import { Button, Text, View } from '@tarojs/components';
import type { FeedbackDto, JointRequestStatusDto } from '@sanwu/shared';
import { useState } from 'react';
import { feedbackApi } from '../services/api';
import { describeError } from '../services/api-error';
import { useSession } from '../services/session';
import { chineseDay } from './format';
import { StatusView } from './status-view';
import { useRemote } from './use-remote';

function progress(s: JointRequestStatusDto): string {
  const villagers = s.villagerSignaturesNeeded
    ? `${s.villagerSignatures} / ${s.villagerSignaturesNeeded} 位村民（登记村民的十分之一）`
    : `${s.villagerSignatures} 位村民`;
  const reps = s.representativeSignaturesNeeded
    ? `，或 ${s.representativeSignatures} / ${s.representativeSignaturesNeeded} 位村民代表（三分之一）`
    : '';
  return `已联名：${villagers}${reps}`;
}

/**
 * 联名申请 (DOMAIN.md "Feedback"): how many have signed against the legal thresholds, and a button
 * for a verified villager to sign too; once reached, the date the disclosure is owed by.
 */
export function JointRequest({ item }: { item: FeedbackDto }) {
  const session = useSession();
  const remote = useRemote(() => feedbackApi.jointStatus(item.orgId, item.id), [item.id]);
  const [signed, setSigned] = useState<JointRequestStatusDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const status = signed ?? remote.data;
  const sign = async () => {
    setError(null);
    try {
      setSigned(await feedbackApi.cosign(item.id));
    } catch (e) {
      setError(describeError(e));
    }
  };
  return (
    <View className="section">
      <Text className="section-title">联名进度</Text>
      <StatusView
        loading={remote.loading && !status}
        error={remote.error}
        onRetry={() => void remote.reload()}
      />
      {status ? <Text className="kv">{progress(status)}</Text> : null}
      {status?.reached ? (
        <Text className="notice">
          已达到联名人数
          {status.disclosureDueAt ? `，村委会须在 ${chineseDay(status.disclosureDueAt)} 前公开` : ''}。
        </Text>
      ) : (
        <Text className="muted">
          本村已认证的村民可以联名{session ? '' : '（请先登录）'}；可把本页分享给本村村民。
        </Text>
      )}
      {status?.signedByMe ? <Text className="notice">您已联名。</Text> : null}
      {error ? <Text className="error">{error}</Text> : null}
      {session && status?.signedByMe === false && !status.reached ? (
        <Button className="btn btn-primary" onClick={() => void sign()}>
          我也联名
        </Button>
      ) : null}
    </View>
  );
}
