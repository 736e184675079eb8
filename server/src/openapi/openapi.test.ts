import { mountedRoutes } from '../app';
import { startTestApp, type TestApp } from '../test/harness';
import { testRoutes } from '../test/test-routes';
import { toOpenApiPath, type OpenApiDocument } from './openapi.document';

interface Content {
  content: Record<string, { schema: unknown }>;
}
interface Operation {
  parameters: unknown[];
  requestBody: Content;
  responses: Record<string, Content>;
  security: unknown;
}

function operation(doc: OpenApiDocument, path: string, method: string): Operation {
  const op = doc.paths[path]?.[method];
  if (!op) throw new Error(`${method} ${path} is not documented`);
  return op as unknown as Operation;
}

describe('GET /api/v1/openapi.json', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    t = await startTestApp({ database: false, features: [testRoutes] });
    const res = await t.request.get('/api/v1/openapi.json').expect(200).expect('Content-Type', /json/);
    doc = JSON.parse(res.text) as OpenApiDocument;
  });
  afterAll(() => t.stop());

  it('is an OpenAPI 3.1.0 document', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('三务公开 API');
  });

  it('lists every route mounted on the app, with every path parameter', () => {
    const routes = mountedRoutes(t.app);
    expect(routes.length).toBeGreaterThan(5);
    for (const { method, path } of routes) {
      const operation = doc.paths[toOpenApiPath(path)]?.[method.toLowerCase()];
      expect({ method, path, documented: Boolean(operation) }).toEqual({ method, path, documented: true });
      const params = (operation?.parameters ?? []) as { name: string; in: string }[];
      for (const [, name] of path.matchAll(/:(\w+)/g)) {
        expect(params).toContainEqual(expect.objectContaining({ name, in: 'path' }));
      }
    }
  });

  it('documents nothing that is not mounted', () => {
    const mounted = new Set(
      mountedRoutes(t.app).map((r) => `${r.method.toLowerCase()} ${toOpenApiPath(r.path)}`),
    );
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path}`),
    );
    expect(documented.filter((op) => !mounted.has(op))).toEqual([]);
  });

  it('includes the health routes and itself', () => {
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/readyz', '/api/v1/openapi.json']),
    );
  });

  it('describes request bodies, queries and responses from the zod schemas', () => {
    const echo = operation(doc, '/api/v1/test/echo', 'post');
    expect(echo.requestBody.content['application/json']!.schema).toMatchObject({
      type: 'object',
      properties: { name: { type: 'string', minLength: 1, maxLength: 10 }, age: { type: 'integer' } },
      required: ['name', 'age'],
    });
    const item = operation(doc, '/api/v1/test/items/{id}', 'get');
    expect(item.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'id', in: 'path', required: true }),
        expect.objectContaining({ name: 'pageSize', in: 'query', required: false }),
      ]),
    );
    const things = operation(doc, '/api/v1/test/things', 'post');
    expect(Object.keys(things.responses)).toEqual(expect.arrayContaining(['201', '400', '409', '500']));
  });

  it('refers error responses to the shared ApiError schema', () => {
    expect(doc.components.schemas.ApiError).toMatchObject({ type: 'object', required: ['error'] });
    const boom = operation(doc, '/api/v1/test/boom', 'get');
    expect(boom.responses['500']!.content['application/json']!.schema).toEqual({
      $ref: '#/components/schemas/ApiError',
    });
    expect(JSON.stringify(doc)).not.toContain('#/$defs/');
  });

  it('marks routes that need sign-in with the bearer scheme', () => {
    expect(doc.components.securitySchemes.bearerAuth).toEqual({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    const priv = operation(doc, '/api/v1/test/private', 'get');
    expect(priv.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(priv.responses)).toContain('401');
    const limited = operation(doc, '/api/v1/test/limited', 'get');
    expect(limited.security).toEqual([]);
    expect(Object.keys(limited.responses)).toContain('429');
    expect(operation(doc, '/api/v1/test/whoami', 'get').security).toEqual([{}, { bearerAuth: [] }]);
  });

  it('gives every operation a unique operationId', () => {
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
