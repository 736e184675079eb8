// stop() destroys every socket; the driver must error cleanly and recover after a restart.
import { MongoClient } from 'mongodb';
import { startDevDb, Store } from '@sanwu/devdb';

/** Retry until the driver has rediscovered the server (its monitor reconnects in the background). */
async function eventually<T>(fn: () => Promise<T>): Promise<T> {
  let lastError: unknown;
  for (let i = 0; i < 40; i++) {
    try {
      return await fn();
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw lastError;
}

describe('stop and restart', () => {
  it('errors while down, reconnects on the same port, and can keep the store', async () => {
    let server = await startDevDb({ port: 0, quiet: true });
    const port = server.port;
    const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 500 });
    try {
      await client.db('r').collection('c').insertOne({ a: 1 });
      const store: Store = server.store;
      await server.stop();
      await expect(client.db('r').collection('c').findOne({})).rejects.toThrow();

      server = await startDevDb({ port, quiet: true, store });
      expect(server.port).toBe(port);
      expect(await eventually(() => client.db('r').collection('c').findOne({}))).toMatchObject({ a: 1 });

      await server.stop();
      server = await startDevDb({ port, quiet: true });
      expect(await eventually(() => client.db('r').collection('c').countDocuments())).toBe(0);
    } finally {
      await client.close();
      await server.stop();
    }
  });
});

describe('startup notice', () => {
  it('logs exactly one line to stderr unless quiet', async () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const server = await startDevDb({ port: 0 });
      await server.stop();
      expect(spy).toHaveBeenCalledTimes(1);
      const line = String(spy.mock.calls[0]?.[0]);
      expect(line).toContain(server.uri);
      expect(line).toMatch(/in memory.*lost on exit.*MONGODB_URI/);
      const quiet = await startDevDb({ port: 0, quiet: true });
      await quiet.stop();
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });
});
