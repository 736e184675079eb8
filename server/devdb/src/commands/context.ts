// What every command handler receives, and the shared option parsing helpers.
import type { Document } from 'bson';
import type { CursorRegistry } from '../cursor';
import { badValue, MongoCommandError } from '../errors';
import type { Store } from '../store';
import { isPlainObject, type Doc } from '../values';

export interface ServerState {
  store: Store;
  cursors: CursorRegistry;
  startedAt: number;
  port: number;
  connections: { current: number; totalCreated: number };
  /** Messages received, answered or not (serverStatus network.numRequests). */
  requests: number;
}

export interface CommandContext {
  /** The `$db` of the command (or the database of an OP_QUERY namespace). */
  dbName: string;
  /** The command with numbers converted to plain JS numbers (see values.ts). */
  cmd: Doc;
  /** The command as decoded from the wire (numbers keep their BSON classes). */
  raw: Document;
  state: ServerState;
  connectionId: number;
  /** Legacy OP_QUERY handshake (answers `ismaster` rather than `isWritablePrimary`). */
  legacy: boolean;
}

export type Handler = (ctx: CommandContext) => Document;

export function collName(ctx: CommandContext, name: string): string {
  const v = ctx.cmd[name];
  if (typeof v !== 'string' || v === '') {
    throw new MongoCommandError(73, 'InvalidNamespace', `collection name has invalid type ${typeof v}`);
  }
  return v;
}

export function optDoc(v: unknown, what: string): Doc {
  if (v === undefined || v === null) return {};
  if (!isPlainObject(v)) throw badValue(`${what} must be an object`);
  return v;
}

export function optNumber(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return Number(v);
}
