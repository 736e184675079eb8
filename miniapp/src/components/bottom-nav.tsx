import { Text, View } from '@tarojs/components';
import { PAGES, switchTo } from './nav';

/** The two top-level screens; a plain bar instead of a tabBar so both builds behave the same. */
export function BottomNav({ current }: { current: 'home' | 'mine' }) {
  const item = (key: 'home' | 'mine', label: string) => (
    <View
      className={`bottom-nav-item ${current === key ? 'active' : ''}`}
      onClick={() => current !== key && switchTo(PAGES[key])}
    >
      <Text>{label}</Text>
    </View>
  );
  return (
    <View className="bottom-nav">
      {item('home', '公开栏')}
      {item('mine', '我的')}
    </View>
  );
}
