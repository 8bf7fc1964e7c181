import { z } from 'zod';

/** True only for a value the schema it was built from accepts; false means "ask the schema". */
export type Acceptor = (value: unknown) => boolean;

/** What a compiled node checks, and whether zod would hand that very value on (no copy, no change). */
interface Node {
  accepts: Acceptor;
  /** The schema's output is the input itself, so a refinement over it sees what we see. */
  same: boolean;
}

/** zod's "object" (its `getParsedType`): not an array, null, a Map, a Set, a Date nor a thenable. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  const o = v as Record<string, unknown>;
  return !(typeof o.then === 'function' && typeof o.catch === 'function');
}

/** A refinement's context that only notes whether an issue was raised (zod's `refine` calls `addIssue` to fail). */
const refinementCtx = {
  failed: false,
  path: [] as (string | number)[],
  addIssue(): void {
    refinementCtx.failed = true;
  },
};

function stringNode(schema: z.ZodString): Node | undefined {
  if (schema._def.coerce) return undefined;
  const checks = schema._def.checks;
  for (const check of checks) if (!['min', 'max', 'regex', 'url'].includes(check.kind)) return undefined;
  const accepts = (v: unknown): boolean => {
    if (typeof v !== 'string') return false;
    for (const check of checks) {
      if (check.kind === 'min' && v.length < check.value) return false;
      if (check.kind === 'max' && v.length > check.value) return false;
      if (check.kind === 'regex') {
        check.regex.lastIndex = 0;
        if (!check.regex.test(v)) return false;
      }
      if (check.kind === 'url' && !URL.canParse(v)) return false;
    }
    return true;
  };
  return { accepts, same: true };
}

function objectNode(def: z.ZodObjectDef): Node | undefined {
  // Unknown keys pass ('passthrough') or are dropped ('strip'); 'strict' and a catchall check them.
  if (def.unknownKeys === 'strict' || !(def.catchall instanceof z.ZodNever)) return undefined;
  const fields: [string, Acceptor][] = [];
  for (const [key, field] of Object.entries(def.shape())) {
    const node = compile(field);
    if (!node) return undefined;
    fields.push([key, node.accepts]);
  }
  const accepts = (v: unknown): boolean => {
    if (!isPlainObject(v)) return false;
    for (const [key, field] of fields) if (!field(v[key])) return false;
    return true;
  };
  return { accepts, same: false };
}

function compile(schema: z.ZodTypeAny): Node | undefined {
  if (schema instanceof z.ZodString) return stringNode(schema);
  if (schema instanceof z.ZodObject) return objectNode(schema._def as z.ZodObjectDef);
  if (schema instanceof z.ZodUnknown || schema instanceof z.ZodAny) return { accepts: () => true, same: true };
  if (schema instanceof z.ZodBoolean)
    return schema._def.coerce ? undefined : { accepts: (v) => typeof v === 'boolean', same: true };
  if (schema instanceof z.ZodEnum) {
    const values = schema._def.values as readonly string[];
    return { accepts: (v) => typeof v === 'string' && values.includes(v), same: true };
  }
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) {
    const inner = compile(schema._def.innerType as z.ZodTypeAny);
    const none = schema instanceof z.ZodOptional ? undefined : null;
    return inner && { accepts: (v) => v === none || inner.accepts(v), same: inner.same };
  }
  if (schema instanceof z.ZodArray) {
    const item = compile(schema._def.type as z.ZodTypeAny);
    const { exactLength, minLength, maxLength } = schema._def;
    if (!item) return undefined;
    const accepts = (v: unknown): boolean => {
      if (!Array.isArray(v)) return false;
      if (exactLength !== null && v.length !== exactLength.value) return false;
      if (minLength !== null && v.length < minLength.value) return false;
      if (maxLength !== null && v.length > maxLength.value) return false;
      for (const x of v) if (!item.accepts(x)) return false;
      return true;
    };
    return { accepts, same: false };
  }
  if (schema instanceof z.ZodRecord) {
    const key = compile(schema._def.keyType as z.ZodTypeAny);
    const value = compile(schema._def.valueType as z.ZodTypeAny);
    if (!key || !value || !(schema._def.keyType instanceof z.ZodString)) return undefined;
    const accepts = (v: unknown): boolean => {
      if (!isPlainObject(v)) return false;
      // zod walks a record's keys with for…in; a plain object's are its own.
      for (const k in v) if (!key.accepts(k) || !value.accepts(v[k])) return false;
      return true;
    };
    return { accepts, same: false };
  }
  if (schema instanceof z.ZodEffects) {
    const effect = schema._def.effect;
    const inner = compile(schema._def.schema as z.ZodTypeAny);
    // A refinement sees the inner schema's output: only one that is the input itself can be run here.
    if (effect.type !== 'refinement' || !inner?.same) return undefined;
    const accepts = (v: unknown): boolean => {
      if (!inner.accepts(v)) return false;
      refinementCtx.failed = false;
      const result: unknown = effect.refinement(v, refinementCtx);
      return !(result instanceof Promise) && !refinementCtx.failed;
    };
    return { accepts, same: true };
  }
  return undefined;
}

/**
 * A fast, allocation-free check built from a zod schema, for the common case of a valid value:
 * it is true only when every part of the schema is one it knows (objects without strict keys,
 * strings with min/max/regex/url, enums, booleans, unknown, optional, nullable, arrays, string-keyed
 * records, refinements over the value itself) and the value passes each of their checks as zod
 * would. Anything else, and every rejection, is left to zod itself, so its results and reasons
 * stay exactly what they were. Undefined when the schema uses a part it does not know.
 */
export function fastAcceptor(schema: z.ZodTypeAny): Acceptor | undefined {
  return compile(schema)?.accepts;
}
