// babel-preset-taro compiles the app and the @sanwu/shared sources it imports (see config/index.ts).
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
