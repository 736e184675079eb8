import {
  ZCalendarYearBody,
  ZCalendarYearDto,
  ZCalendarYearParams,
  ZWorkdays,
  ZWorkdaysQuery,
} from '@sanwu/shared';
import { RouteGroup } from '../http/route-group';
import { actorOf, ensureCanAnywhere, requestMeta } from '../policy/route-helpers';
import type { Feature } from '../routes';
import { putCalendarYear, workdaysIn, yearInForce } from './calendar.service';

/** The working-day calendar deadlines are computed with (API.md "Calendar"). */
export const calendarRoutes: Feature = (deps) =>
  new RouteGroup({ prefix: '/calendar', tag: '工作日历' })
    .define(
      {
        method: 'get',
        path: '/workdays',
        summary: '查询区间内的工作日（含法定节假日与调休）',
        auth: 'public',
        request: { query: ZWorkdaysQuery },
        responses: { 200: ZWorkdays },
      },
      (ctx) => {
        // The calendar changes only when an admin enters a year: let phones keep it for an hour.
        ctx.set('Cache-Control', 'public, max-age=3600');
        return workdaysIn(ctx.state.query.from, ctx.state.query.to);
      },
    )
    .define(
      {
        method: 'get',
        path: '/years/:year',
        summary: '查看某年的节假日与调休安排',
        auth: 'public',
        request: { params: ZCalendarYearParams },
        responses: { 200: ZCalendarYearDto },
      },
      (ctx) => yearInForce(ctx.state.params.year),
    )
    .define(
      {
        method: 'put',
        path: '/years/:year',
        summary: '录入或更正某年的节假日与调休安排（系统管理员）',
        description:
          '按国务院办公厅当年通知录入；录入的年份覆盖内置数据。已算出的期限不变，之后的期限按新安排计算。',
        auth: 'required',
        request: { params: ZCalendarYearParams, body: ZCalendarYearBody },
        responses: { 200: ZCalendarYearDto },
        errors: ['FORBIDDEN'],
        middleware: [ensureCanAnywhere('calendar.manage')],
      },
      (ctx) =>
        putCalendarYear(actorOf(ctx), ctx.state.params.year, ctx.state.body, requestMeta(ctx), deps.clock()),
    );
