import { EventEmitter } from 'node:events';
import { monitorWatchdog, type MonitorWatchdog } from './monitor-watchdog';

const STUCK_AFTER = 8000;
const A = '127.0.0.1:27017';
const B = '127.0.0.1:27018';

type Step = [atMs: number, event: 'started' | 'succeeded' | 'failed', server?: string];

let watchdog: MonitorWatchdog;
let stuck: number[];

beforeEach(() => {
  jest.useFakeTimers();
  stuck = [];
  watchdog = monitorWatchdog({ stuckAfterMs: STUCK_AFTER, onStuck: (ms) => stuck.push(ms) });
});
afterEach(() => {
  watchdog.stop();
  jest.useRealTimers();
});

const NAMES = {
  started: 'serverHeartbeatStarted',
  succeeded: 'serverHeartbeatSucceeded',
  failed: 'serverHeartbeatFailed',
};

/** Plays the heartbeats at their times on a watched client, then lets `untilMs` pass in all. */
function play(client: EventEmitter, steps: Step[], untilMs: number) {
  let at = 0;
  const inOrder = [...steps].sort((x, y) => x[0] - y[0]);
  for (const [stepAt, event, server = A] of inOrder) {
    jest.advanceTimersByTime(stepAt - at);
    at = stepAt;
    client.emit(NAMES[event], { connectionId: server });
  }
  jest.advanceTimersByTime(untilMs - at);
}

const polling = (checks: number, everyMs = 1000, tookMs = 5): Step[] =>
  Array.from({ length: checks }, (_, i): Step[] => [
    [i * everyMs, 'started'],
    [i * everyMs + tookMs, i % 3 ? 'succeeded' : 'failed'],
  ]).flat();

// Streaming (awaitable hello on a real replica set): each success is followed at once by the next
// start, and a check may stay open for up to maxAwaitTimeMS + the socket time-out.
const streaming = (checks: number, openMs: number): Step[] =>
  Array.from({ length: checks }, (_, i): Step[] => [
    [i * openMs, 'started'],
    [(i + 1) * openMs, 'succeeded'],
  ]).flat();

interface Row {
  name: string;
  steps: Step[];
  untilMs: number;
  times: number;
}

it.each<Row>([
  { name: 'polling checks that end, succeeded or failed', steps: polling(30), untilMs: 40_000, times: 0 },
  { name: 'streaming checks held open for 6 s each', steps: streaming(6, 6000), untilMs: 40_000, times: 0 },
  {
    name: 'a check that fails at its 5 s socket time-out',
    steps: [
      [0, 'started'],
      [5000, 'failed'],
    ],
    untilMs: 30_000,
    times: 0,
  },
  { name: 'a check that never ends', steps: [[0, 'started']], untilMs: 30_000, times: 1 },
  {
    name: 'one server of two stuck while the other answers',
    steps: [...polling(20).map(([at, e]): Step => [at, e, B]), [500, 'started', A]],
    untilMs: 30_000,
    times: 1,
  },
  {
    name: 'a check still open just under the limit',
    steps: [[0, 'started']],
    untilMs: STUCK_AFTER - 1,
    times: 0,
  },
])('$name → reported stuck $times time(s)', ({ steps, untilMs, times }) => {
  const client = new EventEmitter();
  watchdog.watch(client);
  play(client, steps, untilMs);
  expect(stuck).toHaveLength(times);
  for (const ms of stuck) expect(ms).toBeGreaterThanOrEqual(STUCK_AFTER);
});

it('reports a stuck client once, then follows only the client it is given next', () => {
  const first = new EventEmitter();
  watchdog.watch(first);
  play(first, [[0, 'started']], 20_000);
  expect(stuck).toHaveLength(1);
  expect(stuck[0]).toBeLessThan(STUCK_AFTER + 1000);

  const second = new EventEmitter();
  watchdog.watch(second);
  first.emit('serverHeartbeatStarted', { connectionId: A });
  play(second, polling(10), 20_000);
  expect(stuck).toHaveLength(1);
  expect(first.listenerCount('serverHeartbeatStarted')).toBe(0);

  play(second, [[0, 'started']], 20_000);
  expect(stuck).toHaveLength(2);
});

it('stops watching when stopped', () => {
  const client = new EventEmitter();
  watchdog.watch(client);
  client.emit('serverHeartbeatStarted', { connectionId: A });
  watchdog.stop();
  jest.advanceTimersByTime(60_000);
  expect(stuck).toEqual([]);
  expect(client.listenerCount('serverHeartbeatStarted')).toBe(0);
});
