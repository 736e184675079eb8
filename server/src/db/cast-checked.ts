/** What `insertChecked` needs of a mongoose model (its generic types do not line up across models). */
interface CheckedModel {
  new (fields: object): { validate(): Promise<void>; toObject(options: object): object };
  modelName: string;
  schema: object;
  collection: { insertOne(doc: never): Promise<unknown> };
}

/**
 * Inserts one document that mongoose has cast, given its defaults and validated, as `Model.create`
 * would, but without `save()`'s machinery (change tracking, versioning, middleware): ~0.4 ms less
 * CPU per insert, on every submission's idempotency key (docs/performance.md). Returns the stored
 * document, as `lean()` would read it. The audit chain's batches use `castChecked` below.
 *
 * Only for models without middleware of their own: it runs none. A model with any (the feedback
 * items' inbox revisions) is refused, so a hook can never be skipped silently.
 */
export async function insertChecked<T>(model: CheckedModel, fields: object): Promise<T> {
  const stored = await castChecked<T>(model, fields);
  await model.collection.insertOne(stored as never);
  return stored;
}

/**
 * The document `insertChecked` would store (cast, with defaults, validated), for a caller that
 * writes several in one command (the audit chain's batches). Same refusal of hooked models.
 */
export async function castChecked<T>(model: CheckedModel, fields: object): Promise<T> {
  if (hasOwnMiddleware(model)) {
    throw new Error(`insertChecked: ${model.modelName} has middleware of its own; use Model.create`);
  }
  const doc = new model(fields);
  await doc.validate();
  return doc.toObject({ depopulate: true }) as T;
}

// The hooks mongoose adds to every model (subdocuments, sharding, transactions). A hook of any
// other name, a future built-in included, makes the model refused: failing loudly beats skipping it.
const BUILT_IN = /^(saveSubdocs|shardingPlugin|trackTransaction)/;
const refused = new WeakMap<object, boolean>();

interface HookLists {
  _pres: Map<string, { fn: { name: string } }[]>;
  _posts: Map<string, { fn: { name: string } }[]>;
}

export function hasOwnMiddleware(model: Pick<CheckedModel, 'schema'>): boolean {
  let has = refused.get(model);
  if (has === undefined) {
    const hooks = (model.schema as unknown as { s: { hooks: HookLists } }).s.hooks;
    has = [...hooks._pres.values(), ...hooks._posts.values()].some((list) =>
      list.some((hook) => !BUILT_IN.test(hook.fn.name)),
    );
    refused.set(model, has);
  }
  return has;
}
