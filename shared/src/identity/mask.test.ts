import { maskIdLast4, maskName, maskPhone } from './mask';

describe('maskName', () => {
  it.each([
    ['张三丰', '张*丰'],
    ['张三', '张*'],
    ['欧阳娜娜', '欧**娜'],
    ['王', '*'],
    ['', ''],
    [' 李四 ', '李*'],
    ['𠮷野家', '𠮷*家'],
  ])('masks %j as %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['138 1234 5678', '138****5678'],
    ['0571-88886666', '********6666'],
    ['123', '***'],
  ])('masks %j as %j', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});

describe('maskIdLast4', () => {
  it.each([
    ['110101199003071234', '****1234'],
    ['11010119900307123x', '****123X'],
    ['5678', '****5678'],
  ])('masks %j as %j', (id, masked) => {
    expect(maskIdLast4(id)).toBe(masked);
  });
});
