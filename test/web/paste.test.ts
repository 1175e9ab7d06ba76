/** Pasted text: hard-wrapped paragraphs re-flowed, one-paragraph-per-line text left alone. */
import { describe, expect, it } from 'vitest';
import { reflowPasted } from '../../web/src/model/paste.ts';

const wrap = (text: string, width = 60): string => {
  const lines: string[] = [];
  let line = '';
  for (const w of text.split(' ')) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join('\n');
};

const paragraphs = [
  'The Security Council adopted a resolution on Monday after a week of talks in New York, with ten members in favour and five abstaining.',
  'France and the United Kingdom said the text did not name the aggressor, and their amendments to call the war a full-scale invasion were vetoed.',
  'Diplomats expect further negotiations on a ceasefire in the coming weeks, officials in Geneva added on Tuesday evening.',
];

describe('pasted text', () => {
  it('joins hard-wrapped lines into the paragraphs separated by blank lines', () => {
    const pasted = paragraphs.map((p) => wrap(p)).join('\n\n');
    const r = reflowPasted(pasted);
    expect(r.reflowed).toBe(true);
    expect(r.lines).toBeGreaterThan(6);
    expect(r.paragraphs).toBe(3);
    expect(r.text).toBe(paragraphs.join('\n\n'));
  });

  it('leaves text written one paragraph per line as it is', () => {
    const pasted = paragraphs.join('\n');
    expect(reflowPasted(pasted)).toEqual({ text: pasted, paragraphs: 3, lines: 3, reflowed: false });
    const spaced = paragraphs.join('\n\n');
    expect(reflowPasted(spaced).reflowed).toBe(false);
  });

  it('splits hard-wrapped text without blank lines at short lines that end a sentence', () => {
    const pasted = paragraphs.map((p) => wrap(p)).join('\n');
    const r = reflowPasted(pasted);
    expect(r.reflowed).toBe(true);
    expect(r.paragraphs).toBeLessThanOrEqual(3);
    expect(r.text.split('\n\n').join(' ')).toBe(paragraphs.join(' '));
  });
});
