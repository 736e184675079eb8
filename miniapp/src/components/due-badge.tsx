import { Text } from '@tarojs/components';
import type { FeedbackDto } from '@sanwu/shared';
import { chineseDate } from './format';

/** Time left on an answer: red when overdue, amber when due soon. */
export function dueTone(item: Pick<FeedbackDto, 'overdue' | 'dueSoon'>): 'overdue' | 'soon' | 'ok' {
  return item.overdue ? 'overdue' : item.dueSoon ? 'soon' : 'ok';
}

export function DueBadge({
  item,
}: {
  item: Pick<FeedbackDto, 'overdue' | 'dueSoon' | 'dueDate' | 'workdaysLeft' | 'provisional'>;
}) {
  if (!item.dueDate) return <Text className="badge">无答复期限</Text>;
  const tone = dueTone(item);
  const text =
    tone === 'overdue'
      ? `已超期（应于 ${chineseDate(item.dueDate)} 前答复）`
      : `${chineseDate(item.dueDate)} 前答复${item.workdaysLeft !== null ? `，剩 ${item.workdaysLeft} 个工作日` : ''}`;
  return (
    <Text className={`badge due-${tone}`}>
      {text}
      {item.provisional ? '（期限暂按工作日推算）' : ''}
    </Text>
  );
}

/** Sorts by time left: overdue first, then nearest deadline, items without deadline last. */
export function byTimeLeft(a: FeedbackDto, b: FeedbackDto): number {
  const key = (f: FeedbackDto) => (f.dueAt ? Date.parse(f.dueAt) : Number.POSITIVE_INFINITY);
  return key(a) - key(b);
}
