import vm from 'node:vm';

// Test support (excluded from the build): runs a block of date-rule tests once per host time zone, so
// every rule is shown to give identical answers whatever TZ the server or phone runs in
// (CONVENTIONS.md "Tests": immich's date.spec.ts runs each case in several time zones).
// Node re-reads TZ when process.env.TZ is assigned, so switching inside one jest process works.

// NOTE: jest gives each test file a *copy* of process.env, and assigning TZ on the copy never reaches
// Node. vm.runInThisContext evaluates in Node's main context, where `process` is the real one.
const hostEnv = (vm.runInThisContext('process') as NodeJS.Process).env;

/** The host time zones every date rule is run under. */
export const TEST_TIME_ZONES = ['UTC', 'Asia/Shanghai', 'America/Los_Angeles'] as const;

/** `describe` once per zone in {@link TEST_TIME_ZONES}, with `process.env.TZ` set for its tests. */
export function describeInTimeZones(name: string, body: (tz: string) => void): void {
  describe.each(TEST_TIME_ZONES)(`${name} [TZ=%s]`, (tz) => {
    let saved: string | undefined;
    beforeAll(() => {
      saved = hostEnv.TZ;
      hostEnv.TZ = tz;
    });
    afterAll(() => {
      if (saved === undefined) delete hostEnv.TZ;
      else hostEnv.TZ = saved;
    });
    it('really runs in this zone', () => {
      const offset = new Date('2026-01-15T12:00:00Z').getTimezoneOffset();
      expect(offset).toBe({ UTC: 0, 'Asia/Shanghai': -480, 'America/Los_Angeles': 480 }[tz]);
    });
    body(tz);
  });
}
