import type { FeedbackDto, Paginated } from '@sanwu/shared';
import { countdownsChangeAt } from './feedback.mapper';
import { InboxCache, type InboxPage } from './inbox-cache';

const calendar = {};
const at = (iso: string) => new Date(iso);
const page = (from: string, until: string, cal: object = calendar): InboxPage => ({
  body: { items: [], total: 0, page: 1, pageSize: 20 } as Paginated<FeedbackDto>,
  etag: 'W/"0"',
  from: at(from).getTime(),
  until: at(until).getTime(),
  calendar: cal,
});

describe('InboxCache', () => {
  const stored = page('2026-10-09T02:00:00Z', '2026-10-09T16:00:00Z');
  const cases: [string, number, string, object, boolean][] = [
    ['same revision, inside the span', 3, '2026-10-09T08:00:00Z', calendar, true],
    ['at the first instant of the span', 3, '2026-10-09T02:00:00Z', calendar, true],
    ['the org revision moved (a write)', 4, '2026-10-09T08:00:00Z', calendar, false],
    ['at the instant a countdown changes', 3, '2026-10-09T16:00:00Z', calendar, false],
    ['the clock moved back before the span', 3, '2026-10-09T01:59:59Z', calendar, false],
    ['another working-day calendar', 3, '2026-10-09T08:00:00Z', {}, false],
  ];
  it.each(cases)('%s → reused: %s', (_name, rev, now, cal, reused) => {
    const cache = new InboxCache();
    cache.set('k', 3, stored);
    expect(cache.get('k', rev, at(now), cal)?.body === stored.body).toBe(reused);
  });

  it('re-reads a page older than maxAgeMs even if nothing moved', async () => {
    const cache = new InboxCache({ maxAgeMs: 5 });
    cache.set('k', 1, stored);
    await new Promise((r) => setTimeout(r, 20));
    expect(cache.get('k', 1, at('2026-10-09T08:00:00Z'), calendar)).toBeUndefined();
  });

  it('drops the least recently read page beyond maxEntries', () => {
    const cache = new InboxCache({ maxEntries: 2 });
    const now = at('2026-10-09T08:00:00Z');
    cache.set('a', 1, stored);
    cache.set('b', 1, stored);
    cache.get('a', 1, now, calendar);
    cache.set('c', 1, stored);
    expect(['a', 'b', 'c'].map((k) => Boolean(cache.get(k, 1, now, calendar)))).toEqual([true, false, true]);
  });
});

describe('countdownsChangeAt', () => {
  const now = at('2026-10-09T02:00:00Z'); // 10:00 in Shanghai
  const midnight = at('2026-10-09T16:00:00Z').getTime(); // the next Shanghai midnight
  const cases: [string, (string | null)[], number][] = [
    ['no deadlines: the next Shanghai midnight', [null, null], midnight],
    [
      'a deadline later today: just after it (overdue turns true)',
      ['2026-10-09T09:00:00Z'],
      at('2026-10-09T09:00:00.001Z').getTime(),
    ],
    [
      'the earliest deadline still ahead wins',
      ['2026-10-09T12:00:00Z', '2026-10-09T09:00:00Z'],
      at('2026-10-09T09:00:00.001Z').getTime(),
    ],
    ['a deadline already past changes nothing more', ['2026-10-08T15:59:59.999Z'], midnight],
    ['a deadline after midnight: midnight first', ['2026-10-12T15:59:59.999Z'], midnight],
  ];
  it.each(cases)('%s', (_name, dues, expected) => {
    expect(
      countdownsChangeAt(
        dues.map((d) => ({ dueAt: d ? at(d) : null })),
        now,
      ),
    ).toBe(expected);
  });
});
