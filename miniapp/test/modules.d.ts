// The React build's per-component modules (test/taro-components.ts) ship no declarations of their own.
declare module '@tarojs/components-react/dist/components/*';
