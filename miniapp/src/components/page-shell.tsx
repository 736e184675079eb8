import { View } from '@tarojs/components';
import type { PropsWithChildren } from 'react';
import { useLargeText } from '../services/prefs';

/** Every page's root: applies the large-text (适老化) mode the user chose. */
export function PageShell({ children, className }: PropsWithChildren<{ className?: string }>) {
  const [large] = useLargeText();
  return <View className={['page', large ? 'elder' : '', className ?? ''].join(' ').trim()}>{children}</View>;
}
