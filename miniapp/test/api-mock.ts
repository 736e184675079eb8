// Programs the shimmed Taro.request as a tiny API: routes by method and path, records calls.
import { request } from './taro-shim';

export interface Call {
  method: string;
  url: string;
  body: unknown;
  header: Record<string, string>;
}

type Answer = { status?: number; body: unknown; header?: Record<string, string> };
type Reply = Answer | ((call: Call) => Answer);

/** Answers `METHOD /path` (path without /api/v1 and query) with `reply`; unmatched calls get 404. */
export function mockApi(routes: Record<string, Reply>): Call[] {
  const calls: Call[] = [];
  request.mockImplementation(
    async (options: { url: string; method: string; data?: string; header: Record<string, string> }) => {
      const call: Call = {
        method: options.method,
        url: options.url,
        body: options.data === undefined ? undefined : JSON.parse(options.data),
        header: options.header,
      };
      calls.push(call);
      const path = options.url.replace(/^.*\/api\/v1/, '').replace(/\?.*$/, '');
      const reply = routes[`${options.method} ${path}`];
      if (!reply)
        return { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '资源不存在' } }, header: {} };
      const { status = 200, body, header = {} } = typeof reply === 'function' ? reply(call) : reply;
      return { statusCode: status, data: body, header };
    },
  );
  return calls;
}
