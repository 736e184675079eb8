// Load scenarios: autocannon over loopback (closed loop), an evenly paced open loop, and how a
// result is summarised.
import { Agent, request as httpRequest } from 'node:http';
import autocannon, { type Request } from 'autocannon';

export interface Figure {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  /** Status code → count, to see 304s, 201s and any failures. */
  statuses: Record<string, number>;
  /** Answers the server's 5 s public read cache gave (`X-Cache: hit`), not the route. */
  cacheHits: number;
  errors: number;
  /** Requests the database received per answer (serverStatus network.numRequests), when counted. */
  dbPerAnswer?: number;
}

export interface Scenario {
  name: string;
  method?: 'GET' | 'POST';
  /** Called for every request: the path, headers and body to send. */
  next: () => { path: string; headers?: Record<string, string>; body?: string };
}

/**
 * Runs one scenario at `connections` for `seconds` (or, given `amount`, for that many requests);
 * with `rate`, the connections together send no more than that many requests a second.
 */
export async function drive(
  url: string,
  scenario: Scenario,
  connections: number,
  seconds: number,
  options: { amount?: number; rate?: number } = {},
): Promise<Figure> {
  let cacheHits = 0;
  const result = await autocannon({
    url,
    connections,
    ...(options.amount ? { amount: options.amount } : { duration: seconds }),
    ...(options.rate && { overallRate: options.rate }),
    method: scenario.method ?? 'GET',
    requests: [
      {
        setupRequest: (req: Request) => {
          const { path, headers, body } = scenario.next();
          return {
            ...req,
            path,
            headers: { ...req.headers, ...headers },
            ...(body !== undefined && { body }),
          };
        },
        onResponse: (_status, _body, _context, headers) => {
          for (const [name, value] of Object.entries(headers ?? {})) {
            if (name.toLowerCase() === 'x-cache' && value === 'hit') cacheHits++;
          }
        },
      },
    ],
  });
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = stat.count ?? 0;
  return {
    name: scenario.name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses,
    cacheHits,
    errors: result.errors + result.timeouts,
  };
}

/**
 * Sends `rate` requests a second, evenly spaced, for `seconds`, over at most `connections` kept-alive
 * connections, whatever the answers' pace (open loop). Each latency counts from the moment its
 * request was due, so a request that waited for a free connection counts its wait too. Why not
 * autocannon's `overallRate`: it lets every connection send its share of a second at once when the
 * second starts, so 64 connections fire together each second and the figure is that burst's queue.
 */
export async function drivePaced(
  url: string,
  scenario: Scenario,
  rate: number,
  seconds: number,
  connections: number,
): Promise<Figure> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let cacheHits = 0;
  let errors = 0;
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const { path, headers, body } = scenario.next();
      const req = httpRequest(
        new URL(path, url),
        { method: scenario.method ?? 'GET', headers, agent },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - due);
            statuses[String(res.statusCode)] = (statuses[String(res.statusCode)] ?? 0) + 1;
            if (res.headers['x-cache'] === 'hit') cacheHits++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  const started = performance.now();
  const sent: Promise<void>[] = [];
  while (sent.length < total) {
    const due = started + (sent.length * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    sent.push(send(due));
  }
  await Promise.all(sent);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    name: scenario.name,
    rps: latencies.length / elapsed,
    p50: Math.round(percentile(sorted, 0.5)),
    p99: Math.round(percentile(sorted, 0.99)),
    statuses,
    cacheHits,
    errors,
  };
}

/** The `q` quantile (0–1) of values sorted ascending; 0 when there are none. */
export function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

export function formatTable(figures: Figure[], ceiling: Figure): string {
  const rows = figures.map((f) => [
    f.name,
    f.rps.toFixed(0),
    (f.rps / ceiling.rps).toFixed(2),
    f.p50.toFixed(1),
    f.p99.toFixed(1),
    Object.entries(f.statuses)
      .map(([c, n]) => `${c}×${n}`)
      .join(' '),
    cacheShare(f),
    f.dbPerAnswer === undefined ? '—' : f.dbPerAnswer.toFixed(2),
    String(f.errors),
  ]);
  const head = [
    'scenario',
    'req/s',
    'x ceiling',
    'p50 ms',
    'p99 ms',
    'statuses',
    'from cache',
    'db/answer',
    'errors',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]!].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

export function answers(f: Figure): number {
  return Object.values(f.statuses).reduce((a, b) => a + b, 0);
}

/** The share of answers the public read cache gave: a scenario's figures say which path they measure. */
export function cacheShare(f: Figure): string {
  const n = answers(f);
  return n === 0 ? '—' : `${Math.round((100 * f.cacheHits) / n)}%`;
}
