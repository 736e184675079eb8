// @tarojs/components under jest: its React build (@tarojs/components-react). NOTE: the React
// build itself imports `View` from '@tarojs/components', so mapping that name straight to the
// package index makes a cycle; this file loads View first and then the rest from their modules.
export { default as View } from '@tarojs/components-react/dist/components/view/index.js';
export { default as Text } from '@tarojs/components-react/dist/components/text/index.js';
export { default as Button } from '@tarojs/components-react/dist/components/button/index.js';
export { default as Image } from '@tarojs/components-react/dist/components/image/index.js';
export { default as Input } from '@tarojs/components-react/dist/components/input/index.js';
export { default as Picker } from '@tarojs/components-react/dist/components/picker/index.js';
export { default as ScrollView } from '@tarojs/components-react/dist/components/scroll-view/index.js';
// The rest are Taro's web components behind React wrappers (custom elements in jsdom).
export { Switch, Textarea } from '@tarojs/components/lib/react';
