import type { EventEmitter } from 'node:events';

/**
 * The driver's server monitor checks each server every heartbeat; while no check succeeds the
 * server stays unselectable and every operation answers 503. One of those checks can hang for
 * good: when the database drops the monitor's socket while a check is being sent (the driver
 * awaits a 'drain' that a destroyed socket never emits — mongodb 7.9, seen in about 3 of 10
 * first outages of the filing-under-loss test). The monitor then never checks again and the
 * process stays unavailable until restarted, however long the database has been back.
 *
 * The watchdog notices such a check from the driver's public heartbeat events: a check still open
 * after every timeout the driver set for it has passed cannot end by itself. It then asks for
 * the client to be reopened, once per stuck client.
 */
export interface MonitorWatchdog {
  /** Follow this client's heartbeats (call again with the new client after a reopen). */
  watch(client: EventEmitter): void;
  stop(): void;
}

export interface MonitorWatchdogOptions {
  /** A heartbeat open this long is stuck (past the driver's own socket time-out for it). */
  stuckAfterMs: number;
  /** Called once a watched client has a stuck check; the caller reopens and calls `watch` again. */
  onStuck(stuckForMs: number): void;
  now?: () => number;
}

interface HeartbeatEvent {
  connectionId: string;
}

export function monitorWatchdog(options: MonitorWatchdogOptions): MonitorWatchdog {
  const now = options.now ?? Date.now;
  /** Server address → when its open check started. */
  let open = new Map<string, number>();
  let detach: (() => void) | undefined;

  const timer = setInterval(
    () => {
      const at = now();
      for (const started of open.values()) {
        if (at - started < options.stuckAfterMs) continue;
        detach?.();
        detach = undefined;
        open = new Map();
        options.onStuck(at - started);
        return;
      }
    },
    Math.min(1000, Math.max(50, Math.floor(options.stuckAfterMs / 4))),
  );
  timer.unref();

  return {
    watch(client) {
      detach?.();
      const checks = new Map<string, number>();
      const started = (e: HeartbeatEvent) => checks.set(e.connectionId, now());
      const ended = (e: HeartbeatEvent) => checks.delete(e.connectionId);
      client.on('serverHeartbeatStarted', started);
      client.on('serverHeartbeatSucceeded', ended);
      client.on('serverHeartbeatFailed', ended);
      open = checks;
      detach = () => {
        client.off('serverHeartbeatStarted', started);
        client.off('serverHeartbeatSucceeded', ended);
        client.off('serverHeartbeatFailed', ended);
      };
    },
    stop() {
      clearInterval(timer);
      detach?.();
      detach = undefined;
      open = new Map();
    },
  };
}
