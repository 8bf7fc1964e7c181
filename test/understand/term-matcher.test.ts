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
});
