// Type-checking and tests resolve this file; Taro builds pick index.weapp.ts or index.h5.ts instead.
export { platform } from './index.h5';
export type { Platform } from './platform.types';
