import { z } from 'zod';
import { ZErrorCode } from './codes';

/** One problem with the input: a dotted path ('' for the whole input) and a Chinese sentence. */
export const ZApiErrorDetail = z.object({
  path: z.string(),
  message: z.string(),
});
export type ApiErrorDetail = z.infer<typeof ZApiErrorDetail>;

/** The body of every error response: `{"error":{"code","message","details"?}}`. */
export const ZApiError = z
  .object({
    error: z.object({
      code: ZErrorCode,
      message: z.string(),
      details: z.array(ZApiErrorDetail).optional(),
    }),
  })
  .meta({ id: 'ApiError', description: '错误响应' });
export type ApiError = z.infer<typeof ZApiError>;
