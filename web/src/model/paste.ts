/**
 * Pasted article text: hard-wrapped text (every line of a paragraph ended by a newline, as mail
 * and some sites copy) re-flowed into paragraphs, and the paragraph count the comparison will see.
 */

/** A line end that closes a sentence (a paragraph may end there). */
const SENTENCE_END = /[.!?:…"”’)\]]\s*$/u;
/** Share of a block's inner line ends that must fall mid-sentence for the block to be hard-wrapped. */
const MID_SENTENCE_SHARE = 0.6;

/** The pasted text as the comparison will read it, and whether lines were joined. */
export interface Pasted {
  text: string;
  /** Paragraphs: one per non-blank line of `text`, as the engine splits them. */
  paragraphs: number;
  /** Non-blank lines as pasted. */
  lines: number;
  reflowed: boolean;
}

/**
 * Re-flows hard-wrapped text: within each block (lines between blank lines), lines that end mid-
 * sentence are joined to the next. A block counts as hard-wrapped when most of its inner line
 * ends fall mid-sentence; text written one paragraph per line is left alone.
 */
export function reflowPasted(raw: string): Pasted {
  const text = raw.replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  const nonBlank = lines.filter((l) => l.trim() !== '').length;
  const blocks: string[][] = [];
  let current: string[] = [];
  for (const l of lines) {
    if (l.trim() === '') {
      if (current.length) blocks.push(current);
      current = [];
    } else {
      current.push(l.trim());
    }
  }
  if (current.length) blocks.push(current);
  let inner = 0;
  let mid = 0;
  for (const b of blocks) {
    for (let i = 0; i + 1 < b.length; i++) {
      inner++;
      if (!SENTENCE_END.test(b[i]!)) mid++;
    }
  }
  const wrapped = inner > 0 && mid / inner >= MID_SENTENCE_SHARE;
  if (!wrapped) return { text: raw, paragraphs: nonBlank, lines: nonBlank, reflowed: false };
  const paragraphs: string[] = [];
  for (const b of blocks) {
    // A block of hard-wrapped lines is one paragraph, unless a line ends a sentence and the text
    // had no blank lines at all (then sentence ends are the only paragraph breaks there are).
    if (blocks.length > 1) {
      paragraphs.push(b.join(' '));
      continue;
    }
    let para: string[] = [];
    for (const l of b) {
      para.push(l);
      if (SENTENCE_END.test(l) && l.length < 0.75 * Math.max(...b.map((x) => x.length))) {
        paragraphs.push(para.join(' '));
        para = [];
      }
    }
    if (para.length) paragraphs.push(para.join(' '));
  }
  return { text: paragraphs.join('\n\n'), paragraphs: paragraphs.length, lines: nonBlank, reflowed: true };
}
