import { describe, expect, it } from 'vitest';
import { FuzzyLexicon } from '../../src/understand/fuzzy-lexicon.js';
import { TermMatcher, type MatchInput } from '../../src/understand/red-flags/term-matcher.js';
import { parseTerm } from '../../src/understand/red-flags/term-syntax.js';
import { tokenize } from '../../src/understand/text-normalize.js';

/** What the matcher reads of `text`, with exact keys and no stray words allowed. */
function input(lexicon: FuzzyLexicon, text: string): MatchInput {
  const { words, boundaries } = tokenize(text);
  return {
    words,
    boundaries,
    keys: words.map((w) => lexicon.keysOf(w, false)),
    skippable: () => false,
    filler: () => false,
    conceptEnds: () => [],
  };
}

describe('TermMatcher', () => {
  it('finds terms before and after it is sealed, and terms added after the seal', () => {
    const lexicon = new FuzzyLexicon([]);
    const matcher = new TermMatcher<string>(lexicon);
    matcher.add(parseTerm('numb leg|legs', []), 'numb');
    matcher.add(parseTerm('tingl* <num>', []), 'tingle');
    lexicon.seal();
    const found = (text: string) =>
      matcher.find(input(lexicon, text)).map((m) => [matcher.tagOf(m.term), matcher.specOf(m.term).source, m.start]);
    expect(found('my numb legs, tingling 3')).toEqual([
      ['numb', 'numb leg|legs', 1],
      ['tingle', 'tingl* <num>', 3],
    ]);
    matcher.seal();
    expect(found('my numb legs, tingling 3')).toEqual([
      ['numb', 'numb leg|legs', 1],
      ['tingle', 'tingl* <num>', 3],
    ]);
    matcher.add(parseTerm('numb$', []), 'bare');
    expect(found('numb legs. numb')).toEqual([
      ['numb', 'numb leg|legs', 0],
      ['bare', 'numb$', 2],
    ]);
  });

  it('finds terms that share their first word by their second, also past one stray word', () => {
    const lexicon = new FuzzyLexicon([]);
    const matcher = new TermMatcher<string>(lexicon);
    matcher.add(parseTerm('lost feeling', []), 'nofeel');
    matcher.add(parseTerm('lost control', []), 'control');
    matcher.add(parseTerm('lost', []), 'lose');
    lexicon.seal();
    const stray = (text: string): MatchInput => ({ ...input(lexicon, text), skippable: (k) => k === 1 });
    const tags = (text: string, skip = false) =>
      matcher
        .find(skip ? stray(text) : input(lexicon, text))
        .map((m) => [matcher.tagOf(m.term), m.start, m.end])
        .sort();
    expect(tags('lost feeling')).toEqual([
      ['lose', 0, 0],
      ['nofeel', 0, 1],
    ]);
    expect(tags('lost all feeling', true)).toEqual([
      ['lose', 0, 0],
      ['nofeel', 0, 2],
    ]);
    expect(tags('lost all feeling')).toEqual([['lose', 0, 0]]);
  });

  it('tries only the terms of the tags asked for', () => {
    const lexicon = new FuzzyLexicon([]);
    const matcher = new TermMatcher<string>(lexicon);
    matcher.add(parseTerm('lost feeling', []), 'nofeel');
    matcher.add(parseTerm('lost control', []), 'control');
    lexicon.seal();
    const only = new Set(['control']);
    const tags = (text: string) =>
      matcher.find(input(lexicon, text), 0, undefined, only).map((m) => matcher.tagOf(m.term));
    expect(tags('lost feeling, lost control')).toEqual(['control']);
    expect(matcher.find(input(lexicon, 'lost feeling')).map((m) => matcher.tagOf(m.term))).toEqual(['nofeel']);
  });
});
