import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

// @sanwu/shared is compiled from source together with the app: no build step of its own is
// needed first, and babel brings its modern syntax down to what old WeChat clients run.
const sharedSrc = path.resolve(__dirname, '../../shared/src');

export default defineConfig<'webpack5'>(async () => {
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'sanwu',
    date: '2026-11-23',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV ?? 'weapp'}`,
    plugins: [],
    alias: { '@sanwu/shared': path.join(sharedSrc, 'index.ts') },
    defineConstants: {
      // weapp has no "same origin": the API's absolute base comes from the build environment.
      SANWU_API_BASE: JSON.stringify(process.env.SANWU_API_BASE ?? 'http://127.0.0.1:3000/api/v1'),
      // Subscribe-message template ids from the WeChat console, comma-separated; none: no prompt.
      SANWU_SUBSCRIBE_TEMPLATES: JSON.stringify(process.env.SANWU_SUBSCRIBE_TEMPLATES ?? ''),
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    logger: { quiet: true, stats: false },
    mini: {
      compile: { include: [sharedSrc] },
      postcss: { pxtransform: { enable: true, config: {} }, cssModules: { enable: false } },
      optimizeMainPackage: { enable: true },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      // Hash routes: the print sheet's QR code opens `/#/pages/disclosure/index?id=…` (server print-sheet.ts).
      router: { mode: 'hash' },
      compile: { include: [sharedSrc] },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: { autoprefixer: { enable: true, config: {} }, cssModules: { enable: false } },
      devServer: { proxy: { '/api': { target: process.env.SANWU_API_BASE_DEV ?? 'http://127.0.0.1:3000' } } },
      webpackChain(chain) {
        // Pages are async chunks; without this each page carried its own copy of zod and
        // @sanwu/shared (~270 KB apiece). Code used by two pages or more goes to one chunk.
        chain.optimization.splitChunks({
          chunks: 'all',
          cacheGroups: {
            common: { name: 'common', minChunks: 2, priority: 1, reuseExistingChunk: true },
          },
        });
        // scripts/check-size.mjs enforces the budgets; webpack's generic 244 KiB hint is noise.
        chain.performance.hints(false);
      },
    },
  };
  return config;
});
