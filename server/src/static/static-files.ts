import { createReadStream, existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import type { AppState } from '../context';
import { PLACEHOLDER_HTML } from './placeholder';

// Bundler output names carry a content hash (`app.3f9c1a2b.js`) so they can be cached forever;
// index.html must be revalidated so a deploy is picked up at once.
const HASHED = /[.-][0-9a-f]{8,}\.[a-z0-9]+$/i;

function cacheControl(relative: string): string {
  if (relative === 'index.html') return 'no-cache';
  if (HASHED.test(relative)) return 'public, max-age=31536000, immutable';
  return 'public, max-age=3600';
}

/**
 * Resolves a URL path inside `root`, or undefined when it would escape it or names a hidden
 * file. NOTE: decode first, then check the segments, normalise and check containment — in that
 * order, so `%2e%2e` and `..%2f` cannot slip past.
 */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  // Any `.`-segment is refused outright (`..`, `.env`, `.git`): the build has no such paths.
  if (decoded.split('/').some((segment) => segment.startsWith('.'))) return undefined;
  const relative = path.posix.normalize(decoded).replace(/^\/+/, '');
  const absolute = path.resolve(root, relative === '' ? 'index.html' : relative);
  const base = path.resolve(root);
  return absolute === base || absolute.startsWith(base + path.sep) ? absolute : undefined;
}

async function fileStat(file: string) {
  try {
    const stat = await fs.stat(file);
    return stat.isFile() ? stat : undefined;
  } catch {
    return undefined;
  }
}

/** Serves the H5 build from `root`; single-page routes without an extension get index.html. */
export function staticFiles(root: string): Middleware<AppState> {
  const base = path.resolve(root);
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.path.startsWith('/api/')) return next();
    let file = resolveInside(base, ctx.path);
    let stat = file ? await fileStat(file) : undefined;
    if (!stat && file && !path.extname(ctx.path) && ctx.accepts('html')) {
      file = path.join(base, 'index.html');
      stat = await fileStat(file);
    }
    if (!file || !stat) return next();
    const relative = path.relative(base, file).split(path.sep).join('/');
    ctx.set('Cache-Control', cacheControl(relative));
    ctx.lastModified = stat.mtime;
    ctx.type = path.extname(file);
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }
    ctx.length = stat.size;
    ctx.body = ctx.method === 'HEAD' ? null : createReadStream(file);
    ctx.status = 200;
  };
}

/** The placeholder page at `/` while no H5 build exists. */
export function placeholderPage(): Middleware<AppState> {
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.path !== '/') return next();
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = 'html';
    ctx.body = PLACEHOLDER_HTML;
  };
}

/** The H5 app at `/` when `root` holds a build, else the placeholder. */
export function h5App(root: string): Middleware<AppState> {
  return existsSync(path.join(root, 'index.html')) ? staticFiles(root) : placeholderPage();
}
