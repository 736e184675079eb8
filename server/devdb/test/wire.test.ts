// Framing: messages split across TCP chunks, several messages per chunk, OP_QUERY handshake.
import net from 'node:net';
import { deserialize, serialize } from 'bson';
import { startDevDb, type DevDb } from '@sanwu/devdb';
import { MessageReader } from '../src/wire';

function opMsg(requestId: number, body: object, flags = 0): Buffer {
  const doc = serialize(body);
  const h = Buffer.alloc(21);
  h.writeInt32LE(21 + doc.length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(0, 8);
  h.writeInt32LE(2013, 12);
  h.writeUInt32LE(flags, 16);
  h.writeUInt8(0, 20);
  return Buffer.concat([h, doc]);
}

function opQuery(requestId: number, ns: string, body: object): Buffer {
  const doc = serialize(body);
  const name = Buffer.from(`${ns}\0`);
  const h = Buffer.alloc(20);
  h.writeInt32LE(20 + name.length + 8 + doc.length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(2004, 12);
  const skipReturn = Buffer.alloc(8);
  skipReturn.writeInt32LE(-1, 4);
  return Buffer.concat([h, name, skipReturn, doc]);
}

let server: DevDb;
beforeAll(async () => {
  server = await startDevDb({ port: 0, quiet: true });
});
afterAll(() => server.stop());

async function exchange(payload: Buffer[], expected: number): Promise<Buffer[]> {
  const socket = net.connect(server.port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  const reader = new MessageReader();
  const replies: Buffer[] = [];
  const done = new Promise<void>((resolve) =>
    socket.on('data', (c: Buffer) => {
      replies.push(...reader.push(c));
      if (replies.length >= expected) resolve();
    }),
  );
  for (const part of payload) {
    socket.write(part);
    await new Promise((r) => setTimeout(r, 5));
  }
  await done;
  socket.destroy();
  return replies;
}

describe('wire framing', () => {
  it('reassembles a message split byte by byte and answers OP_QUERY with OP_REPLY', async () => {
    const msg = opQuery(7, 'admin.$cmd', { ismaster: 1 });
    const parts = [msg.subarray(0, 3), msg.subarray(3, 17), msg.subarray(17)];
    const [reply] = await exchange(parts, 1);
    if (!reply) throw new Error('no reply');
    expect(reply.readInt32LE(8)).toBe(7);
    expect(reply.readInt32LE(12)).toBe(1);
    expect(deserialize(reply.subarray(36))).toMatchObject({ ismaster: true, ok: 1 });
  });

  it('handles several OP_MSGs in one chunk and skips moreToCome requests', async () => {
    const chunk = Buffer.concat([
      opMsg(1, { ping: 1, $db: 'admin' }),
      opMsg(2, { insert: 'w0', documents: [{ a: 1 }], $db: 'x' }, 2),
      opMsg(3, { count: 'w0', $db: 'x' }),
    ]);
    const replies = await exchange([chunk], 2);
    expect(replies.map((r) => r.readInt32LE(8))).toEqual([1, 3]);
    expect(deserialize(replies[1]?.subarray(21) ?? Buffer.alloc(5))).toMatchObject({ n: 1, ok: 1 });
  });
});
