import { z } from 'zod';

// NOTE: query strings arrive as text and `?page=` arrives as ''; treat '' as absent so the
// default applies instead of coercing it to 0.
const emptyAsAbsent = (value: unknown) => (value === '' ? undefined : value);

/** `?page=&pageSize=` of every list: page ≥ 1 (default 1), pageSize 1..100 (default 20). */
export const ZPagination = z.object({
  page: z.preprocess(emptyAsAbsent, z.coerce.number().int().min(1).default(1)),
  pageSize: z.preprocess(emptyAsAbsent, z.coerce.number().int().min(1).max(100).default(20)),
});
export type Pagination = z.infer<typeof ZPagination>;

/** A page of a list: `{ items, total, page, pageSize }`. */
export interface Paginated<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Builds the response schema of a paginated list of `item`. */
export function listResponse<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().min(0),
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1).max(100),
  });
}
