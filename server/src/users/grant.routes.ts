import {
  listResponse,
  ZCreateStaff,
  ZGrantRejection,
  ZGrantRequest,
  ZGrantResult,
  ZPagination,
  ZPendingGrant,
  ZUser,
  ZUserQuery,
} from '@sanwu/shared';
import { z } from 'zod';
import { RouteGroup } from '../http/route-group';
import { actorOf, ensureCanAnywhere, requestMeta, ZIdParams } from '../policy/route-helpers';
import type { Feature } from '../routes';
import { approveGrant, proposeGrant, rejectGrant, revokeGrant } from './grant.service';
import { createStaffWithRole, listUsers, pendingGrantDtos } from './user-admin.service';

const TWO_PERSON_NOTE = '授予上级监督或系统管理员角色须由另一名管理员批准：此时答复 202，授权进入待审批。';

/** Staff accounts and role grants (two-person rule for inspector and admin). */
export const grantRoutes: Feature = (deps) =>
  new RouteGroup({ prefix: '', tag: '账号与授权' })
    .define(
      {
        method: 'post',
        path: '/users',
        summary: '新建工作人员账号并授予角色（管理员）',
        description: TWO_PERSON_NOTE.replace('此时答复 202，', ''),
        auth: 'required',
        request: { body: ZCreateStaff },
        responses: { 201: z.object({ user: ZUser, grant: ZGrantResult }) },
        errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
      },
      async (ctx) => createStaffWithRole(actorOf(ctx), ctx.state.body, requestMeta(ctx), deps.clock()),
    )
    .define(
      {
        method: 'get',
        path: '/users',
        summary: '组织范围内的账号（管理员）',
        auth: 'required',
        request: { query: ZUserQuery.extend(ZPagination.shape) },
        responses: { 200: listResponse(ZUser) },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
      },
      async (ctx) => {
        const { orgId, q, page, pageSize } = ctx.state.query;
        return listUsers(actorOf(ctx), { orgId, q }, { page, pageSize });
      },
    )
    .define(
      {
        method: 'post',
        path: '/users/:id/grants',
        summary: '授予角色（管理员）',
        description: TWO_PERSON_NOTE,
        auth: 'required',
        request: { params: ZIdParams, body: ZGrantRequest },
        responses: { 201: ZGrantResult, 202: ZGrantResult },
        errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
      },
      async (ctx) => {
        const input = { userId: ctx.state.params.id, ...ctx.state.body };
        const result = await proposeGrant(actorOf(ctx), input, requestMeta(ctx), deps.clock());
        ctx.status = result.status === 'pending' ? 202 : 201;
        ctx.body = result;
      },
    )
    .define(
      {
        method: 'delete',
        path: '/users/:id/grants',
        summary: '收回角色（管理员）',
        auth: 'required',
        request: { params: ZIdParams, query: ZGrantRequest },
        responses: { 204: null },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
      },
      async (ctx) => {
        const input = { userId: ctx.state.params.id, ...ctx.state.query };
        await revokeGrant(actorOf(ctx), input, requestMeta(ctx), deps.clock());
      },
    )
    .define(
      {
        method: 'get',
        path: '/grants/pending',
        summary: '待审批的角色授予（管理员）',
        auth: 'required',
        responses: { 200: z.object({ items: z.array(ZPendingGrant) }) },
        errors: ['FORBIDDEN'],
        middleware: [ensureCanAnywhere('grant.approve')],
      },
      async (ctx) => ({ items: await pendingGrantDtos(actorOf(ctx)) }),
    )
    .define(
      {
        method: 'post',
        path: '/grants/pending/:id/approve',
        summary: '批准角色授予（另一名管理员）',
        auth: 'required',
        request: { params: ZIdParams },
        responses: { 200: ZGrantResult },
        errors: ['FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
      },
      async (ctx) => approveGrant(actorOf(ctx), ctx.state.params.id, requestMeta(ctx), deps.clock()),
    )
    .define(
      {
        method: 'post',
        path: '/grants/pending/:id/reject',
        summary: '驳回角色授予（管理员）',
        auth: 'required',
        request: { params: ZIdParams, body: ZGrantRejection },
        responses: { 204: null },
        errors: ['FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
      },
      async (ctx) => {
        const { params, body } = ctx.state;
        await rejectGrant(actorOf(ctx), params.id, body.reason, requestMeta(ctx), deps.clock());
      },
    );
