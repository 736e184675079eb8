import { ConflictError, listResponse, ZObjectId, ZPagination } from '@sanwu/shared';
import { model, Schema } from 'mongoose';
import { z } from 'zod';
import { RouteGroup } from '../http/route-group';
import type { Feature } from '../routes';

// Test-only routes, mounted by tests through `startTestApp({ features: [testRoutes] })`.

const ZEcho = z.object({ name: z.string().min(1).max(10), age: z.number().int().min(0) });

type Thing = { name: string };
const thingSchema = new Schema<Thing>(
  { name: { type: String, required: true, unique: true } },
  { strict: true },
);
export const ThingModel = model('TestThing', thingSchema);

export const testRoutes: Feature = () =>
  new RouteGroup({ prefix: '/test', tag: '测试' })
    .define(
      {
        method: 'post',
        path: '/echo',
        summary: 'echo',
        auth: 'public',
        request: { body: ZEcho },
        responses: { 200: ZEcho },
      },
      (ctx) => ctx.state.body,
    )
    .define(
      {
        method: 'get',
        path: '/items/:id',
        summary: 'typed params and query',
        auth: 'public',
        request: { params: z.object({ id: ZObjectId }), query: ZPagination },
        responses: { 200: z.object({ id: z.string(), page: z.number(), pageSize: z.number() }) },
      },
      (ctx) => ({ id: ctx.state.params.id, ...ctx.state.query }),
    )
    .define(
      {
        method: 'get',
        path: '/boom',
        summary: 'unexpected error',
        auth: 'public',
        responses: { 200: z.object({}) },
      },
      () => {
        throw new Error('secret internal detail: password=hunter2');
      },
    )
    .define(
      {
        method: 'get',
        path: '/limited',
        summary: 'rate limited',
        auth: 'public',
        rateLimit: { limit: 2, windowMs: 60_000 },
        responses: { 200: z.object({ ok: z.boolean() }) },
      },
      () => ({ ok: true }),
    )
    .define(
      {
        method: 'get',
        path: '/private',
        summary: 'needs auth',
        auth: 'required',
        responses: { 200: z.object({}) },
      },
      () => ({}),
    )
    .define(
      {
        method: 'get',
        path: '/whoami',
        summary: 'optional sign-in',
        auth: 'optional',
        responses: { 200: z.object({ userId: z.string().nullable() }) },
      },
      (ctx) => ({ userId: ctx.state.user?.id ?? null }),
    )
    .define(
      {
        method: 'get',
        path: '/slow',
        summary: 'slow request',
        auth: 'public',
        request: { query: z.object({ ms: z.coerce.number().int().max(5000).default(300) }) },
        responses: { 200: z.object({ waited: z.number() }) },
      },
      async (ctx) => {
        await new Promise((resolve) => setTimeout(resolve, ctx.state.query.ms));
        return { waited: ctx.state.query.ms };
      },
    )
    .define(
      {
        method: 'post',
        path: '/slow-things',
        summary: 'create a thing after a wait',
        auth: 'public',
        request: { body: z.object({ name: z.string(), ms: z.number().int().max(5000) }) },
        responses: { 201: z.object({ name: z.string() }) },
      },
      async (ctx) => {
        await new Promise((resolve) => setTimeout(resolve, ctx.state.body.ms));
        const doc = await ThingModel.create({ name: ctx.state.body.name });
        return { name: doc.name };
      },
    )
    .define(
      {
        method: 'get',
        path: '/off-contract',
        summary: 'answers off its schema',
        auth: 'public',
        responses: { 200: z.object({ n: z.number() }) },
      },
      () => ({ n: 'not a number' }) as unknown as { n: number },
    )
    .define(
      {
        method: 'post',
        path: '/things',
        summary: 'create a unique thing',
        auth: 'public',
        request: { body: z.object({ name: z.string() }) },
        responses: { 201: z.object({ name: z.string() }) },
        errors: ['CONFLICT'],
      },
      async (ctx) => {
        const doc = await ThingModel.create({ name: ctx.state.body.name });
        return { name: doc.name };
      },
    )
    .define(
      {
        method: 'get',
        path: '/things',
        summary: 'list things',
        auth: 'public',
        request: { query: ZPagination },
        responses: { 200: listResponse(z.object({ name: z.string() })) },
      },
      async (ctx) => {
        const { page, pageSize } = ctx.state.query;
        const [items, total] = await Promise.all([
          ThingModel.find()
            .sort({ name: 1 })
            .skip((page - 1) * pageSize)
            .limit(pageSize)
            .lean(),
          ThingModel.countDocuments(),
        ]);
        return { items: items.map((t) => ({ name: t.name })), total, page, pageSize };
      },
    )
    .define(
      {
        method: 'post',
        path: '/conflict',
        summary: 'app conflict',
        auth: 'public',
        responses: { 200: z.object({}) },
      },
      () => {
        throw new ConflictError('名称已被使用');
      },
    );
