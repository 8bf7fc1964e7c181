import type { Explanation } from '../understand/red-flag-detector.js';

/** Options of the `explain` command line. */
export interface ExplainOptions {
  text: string;
  lng: 'en' | 'es';
  json: boolean;
}

/** Usage of `npm run explain`. */
const EXPLAIN_USAGE = `npm run explain -- "message text" [--lng en|es] [--json]

Shows how the red-flag detector reads one message: its tokens, sentences and clauses, the concepts
matched (with the lexicon term from locales/<lng>/redflags.json), the context cues and what each
covers, every rule found with its verdict and the cue that decided it, what the learned backstop
(assets/redflag-model/) asks about that the lexicons missed, and the decision.`;

/** Reads the command line; throws with the usage when it can't. */
export function parseExplainArgs(argv: readonly string[]): ExplainOptions {
  let lng: ExplainOptions['lng'] = 'en';
  let json = false;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--lng') {
      const value = argv[++i];
      if (value !== 'en' && value !== 'es') throw new Error(`--lng takes en or es\n\n${EXPLAIN_USAGE}`);
      lng = value;
    } else words.push(arg);
  }
  const text = words.join(' ').trim();
  if (!text) throw new Error(EXPLAIN_USAGE);
  return { text, lng, json };
}

const span = (tokens: readonly string[], s: { start: number; end: number }): string =>
  tokens.slice(s.start, s.end + 1).join(' ');

/** The explanation as lines a clinician or translator can read, no code needed. */
export function formatExplanation(e: Explanation): string[] {
  const lines = [`language: ${e.lng}`, `tokens: ${e.tokens.map((t, i) => `${i}:${t}`).join(' ')}`];
  lines.push(`clauses: ${e.clauses.map((c) => `[${span(e.tokens, c)}]`).join(' ') || '(none)'}`);
  lines.push('concepts:');
  for (const m of e.mentions) lines.push(`  ${m.concept} ← "${span(e.tokens, m)}" (term "${m.term}", ${m.lng})`);
  if (!e.mentions.length) lines.push('  (none)');
  for (const i of e.idioms) lines.push(`idiom: "${span(e.tokens, i)}" (term "${i.term}") — its words never count`);
  lines.push('context cues:');
  for (const c of e.cues) {
    const scope = c.from <= c.to ? `covers "${span(e.tokens, { start: c.from, end: c.to })}"` : 'no scope';
    const planned = c.planned ? ', before a plan for care: asked at once' : '';
    lines.push(
      `  ${c.category} (${c.direction}) "${span(e.tokens, c)}" (term "${c.term}", ${c.lng}), ${scope}${planned}`,
    );
  }
  if (!e.cues.length) lines.push('  (none)');
  lines.push('findings:');
  for (const f of e.findings) {
    const why = f.because ? ` because of ${f.because.category} cue "${span(e.tokens, f.because)}"` : '';
    lines.push(`  ${f.id} [${f.tier}] by rule ${f.rule}: ${f.verdict}${why}`);
  }
  if (!e.findings.length) lines.push('  (none)');
  lines.push(`about someone else (carer): ${e.carer.carer ? 'yes' : 'no'} — ${e.carer.reason}`);
  const hints = e.hints.map((h) => `${h.flag} (p ${h.p.toFixed(2)})`).join(', ');
  lines.push(
    `learned backstop (assets/redflag-model/${e.lng}.json, asks only): ${hints || 'nothing to ask'}` +
      (hints
        ? ' — the lexicons did not settle these flags; if a term is missing, a clinician may add it to locales/'
        : ''),
  );
  const d = e.detection;
  lines.push(
    `decision: emergency [${d.emergency.join(', ')}], ask first [${d.possible.join(', ')}], urgent [${d.urgent.join(', ')}], ` +
      `routine [${d.routine.join(', ')}], asked about [${d.asked.join(', ')}], breathless ${d.breathless}, crisis ${d.crisis}`,
  );
  return lines;
}
