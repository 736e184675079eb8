// One jest run over every workspace; TypeScript is transformed by SWC (fast, no type-check —
// `npm run typecheck` does that). Tests import @sanwu/shared from source so no build is needed.
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' } }];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper: {
    '^@sanwu/shared$': '<rootDir>/../shared/src/index.ts',
    '^@sanwu/devdb$': '<rootDir>/../server/devdb/src/index.ts',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
/** @type {import('jest').Config} */
module.exports = {
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
  projects: [
    {
      ...common,
      displayName: 'shared',
      rootDir: 'shared',
      moduleNameMapper: { '^@sanwu/shared$': '<rootDir>/src/index.ts' },
    },
    {
      ...common,
      displayName: 'devdb',
      rootDir: 'server/devdb',
      moduleNameMapper: { '^@sanwu/devdb$': '<rootDir>/src/index.ts' },
    },
    {
      ...common,
      displayName: 'server',
      rootDir: 'server',
      testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/devdb/'],
      moduleNameMapper: {
        '^@sanwu/shared$': '<rootDir>/../shared/src/index.ts',
        '^@sanwu/devdb$': '<rootDir>/devdb/src/index.ts',
      },
    },
    // The mini-program: TSX in jsdom. @tarojs/components maps to its React build, @tarojs/taro to a
    // small shim of the APIs the app uses (Taro's own test utils do not work with Taro 4), and
    // Taro's ESM packages are transformed like the app's own code.
    {
      displayName: 'miniapp',
      rootDir: 'miniapp',
      testEnvironment: 'jsdom',
      testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/e2e/'],
      transform: {
        '^.+\\.(m?j|t)sx?$': [
          '@swc/jest',
          {
            jsc: {
              parser: { syntax: 'typescript', tsx: true },
              target: 'es2022',
              transform: { react: { runtime: 'automatic' } },
            },
            module: { type: 'commonjs' },
          },
        ],
      },
      transformIgnorePatterns: ['/node_modules/(?!(@tarojs|swiper|ssr-window|dom7|tslib|@stencil|\\.pnpm)/)'],
      moduleNameMapper: {
        '^@sanwu/shared$': '<rootDir>/../shared/src/index.ts',
        '^@tarojs/components$': '<rootDir>/test/taro-components.ts',
        '^@tarojs/taro$': '<rootDir>/test/taro-shim.ts',
        '\\.(css|scss)$': '<rootDir>/test/style-stub.js',
      },
      setupFiles: ['<rootDir>/test/setup-globals.ts'],
    },
  ],
};
