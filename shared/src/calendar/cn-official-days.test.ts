import { CN_OFFICIAL_YEARS } from './cn-official-days.generated';

// The generated module must match the installed chinese-days data; if this fails after an upgrade,
// run `npm run gen:calendar -w @sanwu/shared`.
describe('cn-official-days.generated', () => {
  it('matches chinese-days/dist/chinese-days.json', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const data = require('chinese-days/dist/chinese-days.json') as {
      holidays: Record<string, string>;
      workdays: Record<string, string>;
    };
    const holidays = CN_OFFICIAL_YEARS.flatMap((y) => y.holidays).sort();
    const workdays = CN_OFFICIAL_YEARS.flatMap((y) => y.workdays).sort();
    expect(holidays).toEqual(Object.keys(data.holidays).sort());
    expect(workdays).toEqual(Object.keys(data.workdays).sort());
  });
});
