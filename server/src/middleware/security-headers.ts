import helmet from 'koa-helmet';
import type { Middleware } from 'koa';

/**
 * Helmet's defaults plus a CSP the H5 build (served at `/`) can live with: own scripts only,
 * inline styles allowed (Taro injects component styles at runtime), images from anywhere
 * over https plus data:/blob: (avatars, attachment previews), API calls to self.
 */
export function securityHeaders(): Middleware {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:', 'https:'],
        'connect-src': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    // Matches frame-ancestors 'none' for browsers that only know X-Frame-Options.
    frameguard: { action: 'deny' },
    // Attachments and QR images are fetched by the WeChat client from other origins.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
}
