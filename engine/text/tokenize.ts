import { foldTypography } from './normalize.ts';

/** A word token with its half-open offsets in the text it was read from. */
export interface Token {
  start: number;
  end: number;
  /** Matching key: typography folded, lower-cased, possessive `'s` dropped; acronyms as `u.s.`. */
  key: string;
  /** Diff form: typography folded and lower-cased, nothing else (`russia's` stays `russia's`). */
  form: string;
  kind: 'word' | 'number' | 'acronym';
  /** First character is an upper-case or title-case letter. */
  capitalized: boolean;
}

/**
 * One regex finds tokens in spaced scripts; its alternatives, in order:
 * 1. dotted acronyms and initials: `U.S.`, `U.K.`, `J.` (a letter and a dot, repeated);
 * 2. numbers with thousands/decimal separators, signs and unit suffixes glued on: `1,200`, `3.5`, `10-0`, `93rd`;
 * 3. words of any script (letters with combining marks and digits), joined by inner apostrophes
 *    or hyphens: `Russia's`, `well-known`, `aujourd'hui`.
 */
const TOKEN_RE =
  /(?:\p{Lu}\.){2,}|\p{N}+(?:[.,:\u00A0\u202F]\p{N}+)*(?:\p{L}+)?(?:[-\u2010\u2011\u2013](?:\p{N}+(?:[.,]\p{N}+)*))*|[\p{L}\p{M}\p{N}]+(?:['\u2019\u02BC\-\u2010\u2011][\p{L}\p{M}\p{N}]+)*/gu;

/** Scripts written without spaces between words: re-segmented with `Intl.Segmenter`. */
const UNSPACED_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

let wordSegmenter: Intl.Segmenter | undefined;

function makeToken(text: string, start: number, end: number): Token {
  const raw = text.slice(start, end);
  const first = raw.charAt(0);
  const capitalized = first !== first.toLowerCase();
  const c0 = raw.charCodeAt(0);
  let kind: Token['kind'] = 'word';
  let form = foldTypography(raw).toLowerCase();
  let key = form;
  // Cheap checks first: ASCII digits, and acronyms only among capitalised tokens.
  if ((c0 >= 48 && c0 <= 57) || (c0 > 127 && /^\p{N}/u.test(raw))) {
    kind = 'number';
    // 1,200 and 1 200 and 1200 are the same figure; keep the decimal point.
    key = form.replace(/[,\u00A0\u202F ](?=\d{3}\b)/g, '');
  } else if (capitalized && (/^(?:\p{Lu}\.){2,}$/u.test(raw) || /^\p{Lu}{2,5}$/u.test(raw))) {
    // U.S. and US, U.N. and UN compare equal; dots kept so that `US` never meets the pronoun `us`.
    kind = 'acronym';
    key = raw.replace(/\./g, '').toLowerCase().split('').join('.') + '.';
    form = key;
  } else if (key.endsWith("'s")) {
    // Possessive 's is not a different word for matching: Russia's ~ Russia.
    key = key.slice(0, -2);
  }
  return { start, end, key, form, kind, capitalized };
}

/**
 * Splits `text[from, to)` into word tokens with offsets into `text`.
 * Unicode-aware: letters of any script; Chinese, Japanese, Thai and kin use the ICU word segmenter.
 */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const out: Token[] = [];
  const slice = text.slice(from, to);
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(slice); m !== null; m = TOKEN_RE.exec(slice)) {
    const start = from + m.index;
    const end = start + m[0].length;
    if (UNSPACED_RE.test(m[0])) {
      wordSegmenter ??= new Intl.Segmenter('und', { granularity: 'word' });
      for (const seg of wordSegmenter.segment(m[0])) {
        if (seg.isWordLike) out.push(makeToken(text, start + seg.index, start + seg.index + seg.segment.length));
      }
    } else {
      out.push(makeToken(text, start, end));
    }
  }
  return out;
}
