import {
  listResponse,
  ZCreateOrg,
  ZDeactivateOrg,
  ZEffectiveOrgPolicy,
  ZMoveOrg,
  ZOrg,
  ZOrgDetail,
  ZOrgPolicyPatch,
  ZOrgQuery,
  ZPagination,
  ZRenameOrg,
  ZSupervisionGroup,
} from '@sanwu/shared';
import { RouteGroup } from '../http/route-group';
import {
  actorOf,
  ensureCanOnOrg,
  loadOrgParam,
  orgOf,
  requestMeta,
  ZIdParams,
} from '../policy/route-helpers';
import type { Feature } from '../routes';
import { orgDetail, listOrgs } from './org-query.service';
import { setSupervisionGroup, updateOrgPolicy } from './org-policy.service';
import { createOrg, deactivateOrg, moveOrg, renameOrg, toOrgDto } from './org.service';

const manage = [loadOrgParam(), ensureCanOnOrg('org.manage')];

/** The organisation tree: public browsing and search; admins create, rename, move, deactivate. */
export const orgRoutes: Feature = (deps) =>
  new RouteGroup({ prefix: '/orgs', tag: '组织' })
    .define(
      {
        method: 'get',
        path: '/',
        summary: '浏览或搜索组织',
        description:
          '不带 parentId 和 q 时列出顶级组织；q 按名称包含匹配（支持中文），可限定在 parentId 之下。',
        auth: 'public',
        request: { query: ZOrgQuery.extend(ZPagination.shape) },
        responses: { 200: listResponse(ZOrg) },
      },
      async (ctx) => {
        const { parentId, q, page, pageSize } = ctx.state.query;
        return listOrgs({ parentId, q }, { page, pageSize });
      },
    )
    .define(
      {
        method: 'get',
        path: '/:id',
        summary: '组织详情',
        auth: 'public',
        request: { params: ZIdParams },
        responses: { 200: ZOrgDetail },
        errors: ['NOT_FOUND'],
        middleware: [loadOrgParam()],
      },
      async (ctx) => orgDetail(orgOf(ctx)),
    )
    .define(
      {
        method: 'post',
        path: '/',
        summary: '新建组织（管理员）',
        auth: 'required',
        request: { body: ZCreateOrg },
        responses: { 201: ZOrg },
        errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
      },
      async (ctx) => toOrgDto(await createOrg(actorOf(ctx), ctx.state.body, requestMeta(ctx), deps.clock())),
    )
    .define(
      {
        method: 'patch',
        path: '/:id',
        summary: '组织更名（管理员）',
        auth: 'required',
        request: { params: ZIdParams, body: ZRenameOrg },
        responses: { 200: ZOrg },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
        middleware: manage,
      },
      async (ctx) =>
        toOrgDto(
          await renameOrg(
            actorOf(ctx),
            ctx.state.params.id,
            ctx.state.body.name,
            requestMeta(ctx),
            deps.clock(),
          ),
        ),
    )
    .define(
      {
        method: 'post',
        path: '/:id/move',
        summary: '调整上级组织（管理员）',
        auth: 'required',
        request: { params: ZIdParams, body: ZMoveOrg },
        responses: { 200: ZOrg },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
        middleware: manage,
      },
      async (ctx) =>
        toOrgDto(
          await moveOrg(
            actorOf(ctx),
            ctx.state.params.id,
            ctx.state.body.parentId,
            requestMeta(ctx),
            deps.clock(),
          ),
        ),
    )
    .define(
      {
        method: 'post',
        path: '/:id/deactivate',
        summary: '停用组织（管理员；历史记录保留）',
        auth: 'required',
        request: { params: ZIdParams, body: ZDeactivateOrg },
        responses: { 200: ZOrg },
        errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
        middleware: manage,
      },
      async (ctx) => {
        const { params, body } = ctx.state;
        const org = await deactivateOrg(actorOf(ctx), params.id, deps.clock(), requestMeta(ctx), body.reason);
        return toOrgDto(org);
      },
    )
    .define(
      {
        method: 'put',
        path: '/:id/policy',
        summary: '修改组织政策设置（管理员）',
        description: '只修改请求中给出的项；feedbackPolicies 只覆盖给出的意见类型。',
        auth: 'required',
        request: { params: ZIdParams, body: ZOrgPolicyPatch },
        responses: { 200: ZEffectiveOrgPolicy },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
        middleware: manage,
      },
      async (ctx) =>
        updateOrgPolicy(actorOf(ctx), ctx.state.params.id, ctx.state.body, requestMeta(ctx), deps.clock()),
    )
    .define(
      {
        method: 'put',
        path: '/:id/supervision-group',
        summary: '设置三务公开监督小组成员（管理员）',
        auth: 'required',
        request: { params: ZIdParams, body: ZSupervisionGroup },
        responses: { 200: ZSupervisionGroup },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
        middleware: manage,
      },
      async (ctx) => ({
        userIds: await setSupervisionGroup(
          actorOf(ctx),
          ctx.state.params.id,
          ctx.state.body.userIds,
          requestMeta(ctx),
          deps.clock(),
        ),
      }),
    );
