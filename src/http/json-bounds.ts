/** Bounds every JSON body must keep, whatever route it is for. */
export interface JsonBounds {
  /** Deepest nesting of objects and arrays (an activity is about 6 deep). */
  maxDepth: number;
  /** Longest string value or key, in UTF-16 code units. */
  maxStringLength: number;
}

/**
 * Activities are shallow and short: Teams' invoke values, the deepest we take, are under 10 levels.
 * The bounds are far above that and far below what would cost a stack or seconds of CPU.
 */
export const DEFAULT_JSON_BOUNDS: JsonBounds = { maxDepth: 32, maxStringLength: 16_000 };

/** A lone surrogate: JSON allows it (`"\ud800"`), but no text a person wrote contains one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function stringProblem(s: string, bounds: JsonBounds): string | undefined {
  if (s.length > bounds.maxStringLength) return `a string is longer than ${bounds.maxStringLength} characters`;
  if (LONE_SURROGATE.test(s)) return 'a string is not well-formed Unicode';
  return undefined;
}

/**
 * Checks a parsed JSON value against the bounds without recursion (a body nested thousands deep
 * must not cost a stack). Returns a short reason, or undefined when the value is within bounds.
 */
export function jsonBoundsProblem(value: unknown, bounds: JsonBounds = DEFAULT_JSON_BOUNDS): string | undefined {
  // Two parallel stacks rather than a pair per value: every request's body goes through here.
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length) {
    const v = values.pop();
    const depth = depths.pop()!;
    if (typeof v === 'string') {
      const problem = stringProblem(v, bounds);
      if (problem) return problem;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= bounds.maxDepth) return `nested deeper than ${bounds.maxDepth} levels`;
    if (Array.isArray(v)) {
      for (const item of v) {
        values.push(item);
        depths.push(depth + 1);
      }
      continue;
    }
    for (const key of Object.keys(v)) {
      const problem = stringProblem(key, bounds);
      if (problem) return problem;
      values.push((v as Record<string, unknown>)[key]);
      depths.push(depth + 1);
    }
  }
  return undefined;
}
