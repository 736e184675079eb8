import { performance } from 'node:perf_hooks';
import type { FeedbackDto, Paginated } from '@sanwu/shared';

/** One inbox answer, and the span of time over which its countdowns stay what they are. */
export interface InboxPage {
  /** Shared by every request it answers: never changed once stored. */
  body: Paginated<FeedbackDto>;
  /** A weak ETag over its bytes. */
  etag: string;
  /** `now` (ms) the page was mapped at; an earlier clock (moved back) does not reuse it. */
  from: number;
  /** First instant (ms) at which a countdown or overdue flag in it changes (feedback.mapper). */
  until: number;
  /** The working-day calendar it was counted with: an admin's calendar edit replaces the object. */
  calendar: object;
}

interface Entry extends InboxPage {
  rev: number;
  storedAt: number;
}

export interface InboxCacheOptions {
  /** Least recently read pages are dropped beyond this many. */
  maxEntries?: number;
  /**
   * A page is re-read after this long even if its org's revision did not move: the bound on how
   * stale it can be if a writer died between changing an item and bumping the revision.
   */
  maxAgeMs?: number;
}

/**
 * The cadre inbox, per process: a page is reused only while its org's `feedbackRev` (read with the
 * org on every request) is the one it was read under (feedback/inbox-revision), and only for the
 * same calendar and a `now` inside its [from, until) span.
 */
export class InboxCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;

  constructor(options: InboxCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 500;
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
  }

  get(key: string, rev: number, now: Date, calendar: object): InboxPage | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    const t = now.getTime();
    const fresh =
      hit.rev === rev &&
      hit.calendar === calendar &&
      t >= hit.from &&
      t < hit.until &&
      performance.now() - hit.storedAt <= this.maxAgeMs;
    if (!fresh) return undefined;
    this.entries.set(key, hit);
    return hit;
  }

  set(key: string, rev: number, page: InboxPage): void {
    this.entries.delete(key);
    this.entries.set(key, { ...page, rev, storedAt: performance.now() });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
