import { clientReopener } from './client-reopener';

/** A promise settled from outside: an open that waits on the database. */
function deferred() {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function fakeClient(opens: (() => Promise<void>)[], retryMs = 5) {
  const calls = { close: 0, open: 0, opened: 0 };
  const reopener = clientReopener({
    close: async () => {
      calls.close++;
    },
    open: () => {
      const next = opens[calls.open++];
      if (!next) throw new Error('no more opens planned');
      return next();
    },
    opened: () => {
      calls.opened++;
    },
    retryMs,
  });
  return { calls, reopener };
}

const refused = () => Promise.reject(new Error('ECONNREFUSED'));
const opens = () => Promise.resolve();

describe('clientReopener', () => {
  it.each([
    ['opens at once and follows the new client', [opens], { close: 1, open: 1, opened: 1 }],
    ['retries until the database answers', [refused, refused, opens], { close: 1, open: 3, opened: 1 }],
  ])('%s', async (_, plan, expected) => {
    const { calls, reopener } = fakeClient(plan);
    reopener.reopen();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toEqual(expected);
    await reopener.stop();
  });

  it('ignores a reopen asked while one runs, and any once stopped', async () => {
    const open = deferred();
    const { calls, reopener } = fakeClient([() => open.promise, opens]);
    reopener.reopen();
    reopener.reopen();
    await settle();
    open.resolve();
    await settle();
    await reopener.stop();
    reopener.reopen();
    await settle();
    expect(calls).toEqual({ close: 1, open: 1, opened: 1 });
  });

  it('stops only once an open in flight has settled, and does not follow the client it opened', async () => {
    const open = deferred();
    const { calls, reopener } = fakeClient([() => open.promise]);
    reopener.reopen();
    await settle();
    let stopped = false;
    const stopping = reopener.stop().then(() => {
      stopped = true;
    });
    await settle();
    expect(stopped).toBe(false);
    open.resolve();
    await stopping;
    expect(calls).toEqual({ close: 1, open: 1, opened: 0 });
  });

  it('stops at once while it waits between attempts', async () => {
    const { calls, reopener } = fakeClient([refused], 60_000);
    reopener.reopen();
    await settle();
    const started = Date.now();
    await reopener.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(calls).toEqual({ close: 1, open: 1, opened: 0 });
  });
});
