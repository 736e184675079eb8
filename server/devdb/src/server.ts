// TCP server: one MessageReader per socket, commands run synchronously in arrival order.
import net from 'node:net';
import { runCommand, type ServerState } from './commands';
import { CursorRegistry } from './cursor';
import { Store } from './store';
import { encodeOpMsg, encodeOpReply, MessageReader, OP_QUERY, parseMessage } from './wire';

export interface DevDbOptions {
  /** 0 (default) picks any free port. */
  port?: number;
  /** Suppress the startup notice (tests). */
  quiet?: boolean;
  /** How often TTL indexes are swept; default 5 s (MongoDB: 60 s). */
  ttlIntervalMs?: number;
  /** Pass a previous instance's store to keep its data across stop/start. */
  store?: Store;
}

export interface DevDb {
  uri: string;
  port: number;
  store: Store;
  /** Closes the listener and destroys every open socket (simulates losing the database). */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function startDevDb(options: DevDbOptions = {}): Promise<DevDb> {
  const store = options.store ?? new Store();
  const sockets = new Set<net.Socket>();
  const state: ServerState = {
    store,
    cursors: new CursorRegistry(),
    startedAt: Date.now(),
    port: 0,
    connections: { current: 0, totalCreated: 0 },
    requests: 0,
  };
  let nextConnectionId = 1;

  const server = net.createServer((socket) => {
    const connectionId = nextConnectionId++;
    sockets.add(socket);
    state.connections.current++;
    state.connections.totalCreated++;
    socket.setNoDelay(true);
    const reader = new MessageReader();
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const msg of reader.push(chunk)) {
          const req = parseMessage(msg);
          state.requests++;
          const reply = runCommand(state, req, connectionId);
          // NOTE: moreToCome (w:0) requests must never be answered, or the driver desynchronises.
          if (req.moreToCome) continue;
          const out =
            req.header.opCode === OP_QUERY
              ? encodeOpReply(req.header.requestId, reply)
              : encodeOpMsg(req.header.requestId, reply);
          socket.write(out);
        }
      } catch (err) {
        // A framing error leaves the stream unusable; MongoDB closes the connection too.
        if (!options.quiet)
          console.error(`devdb: closing connection ${connectionId}: ${(err as Error).message}`);
        socket.destroy();
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      sockets.delete(socket);
      state.connections.current--;
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as net.AddressInfo).port;
  state.port = port;

  const ttl = setInterval(() => {
    store.sweepTtl();
    state.cursors.reapIdle();
  }, options.ttlIntervalMs ?? 5000);
  ttl.unref();

  const uri = `mongodb://${HOST}:${port}`;
  if (!options.quiet) {
    console.error(
      `devdb: embedded development database listening on ${uri} — data lives in memory and is lost on exit; set MONGODB_URI to use a real MongoDB.`,
    );
  }

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= new Promise<void>((resolve) => {
      clearInterval(ttl);
      state.cursors.clear();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
    return stopped;
  };
  return { uri, port, store, stop };
}
