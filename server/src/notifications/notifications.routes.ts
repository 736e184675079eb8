import { z } from 'zod';
import {
  listResponse,
  ZNotification,
  ZNotificationFailure,
  ZNotificationQuery,
  ZPagination,
} from '@sanwu/shared';
import type { FeatureDeps } from '../context';
import { RouteGroup } from '../http/route-group';
import { ensureCan } from '../policy/authorize';
import { actorOf, ZIdParams } from '../policy/route-helpers';
import type { Feature } from '../routes';
import { listFailures, listNotifications, markAllRead, markRead } from './notification.service';

/** The in-app inbox and, for admins, the WeChat deliveries that failed for good. */
export const notificationRoutes: Feature = (deps: FeatureDeps) =>
  new RouteGroup({ prefix: '/notifications', tag: '通知' })
    .define(
      {
        method: 'get',
        path: '/',
        summary: '我的站内通知',
        auth: 'required',
        request: { query: ZNotificationQuery },
        responses: { 200: listResponse(ZNotification) },
      },
      async (ctx) => listNotifications(actorOf(ctx).userId, ctx.state.query),
    )
    .define(
      {
        method: 'post',
        path: '/read-all',
        summary: '全部标为已读',
        auth: 'required',
        responses: { 200: z.object({ updated: z.number().int() }) },
      },
      async (ctx) => ({ updated: await markAllRead(actorOf(ctx).userId, deps.clock()) }),
    )
    .define(
      {
        method: 'get',
        path: '/failures',
        summary: '微信通知发送失败记录（管理员）',
        auth: 'required',
        request: { query: ZPagination },
        responses: { 200: listResponse(ZNotificationFailure) },
        errors: ['FORBIDDEN'],
      },
      async (ctx) => {
        ensureCan(actorOf(ctx), 'notification.failures', { orgPath: [] });
        return listFailures(ctx.state.query);
      },
    )
    .define(
      {
        method: 'post',
        path: '/:id/read',
        summary: '标为已读',
        auth: 'required',
        request: { params: ZIdParams },
        responses: { 200: ZNotification },
        errors: ['NOT_FOUND'],
      },
      async (ctx) => markRead(actorOf(ctx).userId, ctx.state.params.id, deps.clock()),
    );
