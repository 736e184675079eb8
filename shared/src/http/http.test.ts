import { z } from 'zod';
import { listResponse, ZObjectId, ZPagination } from '..';

describe('ZPagination', () => {
  it.each([
    [{}, { page: 1, pageSize: 20 }],
    [
      { page: '', pageSize: '' },
      { page: 1, pageSize: 20 },
    ],
    [
      { page: '3', pageSize: '100' },
      { page: 3, pageSize: 100 },
    ],
    [
      { page: 2, pageSize: 1 },
      { page: 2, pageSize: 1 },
    ],
  ])('reads %j from a query string as %j', (query, expected) => {
    expect(ZPagination.parse(query)).toEqual(expected);
  });

  it.each([[{ page: '0' }], [{ pageSize: '101' }], [{ pageSize: '0' }], [{ page: '1.5' }], [{ page: 'x' }]])(
    'refuses %j',
    (query) => {
      expect(ZPagination.safeParse(query).success).toBe(false);
    },
  );
});

describe('ZObjectId', () => {
  it('accepts 24 hex digits and refuses anything else in Chinese', () => {
    expect(ZObjectId.parse('65f0c0ffee0000000000abcd')).toBe('65f0c0ffee0000000000abcd');
    const result = ZObjectId.safeParse('123');
    expect(result.error!.issues[0]!.message).toBe('编号格式不正确');
  });
});

describe('listResponse', () => {
  it('describes { items, total, page, pageSize }', () => {
    const schema = listResponse(z.object({ id: z.string() }));
    expect(schema.parse({ items: [{ id: 'a' }], total: 1, page: 1, pageSize: 20 }).items).toHaveLength(1);
    expect(schema.safeParse({ items: [], total: -1, page: 1, pageSize: 20 }).success).toBe(false);
  });
});
