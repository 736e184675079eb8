import { Text, View } from '@tarojs/components';
import type { DisclosureDto } from '@sanwu/shared';
import { chineseTime } from './format';

const STAGES = { group: '监督小组', office: '股室审核', leader: '领导审批' } as const;

/** The current version's review record: signatures and rejections with their comments. */
export function ReviewList({ d }: { d: DisclosureDto }) {
  const { current } = d;
  return (
    <View className="section">
      <Text className="section-title">
        审核签章 {current.approvals} / 需 {current.requiredSignatures}
      </Text>
      {current.signatures.length === 0 ? <Text className="muted">暂无审核意见</Text> : null}
      {current.signatures.map((s) => (
        <View key={`${s.userId}-${s.round}-${s.at}`} className={`review review-${s.decision}`}>
          <Text className="kv">
            {s.name}（{STAGES[s.stage]}） · {s.decision === 'approve' ? '同意并签章' : '退回'} ·{' '}
            {chineseTime(s.at)}
          </Text>
          {s.comment ? <Text className="muted">意见：{s.comment}</Text> : null}
        </View>
      ))}
    </View>
  );
}
