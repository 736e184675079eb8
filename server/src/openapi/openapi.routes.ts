import { RouteGroup } from '../http/route-group';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi.document';
import { z } from 'zod';

const ZOpenApiDocument = z
  .looseObject({ openapi: z.literal('3.1.0') })
  .meta({ description: 'OpenAPI 3.1 文档' });

/** `GET /api/v1/openapi.json`, built once, lazily, from every group (itself included). */
export function openApiRoutes(allGroups: () => readonly RouteGroup[], version: string): RouteGroup {
  let document: OpenApiDocument | undefined;
  return new RouteGroup({ prefix: '', tag: '文档' }).define(
    {
      method: 'get',
      path: '/openapi.json',
      summary: '本 API 的 OpenAPI 3.1 文档',
      auth: 'public',
      responses: { 200: ZOpenApiDocument },
    },
    () => {
      document ??= buildOpenApiDocument(allGroups(), {
        title: '三务公开 API',
        version,
        description: '三务公开（党务、村务、财务）平台的 HTTP 接口。错误格式见 ApiError。',
      });
      return document;
    },
  );
}
