/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.svg';
declare module '*.scss';

/** The API's absolute base URL for weapp builds (config/index.ts defineConstants). */
declare const SANWU_API_BASE: string;
/** Subscribe-message template ids, comma-separated (config/index.ts defineConstants). */
declare const SANWU_SUBSCRIBE_TEMPLATES: string;

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5';
  }
}
