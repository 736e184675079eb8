import Taro from '@tarojs/taro';
import { ZSession, type ApiErrorDetail } from '@sanwu/shared';
import type { z } from 'zod';
import { ApiRequestError } from './api-error';
import { apiBase } from './config';
import { saveTokens, sessionStore, signOut } from './session';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** The operation's shared zod schema: the body is checked (and normalised) before sending. */
  schema?: z.ZodType;
  /**
   * Sent as `Idempotency-Key` so a retried submission creates nothing new. Signed-in writes without
   * one get a key per write, kept until the server answers (see `unanswered`).
   */
  idempotencyKey?: string;
  /** false: never send the token (public reads work signed out too). */
  auth?: boolean;
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** The path with its query: what a request is sent to under the API base, and how a read is kept. */
const target = (path: string, options: RequestOptions) => `${path}${queryString(options.query)}`;

/** Runs the shared schema on the body; a failure never leaves the phone. */
export function validateBody(schema: z.ZodType, body: unknown): unknown {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const details: ApiErrorDetail[] = result.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }));
  throw new ApiRequestError('VALIDATION_FAILED', details[0]?.message ?? '填写的内容有误', 0, details);
}

async function send(
  method: Method,
  path: string,
  options: RequestOptions,
  token: string | undefined,
  body: unknown,
) {
  const header: Record<string, string> = { 'content-type': 'application/json' };
  if (token) header.authorization = `Bearer ${token}`;
  if (options.idempotencyKey) header['idempotency-key'] = options.idempotencyKey;
  const etag = method === 'GET' ? keptFor(path, options, token)?.etag : undefined;
  if (etag) header['if-none-match'] = etag;
  try {
    return await Taro.request({
      url: `${apiBase()}${target(path, options)}`,
      method,
      header,
      data: body === undefined ? undefined : JSON.stringify(body),
      dataType: 'json',
      timeout: 15000,
    });
  } catch {
    throw new ApiRequestError('NETWORK', '网络不通，请检查网络后重试', 0);
  }
}

/**
 * Reads kept with their ETag, per URL and for the token that read them: the next read of the URL
 * sends `If-None-Match`, and a 304 (a few hundred bytes on a weak network instead of the page) is
 * answered from here. In memory only, the last 30 URLs.
 */
const kept = new Map<string, { token: string | undefined; etag: string; data: unknown }>();
const KEPT_URLS = 30;

function keptFor(path: string, options: RequestOptions, token: string | undefined) {
  const entry = kept.get(target(path, options));
  return entry?.token === token ? entry : undefined;
}

function keep(
  path: string,
  options: RequestOptions,
  token: string | undefined,
  res: Taro.request.SuccessCallbackResult,
) {
  const etag = Object.entries(res.header ?? {}).find(([name]) => name.toLowerCase() === 'etag')?.[1];
  const url = target(path, options);
  kept.delete(url);
  if (typeof etag !== 'string' || !etag) return;
  kept.set(url, { token, etag, data: res.data });
  if (kept.size > KEPT_URLS) kept.delete(kept.keys().next().value!);
}

/** Drops every kept read (a fresh install in tests). */
export function forgetKeptReads(): void {
  kept.clear();
}

let refreshing: Promise<boolean> | null = null;

/** One refresh at a time however many calls found the token expired. */
function refreshSession(): Promise<boolean> {
  const session = sessionStore.get();
  if (!session) return Promise.resolve(false);
  refreshing ??= send('POST', '/auth/refresh', {}, undefined, { refreshToken: session.refreshToken })
    .then((res) => {
      const parsed = ZSession.safeParse(res.data);
      if (res.statusCode !== 200 || !parsed.success) {
        signOut();
        return false;
      }
      saveTokens(parsed.data);
      return true;
    })
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/**
 * Keys of signed-in writes whose answer never arrived, by method, path and body: the user's retry of
 * the same write (the 重试 button after 网络不通) reuses the key, so the server runs it once even when
 * the first attempt did reach it. Any answer from the server ends the entry; a later identical write
 * is a new one.
 */
const unanswered = new Map<string, string>();

/** Calls the API: JSON in and out, bearer token with one refresh on 401, Chinese errors by code. */
export async function apiRequest<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const body = options.schema ? validateBody(options.schema, options.body) : options.body;
  const token = options.auth === false ? undefined : sessionStore.get()?.accessToken;
  const write = method !== 'GET' && token !== undefined && !options.idempotencyKey;
  const attempt = write ? `${method} ${path} ${JSON.stringify(body ?? null)}` : '';
  if (write && !unanswered.has(attempt)) unanswered.set(attempt, newIdempotencyKey());
  const sent = write ? { ...options, idempotencyKey: unanswered.get(attempt) } : options;
  let sentWith = token;
  let res = await send(method, path, sent, sentWith, body);
  if (res.statusCode === 401 && token && (await refreshSession())) {
    sentWith = sessionStore.get()?.accessToken;
    res = await send(method, path, sent, sentWith, body);
  }
  unanswered.delete(attempt);
  if (method === 'GET' && res.statusCode === 304) {
    const entry = keptFor(path, options, sentWith);
    if (entry) return entry.data as T;
  }
  if (method === 'GET' && res.statusCode === 200) keep(path, options, sentWith, res);
  if (res.statusCode >= 200 && res.statusCode < 300) return res.data as T;
  throw ApiRequestError.fromResponse(res.statusCode, res.data);
}

/** A fresh key per submission attempt by the user (kept across automatic retries of that attempt). */
export function newIdempotencyKey(): string {
  const random = Math.random().toString(36).slice(2, 10);
  return `${Date.now().toString(36)}-${random}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Uploads one local file (a photo from the picker) as multipart `file`; returns the API's JSON. */
export async function apiUpload<T>(path: string, filePath: string): Promise<T> {
  const token = sessionStore.get()?.accessToken;
  let res: Taro.uploadFile.SuccessCallbackResult;
  try {
    res = await Taro.uploadFile({
      url: `${apiBase()}${path}`,
      filePath,
      name: 'file',
      header: token ? { authorization: `Bearer ${token}` } : {},
    });
  } catch {
    throw new ApiRequestError('NETWORK', '照片上传失败，请检查网络后重试', 0);
  }
  let data: unknown = res.data;
  try {
    data = JSON.parse(res.data);
  } catch {
    // not JSON: fromResponse reports it by status
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return data as T;
  throw ApiRequestError.fromResponse(res.statusCode, data);
}
