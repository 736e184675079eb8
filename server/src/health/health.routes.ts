import { UnavailableError } from '@sanwu/shared';
import { z } from 'zod';
import type { FeatureDeps } from '../context';
import { RouteGroup } from '../http/route-group';

const ZHealth = z.object({ status: z.literal('ok') });

/** Liveness and readiness at the root (`/healthz`, `/readyz`), for load balancers and k8s. */
export function healthRoutes(deps: FeatureDeps): RouteGroup {
  return new RouteGroup({ prefix: '', tag: '运维', base: '' })
    .define(
      {
        method: 'get',
        path: '/healthz',
        summary: '进程存活（不访问数据库）',
        auth: 'public',
        responses: { 200: ZHealth },
      },
      () => ({ status: 'ok' as const }),
    )
    .define(
      {
        method: 'get',
        path: '/readyz',
        summary: '可以服务：数据库在 1 秒内响应',
        auth: 'public',
        responses: { 200: ZHealth },
        errors: ['UNAVAILABLE'],
      },
      async (ctx) => {
        try {
          if (!deps.db) throw new Error('no database configured');
          await deps.db.ping(1000);
        } catch (err) {
          ctx.state.log.warn({ err }, 'readiness check failed');
          throw new UnavailableError('数据库暂时不可用');
        }
        return { status: 'ok' as const };
      },
    );
}
