import { startServer } from '../server';
import { captureLogger, testConfig } from '../test/test-config';
import { SchedulerLease } from './lease';

// The server process starts the deadline scheduler and stops it on shutdown (server.ts hook).
describe('the scheduler in startServer', () => {
  it('starts on the configured interval when enabled, sweeps, and stops on close', async () => {
    const setIntervalSpy = jest.spyOn(global, 'setInterval');
    const clearIntervalSpy = jest.spyOn(global, 'clearInterval');
    const running = await startServer({
      config: testConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DEMO: 'false',
        SCHEDULER: 'true',
        SCHEDULER_INTERVAL_SECONDS: '5',
      }),
      logger: captureLogger().logger,
    });
    try {
      expect(setIntervalSpy).toHaveBeenCalledWith(expect.any(Function), 5000);
      const report = await running.scheduler.sweep();
      expect(report.ran).toBe(true);
      expect(await SchedulerLease.countDocuments({})).toBe(1);
    } finally {
      await running.close();
    }
    expect(clearIntervalSpy).toHaveBeenCalled();
    setIntervalSpy.mockRestore();
    clearIntervalSpy.mockRestore();
  });

  it('stays off when disabled (the default in tests)', async () => {
    const setIntervalSpy = jest.spyOn(global, 'setInterval');
    const running = await startServer({
      config: testConfig({ PORT: '0', HOST: '127.0.0.1', DEMO: 'false' }),
      logger: captureLogger().logger,
    });
    await running.close();
    expect(setIntervalSpy).not.toHaveBeenCalledWith(expect.any(Function), 60_000);
    setIntervalSpy.mockRestore();
  });
});
