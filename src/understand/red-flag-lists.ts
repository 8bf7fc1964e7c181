/**
 * Shape of `locales/<lng>/redflags.json` (the concept lexicons and context cues behind the red-flag
 * detector), checked with zod and by parsing every term, so that a broken file fails at start-up
 * with a message naming the bad entry, not with silently missed emergencies at run time. The
 * format itself is described in the files' `_readme`.
 */
import { z } from 'zod';
import { conceptsInRules } from './red-flags/rule-syntax.js';
import { expandTerm, parseTerm } from './red-flags/term-syntax.js';

/** Context categories of a mention (CLINICAL.md §2f), after ConText (Harkema et al. 2009). */
export const CATEGORIES = [
  'negated',
  'uncertain',
  'resolved',
  'historical',
  'explained',
  'hypothetical',
  'conditional',
  'plan',
  'modal',
  'interrogative',
  'stress',
  'question',
  'self',
  'other',
  'carer',
  'unrelated',
  'idiom',
] as const;
/** One context category. */
export type Category = (typeof CATEGORIES)[number];

const terms = z.array(z.string().trim().min(1, 'empty term'));

const cueList = z.object({ forward: terms, backward: terms, both: terms, terminators: terms }).strict();

const listsSchema = z
  .object({
    _readme: z.string(),
    concepts: z.record(z.string().regex(/^[a-z_]+$/, 'concept names are a-z and _'), terms),
    context: z
      .object(Object.fromEntries(CATEGORIES.map((c) => [c, cueList])) as Record<Category, typeof cueList>)
      .strict(),
    terminators: terms,
    listJoiners: terms,
    listDenials: terms,
    echoQuestions: terms,
    predicateDenials: terms,
    confirmations: terms,
    affirmations: terms,
    degrees: terms,
    pseudo: terms,
    idioms: terms,
    fillers: terms,
    notTypos: terms,
    sms: z.array(z.string().regex(/^\s*[^=\s]+\s*=\s*[^=\s]+\s*$/, 'an sms entry is "typed = meant", one word each')),
  })
  .strict();

/** One language's lexicons and cues, as validated. */
export type RedFlagLists = z.infer<typeof listsSchema>;

/** Most phrases one term may expand to (its groups of alternatives multiplied). */
const MAX_ALTERNATIVES = 4000;

function semanticProblems(lists: RedFlagLists): string[] {
  const problems: string[] = [];
  const known = new Set(Object.keys(lists.concepts));
  const check = (where: string, list: readonly string[], conceptsAllowed: boolean): void => {
    for (const source of list) {
      const found: string[] = [];
      if (/[()]/.test(source.replace(/\([^()]*\)/g, ''))) found.push('unbalanced ( )');
      const expanded = expandTerm(source);
      // Each alternative is a phrase of its own in the matcher: a term of tens of thousands slows every message.
      if (expanded.length > MAX_ALTERNATIVES)
        found.push(`${expanded.length} alternatives (at most ${MAX_ALTERNATIVES})`);
      for (const alt of expanded.flatMap((s) => parseTerm(s, found).slots.flat())) {
        if (alt.kind !== 'concept') continue;
        if (!conceptsAllowed) found.push(`{${alt.concept}} is not allowed here`);
        else if (!known.has(alt.concept)) found.push(`unknown concept {${alt.concept}}`);
      }
      for (const f of found) problems.push(`${where} "${source}": ${f}`);
    }
  };
  for (const [name, list] of Object.entries(lists.concepts)) check(`concepts.${name}`, list, false);
  for (const c of CATEGORIES) {
    for (const key of ['forward', 'backward', 'both', 'terminators'] as const)
      check(`context.${c}.${key}`, lists.context[c][key], true);
  }
  check('terminators', lists.terminators, false);
  check('listJoiners', lists.listJoiners, false);
  check('listDenials', lists.listDenials, false);
  check('echoQuestions', lists.echoQuestions, false);
  check('predicateDenials', lists.predicateDenials, false);
  check('confirmations', lists.confirmations, false);
  check('affirmations', lists.affirmations, false);
  check('degrees', lists.degrees, false);
  check('pseudo', lists.pseudo, true);
  check('idioms', lists.idioms, true);
  for (const c of conceptsInRules())
    if (!known.has(c)) problems.push(`concepts.${c}: missing (a red-flag rule uses it)`);
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
 * Both languages must have the same key structure, so a concept added in one file is not silently
 * missing from the other.
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
