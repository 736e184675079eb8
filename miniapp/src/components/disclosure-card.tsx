import { Text, View } from '@tarojs/components';
import { shanghaiDate, type DisclosureSummary } from '@sanwu/shared';
import { DISCLOSURE_STATE_LABELS, DOMAIN_LABELS } from '../services/disclosure.types';
import { chineseDay, daysUntil } from './format';

/** Days left of an open 公示 (objections accepted), or null when none is open. */
export function noticeDaysLeft(
  item: Pick<DisclosureSummary, 'publicNotice'>,
  now = new Date(),
): number | null {
  const notice = item.publicNotice;
  if (!notice?.open || !notice.windowEnd) return null;
  const left = daysUntil(shanghaiDate(new Date(notice.windowEnd)), now);
  return left >= 0 ? left : null;
}

export function DisclosureCard(props: { item: DisclosureSummary; showState?: boolean; onClick: () => void }) {
  const { item } = props;
  const left = noticeDaysLeft(item);
  return (
    <View className="card" onClick={props.onClick}>
      <Text className="card-title">{item.title}</Text>
      <View className="card-meta">
        <Text className="tag">{DOMAIN_LABELS[item.domain]}</Text>
        <Text className="tag category">{item.categoryName}</Text>
        {props.showState ? (
          <Text className={`tag state-${item.state}`}>{DISCLOSURE_STATE_LABELS[item.state]}</Text>
        ) : null}
        {item.lastPublishedAt ? <Text className="muted">{chineseDay(item.lastPublishedAt)}公开</Text> : null}
        {left !== null ? <Text className="countdown">公示中，剩 {left} 天</Text> : null}
        {item.versionCount > 1 ? <Text className="muted">共 {item.versionCount} 版</Text> : null}
      </View>
    </View>
  );
}
