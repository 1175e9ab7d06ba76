import type { Span } from '../types.ts';
import abbreviations from '../data/abbreviations.json' with { type: 'json' };

/** Words that end with a dot without ending a sentence (lower-cased, without the dot). */
const ABBREVIATIONS: ReadonlySet<string> = new Set(abbreviations.words);
/** Sentence starters after which a dotted acronym (`U.S.`) does end its sentence. */
const SENTENCE_STARTERS: ReadonlySet<string> = new Set(abbreviations.sentenceStarters);

/** Trims whitespace off both ends of `[start, end)` without moving outside it. */
export function trimSpan(text: string, start: number, end: number): Span {
  let s = start;
  let e = end;
  while (s < e && /\s/u.test(text.charAt(s))) s++;
  while (e > s && /\s/u.test(text.charAt(e - 1))) e--;
  return { start: s, end: e };
}

/**
 * Splits a body into paragraphs on line breaks (a blank line or a single line break both end a
 * paragraph). Returns trimmed spans of the non-blank lines.
 */
export function splitParagraphs(text: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 10) {
      const span = trimSpan(text, start, i);
      if (span.end > span.start) out.push(span);
      start = i + 1;
    }
  }
  return out;
}

/** Sentence-final punctuation: Latin, CJK full stops, Devanagari danda, Arabic question mark. */
const TERMINATOR_RE = /[.!?\u2026\u3002\uFF01\uFF1F\u0964\u061F]/u;
/** The same characters, for scanning ahead. */
const TERMINATOR_SCAN_RE = /[.!?\u2026\u3002\uFF01\uFF1F\u0964\u061F]/gu;
/** Terminators that end a sentence even with no space after them (CJK, Devanagari). */
const UNSPACED_TERMINATOR_RE = /[\u3002\uFF01\uFF1F\u0964]/u;
/** Closing quotes and brackets that belong to the sentence they follow. */
const CLOSER_RE = /["'\u2019\u201D\u00BB\u203A)\]\u300D\u300F]/u;

/**
 * Splits `text[start, end)` into sentence spans. A sentence ends at `.`, `!`, `?` or an ellipsis
 * (with any closing quotes or brackets) followed by space and a character that can start a
 * sentence, except after abbreviations (`Mr.`, `Gen.`), initials (`J.`) and dotted acronyms
 * (`U.S.`) that run on into a name. Decimals (`3.5`) never break: no space follows the dot.
 */
export function splitSentences(text: string, start: number, end: number): Span[] {
  const out: Span[] = [];
  let sentStart = start;
  let i = start;
  while (i < end) {
    // Jump to the next terminator (one regex scan instead of a test per character).
    TERMINATOR_SCAN_RE.lastIndex = i;
    const found = TERMINATOR_SCAN_RE.exec(text);
    if (!found || found.index >= end) break;
    i = found.index;
    const ch = text.charAt(i);
    // Take the whole run of terminators and closers: `?!`, `..."`, `.)`.
    let j = i + 1;
    while (j < end && (TERMINATOR_RE.test(text.charAt(j)) || CLOSER_RE.test(text.charAt(j)))) j++;
    if (j >= end) break;
    if (UNSPACED_TERMINATOR_RE.test(ch)) {
      pushSentence(text, out, sentStart, j);
      sentStart = j;
      i = j;
      continue;
    }
    if (!/\s/u.test(text.charAt(j))) {
      i = j;
      continue;
    }
    let k = j;
    while (k < end && /\s/u.test(text.charAt(k))) k++;
    if (k < end && endsSentence(text, sentStart, i, j, k)) {
      pushSentence(text, out, sentStart, j);
      sentStart = k;
    }
    i = k;
  }
  pushSentence(text, out, sentStart, end);
  return out;
}

function pushSentence(text: string, out: Span[], start: number, end: number): void {
  const span = trimSpan(text, start, end);
  if (span.end > span.start) out.push(span);
}

/**
 * Decides whether the terminator at `dot` (run ending at `runEnd`, next word at `next`) ends the
 * sentence that began at `sentStart`.
 */
function endsSentence(text: string, sentStart: number, dot: number, runEnd: number, next: number): boolean {
  const nextCh = text.charAt(next);
  // A lower-case continuation ("... and", "Gen. and") never starts a sentence.
  if (/\p{Ll}/u.test(nextCh)) return false;
  const terminator = text.charAt(dot);
  if (terminator !== '.' || text.startsWith('...', dot)) return true;
  if (runEnd - dot > 1) return true; // `."` or `.)`: a quote or bracket closed after the dot.
  // The word right before the dot.
  let w = dot;
  while (w > sentStart && /[\p{L}\p{M}\p{N}.'\u2019-]/u.test(text.charAt(w - 1))) w--;
  const word = text.slice(w, dot);
  if (word === '') return true;
  const bare = word.replace(/^['\u2019]/, '');
  if (/^\p{Lu}$/u.test(bare)) return false; // An initial: "J. R. Smith".
  if (ABBREVIATIONS.has(bare.toLowerCase())) return false;
  if (/^(?:\p{L}\.)+\p{L}$/u.test(bare)) {
    // U.S. / U.K. / a.m.: a sentence ends only when a typical sentence opener follows.
    const m = /^[\p{L}']+/u.exec(text.slice(next, next + 20));
    return m !== null && SENTENCE_STARTERS.has(m[0].toLowerCase());
  }
  // "No. 5": only before a digit.
  if (bare.toLowerCase() === 'no' && /\p{N}/u.test(nextCh)) return false;
  return true;
}
