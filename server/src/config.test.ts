import { ConfigError, loadConfig } from './config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map((p) => p.variable);
  }
  throw new Error('expected a ConfigError');
}

const SECRET = 'x'.repeat(32);

describe('loadConfig', () => {
  it('gives a development setup sensible defaults and labelled dev secrets', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      host: '0.0.0.0',
      trustProxy: false,
      mongodbUri: undefined,
      demo: true,
      logLevel: 'info',
      uploadDir: './var/uploads',
      bodyLimitBytes: 1024 * 1024,
      h5Origins: [],
      jwt: { accessTtl: '15m', refreshTtl: '30d' },
      wechat: { apiBase: 'https://api.weixin.qq.com' },
    });
    expect(config.jwt.accessSecret).toMatch(/^dev-only-access-secret-NOT-FOR-PRODUCTION-/);
    expect(config.jwt).toMatchObject({ accessTtlSeconds: 900, refreshTtlSeconds: 30 * 86_400 });
    expect(config.phoneHashSecret).toMatch(/^dev-only-/);
  });

  it('is silent in tests and turns demo off when a database is configured', () => {
    const config = loadConfig({ NODE_ENV: 'test', MONGODB_URI: 'mongodb://db:27017/sanwu' });
    expect(config.logLevel).toBe('silent');
    expect(config.demo).toBe(false);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      TRUST_PROXY: 'true',
      H5_ORIGIN: 'https://a.cn, https://b.cn,',
      DEMO: 'false',
      LOG_LEVEL: 'debug',
      BODY_LIMIT_KB: '64',
      JWT_ACCESS_TTL: '5m',
      WECHAT_APPID: 'wx123',
      PUBLIC_BASE_URL: 'https://sanwu.example.cn',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      trustProxy: true,
      h5Origins: ['https://a.cn', 'https://b.cn'],
      demo: false,
      logLevel: 'debug',
      bodyLimitBytes: 64 * 1024,
      jwt: { accessTtl: '5m' },
      wechat: { appId: 'wx123' },
      publicBaseUrl: 'https://sanwu.example.cn',
    });
  });

  it.each([
    [{ PORT: 'eighty' }, ['PORT']],
    [{ PORT: '70000', LOG_LEVEL: 'loud' }, ['PORT', 'LOG_LEVEL']],
    [{ MONGODB_URI: 'postgres://x' }, ['MONGODB_URI']],
    [{ DEMO: 'maybe', BODY_LIMIT_KB: '0' }, ['DEMO', 'BODY_LIMIT_KB']],
    [{ JWT_ACCESS_SECRET: 'short', JWT_REFRESH_TTL: 'forever' }, ['JWT_ACCESS_SECRET', 'JWT_REFRESH_TTL']],
    [{ NODE_ENV: 'staging' }, ['NODE_ENV']],
  ])('names every bad variable of %j', (env, variables) => {
    expect(problemsOf(env).sort()).toEqual([...variables].sort());
  });

  it('reports format errors and production rules together', () => {
    expect(
      problemsOf({
        NODE_ENV: 'production',
        PORT: 'x',
        JWT_ACCESS_SECRET: SECRET,
        PHONE_HASH_SECRET: SECRET,
      }),
    ).toEqual(['PORT', 'MONGODB_URI']);
  });

  it('puts the variable names in the error message', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'loud' })).toThrow(/PORT[\s\S]*LOG_LEVEL/);
  });

  describe('in production', () => {
    it('refuses the embedded database and generated secrets, naming each variable', () => {
      expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
        'MONGODB_URI',
        'JWT_ACCESS_SECRET',
        'PHONE_HASH_SECRET',
      ]);
      expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
        /MONGODB_URI: required in production; the embedded devdb/,
      );
    });

    it('refuses demo mode', () => {
      const env = {
        NODE_ENV: 'production',
        MONGODB_URI: 'mongodb://db/sanwu',
        JWT_ACCESS_SECRET: SECRET,
        PHONE_HASH_SECRET: SECRET,
      };
      expect(problemsOf({ ...env, DEMO: 'true' })).toEqual(['DEMO']);
    });

    it('accepts a complete configuration with demo off', () => {
      const config = loadConfig({
        NODE_ENV: 'production',
        MONGODB_URI: 'mongodb+srv://u:p@cluster/sanwu',
        JWT_ACCESS_SECRET: SECRET,
        PHONE_HASH_SECRET: SECRET,
      });
      expect(config).toMatchObject({ isProduction: true, demo: false, jwt: { accessSecret: SECRET } });
    });
  });
});
