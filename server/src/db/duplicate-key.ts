/** A MongoDB E11000 duplicate-key error (of the index named `index`, when given). */
export function isDuplicateKey(err: unknown, index?: string): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return e?.code === 11000 && (!index || String(e.message).includes(index));
}
