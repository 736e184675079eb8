import { z } from 'zod';

/** A MongoDB ObjectId as its 24-hex-digit string, e.g. in a path `:id`. */
export const ZObjectId = z
  .string()
  .regex(/^[0-9a-fA-F]{24}$/, { message: '编号格式不正确' })
  .meta({ description: 'ObjectId（24 位十六进制）', example: '65f0c0ffee0000000000abcd' });
export type ObjectIdString = z.infer<typeof ZObjectId>;
