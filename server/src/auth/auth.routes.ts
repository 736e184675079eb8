import {
  ZDemoAccountList,
  ZDemoLogin,
  ZMe,
  ZPasswordLogin,
  ZRefreshRequest,
  ZSession,
  ZUser,
  ZWechatLogin,
} from '@sanwu/shared';
import type { AppContext } from '../context';
import { RouteGroup } from '../http/route-group';
import { actorOf, requestMeta } from '../policy/route-helpers';
import type { Feature } from '../routes';
import { listDemoAccounts } from '../users/demo-seed';

// Per IP, on top of the per-account lockout of the service: the lockout stops guessing one
// password, this stops one address trying many accounts.
const perIp = (ctx: AppContext) => `ip:${ctx.ip}`;
const LOGIN_LIMIT = { limit: 10, windowMs: 60_000, key: perIp };
const WECHAT_LIMIT = { limit: 30, windowMs: 60_000, key: perIp };
const REFRESH_LIMIT = { limit: 60, windowMs: 60_000, key: perIp };

/** Sign-in (password, WeChat, demo), token refresh and logout, and `GET /me`. */
export const authRoutes: Feature = (deps) => {
  const { auth } = deps.services;
  const group = new RouteGroup({ prefix: '', tag: '登录与账号' })
    .define(
      {
        method: 'post',
        path: '/auth/login',
        summary: '工作人员用户名密码登录',
        description: '连续输错密码会锁定账号一段时间；同一 IP 每分钟最多 10 次。',
        auth: 'public',
        request: { body: ZPasswordLogin },
        responses: { 200: ZSession },
        rateLimit: LOGIN_LIMIT,
      },
      async (ctx) => {
        const { username, password } = ctx.state.body;
        return auth.loginWithPassword(username, password, requestMeta(ctx));
      },
    )
    .define(
      {
        method: 'post',
        path: '/auth/wechat',
        summary: '微信登录（wx.login 的 code）',
        description: '首次登录创建未认证的村民账号；已绑定微信的工作人员以工作人员身份登录。',
        auth: 'public',
        request: { body: ZWechatLogin },
        responses: { 200: ZSession },
        errors: ['UNAVAILABLE'],
        rateLimit: WECHAT_LIMIT,
      },
      async (ctx) => {
        const { created: _created, ...session } = await auth.loginWithWechat(
          ctx.state.body.code,
          requestMeta(ctx),
        );
        return session;
      },
    )
    .define(
      {
        method: 'post',
        path: '/auth/refresh',
        summary: '换取新的登录凭证（刷新令牌轮换）',
        description: '每个刷新令牌只能用一次；重复使用旧令牌会使该登录的全部令牌失效。',
        auth: 'public',
        request: { body: ZRefreshRequest },
        responses: { 200: ZSession },
        rateLimit: REFRESH_LIMIT,
      },
      async (ctx) => auth.refresh(ctx.state.body.refreshToken, requestMeta(ctx)),
    )
    .define(
      {
        method: 'post',
        path: '/auth/logout',
        summary: '退出登录（吊销刷新令牌）',
        auth: 'public',
        request: { body: ZRefreshRequest },
        responses: { 204: null },
      },
      async (ctx) => {
        await auth.logout(ctx.state.body.refreshToken, requestMeta(ctx));
      },
    )
    .define(
      {
        method: 'post',
        path: '/auth/wechat/bind',
        summary: '工作人员绑定微信',
        auth: 'required',
        request: { body: ZWechatLogin },
        responses: { 200: ZUser },
        errors: ['FORBIDDEN', 'CONFLICT', 'UNAVAILABLE'],
        rateLimit: WECHAT_LIMIT,
      },
      async (ctx) => auth.bindWechat(actorOf(ctx).userId, ctx.state.body.code, requestMeta(ctx)),
    )
    .define(
      {
        method: 'get',
        path: '/me',
        summary: '当前用户、角色与管辖范围',
        auth: 'required',
        responses: { 200: ZMe },
      },
      async (ctx) => auth.me(actorOf(ctx).userId),
    );
  // The demo sign-in exists only in demo mode: otherwise the paths are not mounted at all
  // (404 NOT_FOUND, and absent from the OpenAPI document).
  if (!deps.config.demo) return group;
  return group
    .define(
      {
        method: 'get',
        path: '/auth/demo/users',
        summary: '演示账号列表（仅演示模式）',
        auth: 'public',
        responses: { 200: ZDemoAccountList },
      },
      async () => ({ items: await listDemoAccounts() }),
    )
    .define(
      {
        method: 'post',
        path: '/auth/demo',
        summary: '以演示账号登录（仅演示模式）',
        auth: 'public',
        request: { body: ZDemoLogin },
        responses: { 200: ZSession },
        rateLimit: LOGIN_LIMIT,
      },
      async (ctx) => auth.loginAsDemo(ctx.state.body.userId, requestMeta(ctx)),
    );
};
