import { describe, expect, it } from 'vitest';
import { firstStartingFrom, lastStartingBy } from '../../engine/text/spans.ts';
import { foldTypography, normalizeText, splitParagraphs, splitSentences, tokenize } from '../../engine/index.ts';

/** Sentences of a text as strings, for compact assertions. */
function sentences(text: string): string[] {
  return splitSentences(text, 0, text.length).map((s) => text.slice(s.start, s.end));
}

function words(text: string): string[] {
  return tokenize(text).map((t) => text.slice(t.start, t.end));
}

describe('splitSentences', () => {
  it('does not break after titles, initials and dotted acronyms that run on into a name', () => {
    expect(sentences('Gen. David H. Petraeus met Mr. Smith in the U.S. Capitol. They spoke for an hour.')).toEqual([
      'Gen. David H. Petraeus met Mr. Smith in the U.S. Capitol.',
      'They spoke for an hour.',
    ]);
    expect(sentences('J. R. R. Tolkien wrote it. Dr. Who did not.')).toEqual(['J. R. R. Tolkien wrote it.', 'Dr. Who did not.']);
  });

  it('ends a sentence after a dotted acronym when a sentence opener follows', () => {
    expect(sentences('The envoy flew back to the U.K. The talks resumed on Friday.')).toEqual([
      'The envoy flew back to the U.K.',
      'The talks resumed on Friday.',
    ]);
  });

  it('keeps decimals and numbers with separators whole', () => {
    expect(sentences('Growth was 3.5 percent. Exports rose by 1,200 tonnes.')).toEqual(['Growth was 3.5 percent.', 'Exports rose by 1,200 tonnes.']);
  });

  it('keeps closing quotes with the sentence they close', () => {
    expect(sentences('“We will not back down.” The minister left. He said: "No comment." Then silence.')).toEqual([
      '“We will not back down.”',
      'The minister left.',
      'He said: "No comment."',
      'Then silence.',
    ]);
    // A quote ended by a comma belongs to the attribution that follows.
    expect(sentences('"It was a prank," Weiner said. Nobody laughed.')).toEqual(['"It was a prank," Weiner said.', 'Nobody laughed.']);
  });

  it('handles ellipses: a break before a capital, none before a lower-case word', () => {
    expect(sentences('He paused... Then he went on. It was… unusual.')).toEqual(['He paused...', 'Then he went on.', 'It was… unusual.']);
  });

  it('splits ! and ? and keeps them', () => {
    expect(sentences('Really? Yes! Fine.')).toEqual(['Really?', 'Yes!', 'Fine.']);
  });

  it('splits Chinese and Japanese on full stops without spaces, and works for other scripts', () => {
    expect(sentences('今日は晴れです。明日は雨です。')).toEqual(['今日は晴れです。', '明日は雨です。']);
    expect(sentences('Привет. Как дела? Хорошо.')).toEqual(['Привет.', 'Как дела?', 'Хорошо.']);
  });

  it('returns offsets relative to the whole text for a sub-range', () => {
    const text = 'Intro line.\nFirst one. Second one.';
    const from = text.indexOf('First');
    const spans = splitSentences(text, from, text.length);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['First one.', 'Second one.']);
    expect(spans[0]!.start).toBe(from);
  });
});

describe('splitParagraphs', () => {
  it('splits on blank lines and on single line breaks, trimming each paragraph', () => {
    const text = '  One.  \n\nTwo.\nThree.\n\n\n';
    expect(splitParagraphs(text).map((s) => text.slice(s.start, s.end))).toEqual(['One.', 'Two.', 'Three.']);
  });
});

describe('tokenize', () => {
  it('keeps hyphenated words, apostrophes, numbers with separators and dotted acronyms whole', () => {
    expect(words("Russia's well-known 1,200 troops don’t leave the U.S. in 2025; 10-0 vote, 3.5%")).toEqual([
      "Russia's",
      'well-known',
      '1,200',
      'troops',
      'don’t',
      'leave',
      'the',
      'U.S.',
      'in',
      '2025',
      '10-0',
      'vote',
      '3.5',
    ]);
  });

  it('gives the same key to typographic variants and to U.S./US', () => {
    const a = tokenize('Russia’s U.S. “war”');
    const b = tokenize("Russia's US \"war\"");
    expect(a.map((t) => t.key)).toEqual(b.map((t) => t.key));
    expect(tokenize('1,200')[0]!.key).toBe(tokenize('1200')[0]!.key);
  });

  it('handles letters of any script, combining marks and unspaced scripts', () => {
    expect(words('Zelensky — Зеленський, Ελλάδα, São Paulo, नमस्ते दुनिया')).toEqual(['Zelensky', 'Зеленський', 'Ελλάδα', 'São', 'Paulo', 'नमस्ते', 'दुनिया']);
    const ja = '東京で会議が開かれた';
    const toks = tokenize(ja);
    expect(toks.length).toBeGreaterThan(2);
    expect(toks.map((t) => ja.slice(t.start, t.end)).join('')).toBe(ja);
  });

  it('reports offsets that slice back to the token', () => {
    const text = 'A “quoted” phrase, then… 12 000 people';
    for (const t of tokenize(text)) expect(text.slice(t.start, t.end).length).toBe(t.end - t.start);
    expect(words(text)).toContain('quoted');
  });
});

describe('normalization', () => {
  it('normalizes to NFC and unifies line breaks', () => {
    const decomposed = 'Cafe\u0301\r\nnext';
    expect(normalizeText(decomposed)).toBe('Café\nnext');
  });

  it('folds quotes, dashes and no-break spaces', () => {
    expect(foldTypography('“It’s a deal” – 10\u00a0000')).toBe('"It\'s a deal" - 10 000');
  });
});

describe('spans: binary searches by start', () => {
  it('finds the last item starting at or before an offset, and the first starting at or after it', () => {
    const items = [{ start: 0 }, { start: 5 }, { start: 5 }, { start: 9 }];
    expect([-1, 0, 4, 5, 8, 9, 100].map((at) => lastStartingBy(items, at))).toEqual([-1, 0, 0, 2, 2, 3, 3]);
    expect([-1, 0, 1, 5, 6, 9, 10].map((at) => firstStartingFrom(items, at))).toEqual([0, 0, 1, 1, 3, 3, 4]);
    expect(lastStartingBy([], 3)).toBe(-1);
    expect(firstStartingFrom([], 3)).toBe(0);
  });
});
