import { FakeWechatServer } from '../wechat/fake-wechat-server';
import { startTestApp, type TestApp, type TestAppOptions } from './harness';

export interface IdentityTestApp {
  t: TestApp;
  /** The WeChat API the app talks to (WECHAT_API_BASE points here). */
  wechat: FakeWechatServer;
  stop(): Promise<void>;
}

/**
 * startTestApp configured for the identity routes: WeChat sign-in against a local
 * FakeWechatServer (through the harness env WECHAT_APPID/WECHAT_SECRET/WECHAT_API_BASE),
 * and TRUST_PROXY on so a test picks its client IP with X-Forwarded-For (per-IP limits).
 */
export async function startIdentityTestApp(options: TestAppOptions = {}): Promise<IdentityTestApp> {
  const wechat = new FakeWechatServer();
  const apiBase = await wechat.start();
  const t = await startTestApp({
    ...options,
    env: {
      WECHAT_APPID: wechat.appId,
      WECHAT_SECRET: wechat.secret,
      WECHAT_API_BASE: apiBase,
      TRUST_PROXY: 'true',
      ...options.env,
    },
  });
  return {
    t,
    wechat,
    async stop() {
      await t.stop();
      await wechat.stop();
    },
  };
}
