import { describe, expect, it } from 'vitest';
import { projectDetector } from '../helpers/detector.js';
import { formatExplanation, parseExplainArgs } from '../../src/tools/explain-format.js';

const detector = projectDetector();

describe('npm run explain', () => {
  it('reads the text, the language and --json from the command line, and refuses an empty one', () => {
    expect(parseExplainArgs(['--lng', 'es', 'no', 'puedo', 'orinar'])).toEqual({
      text: 'no puedo orinar',
      lng: 'es',
      json: false,
    });
    expect(parseExplainArgs(['my legs are numb', '--json'])).toEqual({
      text: 'my legs are numb',
      lng: 'en',
      json: true,
    });
    expect(() => parseExplainArgs([])).toThrow(/npm run explain/);
    expect(() => parseExplainArgs(['--lng', 'fr', 'x'])).toThrow(/en or es/);
  });

  it('names the concepts, the cue that dropped a denied symptom, and the decision', () => {
    const lines = formatExplanation(detector.explain('¿pérdidas de orina? no, eso no', 'es'));
    expect(lines.some((l) => l.startsWith('  pee ← "orina"'))).toBe(true);
    expect(lines.some((l) => /^ {2}urinary_incontinence .*: dropped because of negated cue/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^decision: emergency \[\]/);
  });

  it('shows a carer’s message escalated, and why it is about someone else', () => {
    const lines = formatExplanation(detector.explain("my wife says she can't feel her bottom", 'en'));
    expect(lines.some((l) => l.startsWith('about someone else (carer): yes'))).toBe(true);
    expect(lines.at(-1)).toMatch(/^decision: emergency \[saddle_anaesthesia\]/);
  });
});
