// MongoDB wire protocol framing: 16-byte little-endian header (messageLength, requestID, responseTo,
// opCode), OP_MSG (2013) with kind-0 body and kind-1 document-sequence sections, and the legacy
// OP_QUERY (2004) handshake answered with OP_REPLY (1). No compression (we never advertise it).
import { deserialize, serialize, type Document } from 'bson';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

const CHECKSUM_PRESENT = 1;
export const MORE_TO_COME = 2;

export interface Header {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export interface Request {
  header: Header;
  /** The command document, with kind-1 sequences merged in as arrays under their identifiers. */
  command: Document;
  /** For OP_QUERY: the target namespace, e.g. "admin.$cmd". */
  fullCollectionName?: string;
  moreToCome: boolean;
}

// NOTE: promoteValues:false keeps Int32/Double/Long as their BSON classes so values.ts can remember
// each number's type; values.ts converts to plain numbers for mingo.
const DESERIALIZE = { promoteValues: false } as const;

/** Accumulates TCP chunks and yields whole messages (a message may span chunks; a chunk may hold many). */
export class MessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const out: Buffer[] = [];
    for (;;) {
      if (this.buffered < 4) break;
      const head = this.peek(4);
      const len = head.readInt32LE(0);
      if (len < 16 || len > 64 * 1024 * 1024) throw new Error(`invalid message length ${len}`);
      if (this.buffered < len) break;
      out.push(this.take(len));
    }
    return out;
  }

  private peek(n: number): Buffer {
    if ((this.chunks[0]?.length ?? 0) < n) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] as Buffer;
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    const msg = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
    return msg;
  }
}

export function readHeader(msg: Buffer): Header {
  return {
    length: msg.readInt32LE(0),
    requestId: msg.readInt32LE(4),
    responseTo: msg.readInt32LE(8),
    opCode: msg.readInt32LE(12),
  };
}

export function parseMessage(msg: Buffer): Request {
  const header = readHeader(msg);
  if (header.opCode === OP_MSG) return parseOpMsg(msg, header);
  if (header.opCode === OP_QUERY) return parseOpQuery(msg, header);
  throw new Error(`unsupported opCode ${header.opCode}`);
}

function readCString(buf: Buffer, at: number): [string, number] {
  const end = buf.indexOf(0, at);
  if (end < 0) throw new Error('unterminated cstring');
  return [buf.toString('utf8', at, end), end + 1];
}

function parseOpMsg(msg: Buffer, header: Header): Request {
  const flags = msg.readUInt32LE(16);
  const end = flags & CHECKSUM_PRESENT ? msg.length - 4 : msg.length;
  let at = 20;
  let command: Document | undefined;
  const sequences: [string, Document[]][] = [];
  while (at < end) {
    const kind = msg.readUInt8(at);
    at += 1;
    if (kind === 0) {
      const size = msg.readInt32LE(at);
      command = deserialize(msg.subarray(at, at + size), DESERIALIZE);
      at += size;
    } else if (kind === 1) {
      const size = msg.readInt32LE(at);
      const seqEnd = at + size;
      const [id, docsAt] = readCString(msg, at + 4);
      const docs: Document[] = [];
      for (let p = docsAt; p < seqEnd;) {
        const dsize = msg.readInt32LE(p);
        docs.push(deserialize(msg.subarray(p, p + dsize), DESERIALIZE));
        p += dsize;
      }
      sequences.push([id, docs]);
      at = seqEnd;
    } else {
      throw new Error(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!command) throw new Error('OP_MSG without a body section');
  for (const [id, docs] of sequences) command[id] = docs;
  return { header, command, moreToCome: (flags & MORE_TO_COME) !== 0 };
}

function parseOpQuery(msg: Buffer, header: Header): Request {
  const [fullCollectionName, at] = readCString(msg, 20);
  const qAt = at + 8; // numberToSkip, numberToReturn
  const size = msg.readInt32LE(qAt);
  let command = deserialize(msg.subarray(qAt, qAt + size), DESERIALIZE);
  // Legacy drivers may wrap the command as { $query: {...}, $readPreference }.
  if (command.$query && typeof command.$query === 'object') command = command.$query as Document;
  return { header, command, fullCollectionName, moreToCome: false };
}

let nextRequestId = 1;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

export function encodeOpMsg(responseTo: number, reply: Document): Buffer {
  const body = serialize(reply);
  const flags = Buffer.alloc(5); // flagBits = 0, section kind 0
  return Buffer.concat([header(16 + 5 + body.length, responseTo, OP_MSG), flags, body]);
}

export function encodeOpReply(responseTo: number, reply: Document): Buffer {
  const body = serialize(reply);
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(0, 0); // responseFlags
  // cursorID (int64) = 0 at 4..11, startingFrom = 0 at 12..15
  fields.writeInt32LE(1, 16); // numberReturned
  return Buffer.concat([header(16 + 20 + body.length, responseTo, OP_REPLY), fields, body]);
}
