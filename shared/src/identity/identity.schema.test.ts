import {
  ZAuditQuery,
  ZPasswordLogin,
  ZRegistryQuery,
  ZResidentPatch,
  ZVerificationRequest,
} from './identity.schema';

describe('identity schemas', () => {
  it.each([
    [{ name: '张三', idLast4: '123x' }, true],
    [{ name: '张三', phone: '138 1234 5678' }, true],
    [{ name: '张三' }, false],
    [{ name: '', idLast4: '1234' }, false],
    [{ name: '张三', idLast4: '12' }, false],
    [{ name: '张三', phone: '12345' }, false],
  ])('a verification request %j is valid: %s', (input, ok) => {
    expect(ZVerificationRequest.safeParse(input).success).toBe(ok);
  });

  it('says in Chinese what is missing from a verification request', () => {
    const r = ZVerificationRequest.safeParse({ name: '张三' });
    expect(r.error!.issues[0]).toMatchObject({ message: '请填写身份证后四位或手机号', path: ['idLast4'] });
  });

  it('normalises an ID tail to upper case', () => {
    expect(ZVerificationRequest.parse({ name: '张三', idLast4: '123x' }).idLast4).toBe('123X');
  });

  it.each([
    [{}, false],
    [{ isRepresentative: true }, true],
    [{ phone: null }, true],
    [{ phone: '1381234' }, false],
  ])('a resident patch %j is valid: %s', (input, ok) => {
    expect(ZResidentPatch.safeParse(input).success).toBe(ok);
  });

  it('reads query-string booleans and ISO times', () => {
    expect(ZRegistryQuery.parse({ representative: 'true' })).toEqual({ representative: true });
    expect(ZAuditQuery.safeParse({ from: '2026-03-01T00:00:00+08:00' }).success).toBe(true);
    expect(ZAuditQuery.safeParse({ from: '2026-03-01' }).success).toBe(false);
  });

  it('requires a username and a password', () => {
    expect(ZPasswordLogin.safeParse({ username: ' ', password: 'x' }).success).toBe(false);
    expect(ZPasswordLogin.parse({ username: ' admin ', password: 'x' }).username).toBe('admin');
  });
});
