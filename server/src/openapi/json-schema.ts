import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === 'object') {
    const out: JsonSchema = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] =
        key === '$ref' && typeof inner === 'string'
          ? inner.replace(/^#\/\$defs\//, COMPONENTS)
          : rewriteRefs(inner);
    }
    return out;
  }
  return value;
}

/**
 * zod → JSON Schema 2020-12 (what OpenAPI 3.1 uses). Schemas with `.meta({ id })` are hoisted
 * into `components` (collected in `components`) and referenced, so shared shapes appear once.
 */
export function toJsonSchema(
  schema: z.ZodType,
  io: 'input' | 'output',
  components: Record<string, JsonSchema>,
) {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  const { $schema: _ignored, $defs, ...rest } = json;
  for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
    components[id] = rewriteRefs(def) as JsonSchema;
  }
  const id = z.globalRegistry.get(schema)?.id;
  const body = rewriteRefs(rest) as JsonSchema;
  if (id && !('$ref' in body)) {
    components[id] = body;
    return { $ref: COMPONENTS + id };
  }
  return body;
}
