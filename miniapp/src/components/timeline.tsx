import { Text, View } from '@tarojs/components';
import type { TimelineEntryDto } from '@sanwu/shared';
import { chineseTime } from './format';

// Keyed by string, not the enum: a kind the server adds later shows as 办理 rather than breaking the build.
const KIND_LABELS: Record<string, string> = {
  submitted: '提交',
  assisted: '代为登记',
  confirmed: '本人确认',
  accepted: '受理',
  transferred: '转办',
  replied: '答复',
  rated: '评价',
  escalated: '提请上级',
  closed: '办结',
  reminded: '催办',
  overdue: '已超期',
  cosigned: '联名',
  threshold_reached: '达到联名人数',
};

/** What happened to a feedback item, oldest first. */
export function Timeline({ entries }: { entries: TimelineEntryDto[] }) {
  return (
    <View className="timeline">
      {entries.map((entry, i) => (
        <View key={i} className={`timeline-entry kind-${entry.kind}`}>
          <Text className="timeline-head">
            {chineseTime(entry.at)} · {KIND_LABELS[entry.kind] ?? '办理'}
            {entry.actorName ? ` · ${entry.actorName}` : ''}
            {entry.toOrgName ? ` → ${entry.toOrgName}` : ''}
          </Text>
          {entry.text ? <Text className="timeline-text">{entry.text}</Text> : null}
        </View>
      ))}
    </View>
  );
}
