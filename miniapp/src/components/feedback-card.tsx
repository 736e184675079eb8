import { Text, View } from '@tarojs/components';
import { FEEDBACK_STATE_LABELS, FEEDBACK_TYPE_LABELS, type FeedbackDto } from '@sanwu/shared';
import { DueBadge, dueTone } from './due-badge';
import { chineseTime } from './format';

export function FeedbackCard({ item, onClick }: { item: FeedbackDto; onClick: () => void }) {
  return (
    <View className={`card feedback-card tone-${dueTone(item)}`} onClick={onClick}>
      <View className="card-meta">
        <Text className="tag">{FEEDBACK_TYPE_LABELS[item.type]}</Text>
        <Text className="tag">{FEEDBACK_STATE_LABELS[item.state]}</Text>
        <Text className="muted">{chineseTime(item.createdAt)}</Text>
      </View>
      <Text className="card-text">{item.content}</Text>
      <DueBadge item={item} />
    </View>
  );
}
