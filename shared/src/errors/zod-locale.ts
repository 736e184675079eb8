import { z } from 'zod';
import type { ApiErrorDetail } from './api-error.schema';

// Every validation message users can see is Simplified Chinese. zod 4 ships a zh-CN locale;
// its wording for the most common issues reads like a type checker ("期望 string >=2 字符"),
// so those few are reworded here and everything else falls back to zod's zh-CN text.
const zodZhCN = z.locales.zhCN().localeError;

type RawIssue = Parameters<z.core.$ZodErrorMap>[0];

const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值',
  bigint: '整数',
  date: '日期',
  array: '列表',
  object: '对象',
};

const SIZE_UNITS: Record<string, string> = { string: '个字符', array: '项', set: '项', file: '字节' };

function bound(issue: { origin?: unknown; inclusive?: boolean }, limit: unknown, atMost: boolean): string {
  const origin = typeof issue.origin === 'string' ? issue.origin : '';
  const unit = SIZE_UNITS[origin];
  const limitText = String(limit);
  if (unit) {
    const what = origin === 'string' ? '长度' : '数量';
    return `${what}${atMost ? '不能超过' : '至少为'} ${limitText} ${unit}`;
  }
  if (issue.inclusive === false) return `必须${atMost ? '小于' : '大于'} ${limitText}`;
  return `${atMost ? '不能大于' : '不能小于'} ${limitText}`;
}

/** zod error map giving short Simplified-Chinese sentences. */
export const zhErrorMap: z.core.$ZodErrorMap = (issue: RawIssue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return '此项为必填项';
      return `应为${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (issue.origin === 'string' && issue.minimum === 1) return '不能为空';
      return bound(issue, issue.minimum, false);
    case 'too_big':
      return bound(issue, issue.maximum, true);
    case 'invalid_value':
      return issue.values.length === 1
        ? '取值无效'
        : `取值无效，可选值：${issue.values.map(String).join('、')}`;
    case 'unrecognized_keys':
      return `不允许的字段：${issue.keys.join('、')}`;
    case 'invalid_format':
      if (issue.format === 'regex') return '格式不正确';
      return zodZhCN(issue);
    default:
      return zodZhCN(issue);
  }
};

let configured = false;

/**
 * Makes every zod message Simplified Chinese. Runs once when `@sanwu/shared` is imported;
 * idempotent, so calling it again (e.g. from a test) is harmless.
 */
export function configureZodLocale(): void {
  if (configured) return;
  z.config({ localeError: zhErrorMap });
  configured = true;
}

configureZodLocale();

/** Turns zod issues into API error details: `[{ path: 'a.b', message: '<zh>' }]`. */
export function zodIssuesToDetails(issues: readonly z.core.$ZodIssue[]): ApiErrorDetail[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}
