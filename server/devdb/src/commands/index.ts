// Command dispatch: name lookup, the transaction refusal, and error-to-reply conversion.
import type { Document } from 'bson';
import { commandNotFound, illegalTransaction, notSupported, toErrorReply } from '../errors';
import type { Request } from '../wire';
import { toView, type Doc } from '../values';
import { adminCommands } from './admin';
import { aggregateCommands } from './aggregate';
import type { CommandContext, Handler, ServerState } from './context';
import { crudCommands } from './crud';
import { ddlCommands } from './ddl';

export type { ServerState } from './context';

const handlers = new Map<string, Handler>(
  Object.entries({ ...adminCommands, ...crudCommands, ...ddlCommands, ...aggregateCommands }),
);

/**
 * NOTE: mingo has collation support but devdb's indexes and duplicate detection do not, so a collated
 * command could silently disagree with MongoDB; refuse it instead.
 */
function refuseCollation(raw: Document): void {
  const statements = [
    raw,
    ...['updates', 'deletes'].flatMap((k) => (Array.isArray(raw[k]) ? (raw[k] as Document[]) : [])),
  ];
  if (statements.some((s) => s.collation !== undefined)) throw notSupported('collation');
  if (raw.let !== undefined) throw notSupported("command-level 'let' variables");
}

/** Write payloads are converted per document by their handlers (keeping number types), not here. */
const PAYLOADS = new Set(['documents', 'updates', 'deletes']);

function commandView(raw: Document): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(raw)) if (!PAYLOADS.has(k)) out[k] = toView(v, k);
  return out;
}

export function runCommand(state: ServerState, req: Request, connectionId: number): Document {
  const raw = req.command;
  const name = Object.keys(raw)[0] ?? '';
  try {
    const handler = handlers.get(name);
    if (!handler) throw commandNotFound(name);
    // NOTE: a standalone mongod refuses transactions; so must we, so that the app never relies on them.
    if (raw.txnNumber !== undefined || raw.startTransaction !== undefined || raw.autocommit !== undefined) {
      throw illegalTransaction();
    }
    refuseCollation(raw);
    const dbName =
      typeof raw.$db === 'string'
        ? raw.$db
        : ((req.fullCollectionName ?? 'admin.$cmd').split('.')[0] ?? 'admin');
    const ctx: CommandContext = {
      dbName,
      cmd: commandView(raw),
      raw,
      state,
      connectionId,
      legacy: req.fullCollectionName !== undefined,
    };
    return handler(ctx);
  } catch (err) {
    return toErrorReply(err);
  }
}
