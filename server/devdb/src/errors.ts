// MongoDB-shaped errors. Every failure devdb reports must look like a real server's so that the driver
// and mongoose raise their usual error classes (MongoServerError with code/codeName).
import type { Document } from 'bson';

export class MongoCommandError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    readonly extra: Document = {},
  ) {
    super(message);
  }

  toReply(): Document {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }
}

export const badValue = (msg: string): MongoCommandError => new MongoCommandError(2, 'BadValue', msg);
export const failedToParse = (msg: string): MongoCommandError =>
  new MongoCommandError(9, 'FailedToParse', msg);
export const invalidOptions = (msg: string): MongoCommandError =>
  new MongoCommandError(72, 'InvalidOptions', msg);
export const commandNotFound = (name: string): MongoCommandError =>
  new MongoCommandError(59, 'CommandNotFound', `no such command: '${name}'`);
export const namespaceNotFound = (msg = 'ns not found'): MongoCommandError =>
  new MongoCommandError(26, 'NamespaceNotFound', msg);
export const namespaceExists = (ns: string): MongoCommandError =>
  new MongoCommandError(48, 'NamespaceExists', `Collection ${ns} already exists.`);
export const cursorNotFound = (id: string): MongoCommandError =>
  new MongoCommandError(43, 'CursorNotFound', `cursor id ${id} not found`);
export const immutableId = (): MongoCommandError =>
  new MongoCommandError(
    66,
    'ImmutableField',
    "Performing an update on the path '_id' would modify the immutable field '_id'",
  );
export const illegalTransaction = (): MongoCommandError =>
  new MongoCommandError(
    20,
    'IllegalOperation',
    'Transaction numbers are only allowed on a replica set member or mongos',
  );
export const notSupported = (what: string): MongoCommandError =>
  new MongoCommandError(115, 'CommandNotSupported', `devdb does not support ${what}`);
export const decimalRefused = (): MongoCommandError =>
  badValue(
    'devdb does not support Decimal128 comparisons or arithmetic (nor on Longs beyond 2^53); storage and round-trip only',
  );

/** The E11000 error, with the exact errmsg format mongoose parses and the keyPattern/keyValue it reports. */
export function duplicateKey(
  ns: string,
  indexName: string,
  keyPattern: Document,
  keyValue: Document,
): MongoCommandError {
  const shown = Object.entries(keyValue)
    .map(([k, v]) => `${k}: ${formatKeyValue(v)}`)
    .join(', ');
  return new MongoCommandError(
    11000,
    'DuplicateKey',
    `E11000 duplicate key error collection: ${ns} index: ${indexName} dup key: { ${shown} }`,
    { keyPattern, keyValue },
  );
}

function formatKeyValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  const t = (v as { _bsontype?: string })._bsontype;
  if (t === 'ObjectId') return `ObjectId('${String(v)}')`;
  if (t) return `${t}('${String(v)}')`;
  return JSON.stringify(v);
}

/** Normalise anything thrown while running a command into a MongoDB error. */
export function asCommandError(err: unknown): MongoCommandError {
  if (err instanceof MongoCommandError) return err;
  const message = err instanceof Error ? err.message : String(err);
  // NOTE: mingo throws MingoError for unknown operators and bad expressions; MongoDB answers those
  // with BadValue-ish errors, so surface them as code 2 rather than as an internal error.
  if (err instanceof Error && err.constructor.name === 'MingoError') {
    if (message.includes("immutable field '_id'")) return immutableId();
    if (message.includes('would create a conflict')) {
      return new MongoCommandError(40, 'ConflictingUpdateOperators', message);
    }
    return badValue(message);
  }
  return new MongoCommandError(1, 'InternalError', `devdb internal error: ${message}`);
}

export const toErrorReply = (err: unknown): Document => asCommandError(err).toReply();
