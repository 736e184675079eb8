import type { Logger } from '../logger';

export interface ClientReopener {
  /** Closes the client and opens a new one, retrying until it opens; ignored while one runs or once stopped. */
  reopen(): void;
  /** No more reopens; resolves once a reopen in flight has given up or finished, so a close after it closes all. */
  stop(): Promise<void>;
}

export interface ClientReopenerOptions {
  close(): Promise<unknown>;
  open(): Promise<unknown>;
  /** The new client is open (and the reopener not stopped): follow it. */
  opened(): void;
  retryMs: number;
  logger?: Logger;
}

/**
 * Reopens a database client the watchdog found stuck (monitor-watchdog), one attempt at a time.
 * NOTE: a shutdown can begin while a reopen waits on the database: closing the connection under it
 * and letting it open a client afterwards would leave sockets open after `close()` (the process does
 * not exit). So `stop()` waits for the attempt in flight, which gives up at its next step.
 */
export function clientReopener(options: ClientReopenerOptions): ClientReopener {
  const { close, open, opened, retryMs, logger } = options;
  let stopped = false;
  let running: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  const pause = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, retryMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function run(): Promise<void> {
    await close().catch((err: unknown) => logger?.warn({ err }, 'closing the stuck client failed'));
    while (!stopped) {
      try {
        await open();
        if (stopped) return;
        opened();
        logger?.info('database client reopened');
        return;
      } catch (err) {
        logger?.warn({ err }, 'database client not reopened yet');
        await pause();
      }
    }
  }

  return {
    reopen() {
      if (stopped || running) return;
      running = run().finally(() => {
        running = undefined;
      });
    },
    async stop() {
      stopped = true;
      wake?.();
      await running;
    },
  };
}
