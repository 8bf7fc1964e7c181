/**
 * Shape of `locales/<lng>/redflags.json` (the phrase lists behind the red-flag detector), checked
 * with zod so that a broken file fails at start-up with a message naming the bad entry, not with
 * silently missed emergencies at run time. The format itself is described in the files' `_readme`.
 */
import { z } from 'zod';
import { isFlagId, tierOf } from '../../dialogs/triage/red-flags.js';

const phrases = z.array(z.string().trim().min(1, 'empty phrase'));

const flagEntry = z
  .object({
    emergency: phrases.optional(),
    possible: phrases.optional(),
    urgent: phrases.optional(),
    routine: phrases.optional(),
    exclude: phrases.optional(),
  })
  .strict();

const listsSchema = z
  .object({
    _readme: z.string(),
    classes: z.record(z.string().regex(/^[a-z_]+$/, 'class names are a-z and _'), phrases.min(1)),
    negation: z
      .object({
        cues: phrases,
        postCues: phrases,
        uncertain: phrases,
        benignContext: phrases,
        clauseBreaks: phrases,
        scopeBreaks: phrases,
        listJoiners: phrases,
      })
      .strict(),
    others: z.object({ subjects: phrases, self: phrases }).strict(),
    fuzzy: z.object({ exclude: phrases }).strict(),
    fillers: phrases,
    crisis: z.object({ phrases: phrases.min(1), exclude: phrases }).strict(),
    flags: z.record(z.string(), flagEntry),
  })
  .strict();

/** One language's phrase lists, as validated. */
export type RedFlagLists = z.infer<typeof listsSchema>;
/** The phrases for one flag, by tier key. */
export type FlagPhrases = z.infer<typeof flagEntry>;

const SLOT_REF = /\{([^{}]*)\}/g;

function patternProblems(pattern: string, classes: Record<string, string[]>): string[] {
  const problems: string[] = [];
  for (const slot of pattern.replace(/^>\s*/, '').split(/\s+/)) {
    const ref = /^\{([a-z_|]+)\}$/.exec(slot);
    if (ref) {
      for (const name of ref[1]!.split('|')) if (!classes[name]) problems.push(`unknown class {${name}}`);
    } else if (slot.includes('{') || slot.includes('}')) {
      problems.push(`bad slot "${slot}"`);
    }
  }
  for (const m of pattern.matchAll(SLOT_REF)) if (!m[1]) problems.push('empty {}');
  return problems;
}

function semanticProblems(lists: RedFlagLists): string[] {
  const problems: string[] = [];
  const check = (where: string, list: string[] | undefined): void => {
    for (const p of list ?? []) for (const e of patternProblems(p, lists.classes)) problems.push(`${where} "${p}": ${e}`);
  };
  check('crisis.phrases', lists.crisis.phrases);
  check('crisis.exclude', lists.crisis.exclude);
  for (const [id, entry] of Object.entries(lists.flags)) {
    if (!isFlagId(id)) {
      problems.push(`flags.${id}: not a flag id of dialogs/triage/red-flags.ts`);
      continue;
    }
    const tier = tierOf(id);
    const allowed = tier === 'emergency' ? ['emergency', 'possible', 'exclude'] : [tier, 'exclude'];
    for (const key of Object.keys(entry)) {
      if (!allowed.includes(key)) problems.push(`flags.${id}.${key}: a ${tier} flag takes only ${allowed.join(', ')}`);
    }
    for (const [key, list] of Object.entries(entry)) check(`flags.${id}.${key}`, list);
  }
  return problems;
}

/** Dotted paths of every object key (arrays and strings are leaves). */
export function keyPaths(value: unknown, prefix = ''): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => [prefix + k, ...keyPaths(v, `${prefix}${k}.`)]);
}

/**
 * Validates one parsed `redflags.json`.
 * @throws Error naming the language and every problem found.
 */
export function parseRedFlagLists(raw: unknown, lng: string): RedFlagLists {
  const parsed = listsSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`locales/${lng}/redflags.json is malformed:\n  ${issues.join('\n  ')}`);
  }
  const problems = semanticProblems(parsed.data);
  if (problems.length) throw new Error(`locales/${lng}/redflags.json is malformed:\n  ${problems.join('\n  ')}`);
  return parsed.data;
}

/**
 * Both languages must have the same key structure, so a flag or word class added in one file is not
 * silently missing from the other.
 * @throws Error listing the keys found in one file only.
 */
export function assertSameKeys(a: unknown, b: unknown, names: readonly [string, string]): void {
  const ka = new Set(keyPaths(a));
  const kb = new Set(keyPaths(b));
  const onlyA = [...ka].filter((k) => !kb.has(k));
  const onlyB = [...kb].filter((k) => !ka.has(k));
  if (onlyA.length || onlyB.length) {
    throw new Error(
      `redflags.json key mismatch: only in ${names[0]}: [${onlyA.join(', ')}]; only in ${names[1]}: [${onlyB.join(', ')}]`,
    );
  }
}
