import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { PAGES } from './nav';

const CADRE = [
  ['cadreInbox', '群众意见'],
  ['cadreDisclosures', '公开事项'],
  ['mine', '我的'],
] as const;
const SUPERVISE = [
  ['reviews', '审核'],
  ['complaints', '意见台账'],
  ['overdue', '超期'],
  ['compliance', '合规'],
  ['overview', '概况'],
  ['mine', '我的'],
] as const;

/** The workbench's sections, side by side at the top. */
export function WorkbenchNav({
  kind,
  current,
}: {
  kind: 'cadre' | 'supervise';
  current: keyof typeof PAGES;
}) {
  const items = kind === 'cadre' ? CADRE : SUPERVISE;
  return (
    <View className="tabs workbench-nav">
      {items.map(([key, label]) => (
        <View
          key={key}
          className={`tab ${key === current ? 'active' : ''}`}
          onClick={() =>
            key !== current && void (key === 'mine' ? Taro.reLaunch : Taro.redirectTo)({ url: PAGES[key] })
          }
        >
          <Text>{label}</Text>
        </View>
      ))}
    </View>
  );
}
