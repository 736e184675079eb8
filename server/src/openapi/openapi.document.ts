import { ERROR_STATUS, ErrorCode, ZApiError } from '@sanwu/shared';
import { z } from 'zod';
import { fullPath, type RouteGroup, type RouteSpec } from '../http/route-group';
import { toJsonSchema, type JsonSchema } from './json-schema';

// A type alias (not an interface) so it is assignable to the loose response schema.
export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
};

/** `/orgs/:id/feedback` → `/orgs/{id}/feedback` */
export function toOpenApiPath(koaPath: string): string {
  return koaPath.replace(/:(\w+)/g, '{$1}');
}

function pathParamNames(koaPath: string): string[] {
  return [...koaPath.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '');
}

function parameters(spec: RouteSpec, koaPath: string, components: Record<string, JsonSchema>): JsonSchema[] {
  const out: JsonSchema[] = [];
  const add = (where: 'path' | 'query', schema: z.ZodType | undefined) => {
    if (!schema) return [];
    const json = toJsonSchema(schema, 'input', components);
    const props = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required ?? []) as string[]);
    for (const [name, s] of Object.entries(props)) {
      const { description, ...rest } = s;
      out.push({
        name,
        in: where,
        required: where === 'path' || required.has(name),
        description,
        schema: rest,
      });
    }
    return Object.keys(props);
  };
  const declared = new Set(add('path', spec.request?.params));
  add('query', spec.request?.query);
  if (spec.idempotent) {
    out.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: '同一个键和相同内容只执行一次：重试得到第一次的结果；同一个键用于不同请求时 409',
      schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,128}$' },
    });
  }
  // Every `:param` appears even when the route declares no schema for it.
  for (const name of pathParamNames(koaPath)) {
    if (!declared.has(name)) out.push({ name, in: 'path', required: true, schema: { type: 'string' } });
  }
  return out;
}

function errorCodes(spec: RouteSpec): ErrorCode[] {
  const codes = new Set<ErrorCode>(spec.errors ?? []);
  if (spec.request) codes.add(ErrorCode.VALIDATION_FAILED);
  if (spec.auth === 'required') codes.add(ErrorCode.UNAUTHENTICATED);
  if (spec.rateLimit) codes.add(ErrorCode.RATE_LIMITED);
  codes.add(ErrorCode.INTERNAL);
  return [...codes];
}

function responses(spec: RouteSpec, components: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const [status, response] of Object.entries(spec.responses)) {
    if (response === null || response === undefined) {
      out[status] = { description: '无内容' };
    } else if (response instanceof z.ZodType) {
      out[status] = {
        description: '成功',
        content: { 'application/json': { schema: toJsonSchema(response, 'output', components) } },
      };
    } else {
      const schema = response.schema ? toJsonSchema(response.schema, 'output', components) : {};
      out[status] = {
        description: response.description ?? '成功',
        content: { [response.contentType]: { schema } },
      };
    }
  }
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodes(spec)) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const errorRef = toJsonSchema(ZApiError, 'output', components);
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[String(status)] = {
      description: `错误：${codes.join(' | ')}`,
      content: { 'application/json': { schema: errorRef } },
    };
  }
  return out;
}

// `{}` in a security list means "anonymous is fine too".
const SECURITY: Record<RouteSpec['auth'], JsonSchema[]> = {
  public: [],
  optional: [{}, { bearerAuth: [] }],
  required: [{ bearerAuth: [] }],
};

function operation(group: RouteGroup, spec: RouteSpec, components: Record<string, JsonSchema>): JsonSchema {
  const koaPath = fullPath(group, spec);
  const op: JsonSchema = {
    operationId: `${spec.method}${toOpenApiPath(koaPath).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string = '') => c.toUpperCase())}`,
    summary: spec.summary,
    tags: spec.tags ?? [group.options.tag],
    security: SECURITY[spec.auth],
    parameters: parameters(spec, koaPath, components),
    responses: responses(spec, components),
  };
  if (spec.description) op.description = spec.description;
  if (spec.request?.body) {
    op.requestBody = {
      required: true,
      content: { 'application/json': { schema: toJsonSchema(spec.request.body, 'input', components) } },
    };
  }
  return op;
}

/** Builds the OpenAPI 3.1 document from the same route specs the app is mounted from. */
export function buildOpenApiDocument(
  groups: readonly RouteGroup[],
  info: OpenApiDocument['info'],
): OpenApiDocument {
  const components: Record<string, JsonSchema> = {};
  const paths: OpenApiDocument['paths'] = {};
  for (const group of groups) {
    for (const { spec } of group.routes) {
      const path = toOpenApiPath(fullPath(group, spec));
      paths[path] = { ...paths[path], [spec.method]: operation(group, spec, components) };
    }
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}
