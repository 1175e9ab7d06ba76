import type { PreparedArticle } from '../../input/article.ts';
import { connotationLexicon, connotations } from '../connotation.ts';
import { listNames, outletName, tokensIn, roundSalience, span, type DraftFinding, type FramingContext, type FramingRule } from '../context.ts';

/** Title words that open a name ("President Donald Trump") and describe the actor. */
const TITLES = new Set([
  'president', 'chancellor', 'ambassador', 'senator', 'sen', 'rep', 'representative', 'governor', 'gov', 'minister', 'secretary',
  'prime', 'general', 'gen', 'spokesman', 'spokeswoman', 'spokesperson', 'envoy', 'leader', 'mayor', 'judge', 'justice', 'chief',
  'commander', 'king', 'queen', 'prince', 'pope', 'mr', 'mrs', 'ms', 'dr', 'acting', 'former', 'deputy', 'vice',
]);
/**
 * Words that end a descriptor read backwards from a name: articles, conjunctions, prepositions,
 * pronouns and speech verbs. A description before a name is a noun phrase ("Kremlin spokesman");
 * past a preposition or a possessive pronoun the words are the sentence, not the description
 * ("Brat celebrated his stunning victory over House Majority Leader Eric Cantor").
 */
const STOP_BACK = new Set([
  'the', 'a', 'an', 'and', 'or', 'but', 'nor', 'that', 'which', 'who', 'whom', 'whose', 'while', 'when', 'after', 'before', 'because', 'if',
  'of', 'to', 'in', 'on', 'at', 'by', 'for', 'with', 'from', 'as', 'over', 'against', 'into', 'onto', 'about', 'under', 'between', 'through',
  'during', 'without', 'among', 'toward', 'towards', 'like', 'than', 'via', 'amid', 'despite', 'behind', 'beside', 'beyond', 'upon', 'until',
  'his', 'her', 'their', 'its', 'our', 'my', 'your', 'he', 'she', 'they', 'we', 'it', 'i', 'you', 'him', 'them', 'us',
  'said', 'told', 'says', 'say', 'asked', 'is', 'was', 'are', 'were', 'be', 'been', 'has', 'had', 'have',
]);
/** Longest descriptor, in words. */
const MAX_DESCRIPTOR_WORDS = 6;
/** Salience of a loaded description facing plain ones elsewhere. */
const LOADED_DESCRIPTOR_SALIENCE = 0.75;

interface Mention {
  /** Surname key (lower-case last name token). */
  key: string;
  name: string;
  descriptor: string;
  start: number;
  end: number;
}

/** People and bodies named with a description: "Kremlin spokesman Dmitry Peskov", "Peskov, the Kremlin's spokesman,". */
function describedMentions(a: PreparedArticle): Mention[] {
  const out: Mention[] = [];
  const text = a.article.text;
  a.sentenceTokens.forEach(([from, to]) => {
    let t = from;
    while (t < to) {
      // A name: two or more capitalised words joined by spaces only.
      if (!a.tokens[t]!.capitalized || a.tokens[t]!.kind !== 'word') {
        t++;
        continue;
      }
      let e = t + 1;
      while (e < to && a.tokens[e]!.capitalized && a.tokens[e]!.kind === 'word' && /^\s+$/.test(text.slice(a.tokens[e - 1]!.end, a.tokens[e]!.start))) e++;
      // Leading title words belong to the description.
      let n = t;
      while (n < e - 1 && TITLES.has(a.tokens[n]!.form.replace(/\.$/, ''))) n++;
      if (e - n >= 2) {
        const nameStart = a.tokens[n]!.start;
        const nameEnd = a.tokens[e - 1]!.end;
        // Description before the name: words back to a stop word or punctuation.
        let d = t;
        while (d > from && t - d < MAX_DESCRIPTOR_WORDS && !STOP_BACK.has(a.tokens[d - 1]!.form) && /^\s+$/.test(text.slice(a.tokens[d - 1]!.end, a.tokens[d]!.start))) d--;
        let descStart = a.tokens[d]!.start;
        let descEnd = nameStart;
        // Or an appositive after it: "Dmitry Peskov, the Kremlin's spokesman,".
        if (d === n) {
          const after = /^,\s+((?:the|a|an)\s+[^,.;"\u201C\u201D]{3,80}),/u.exec(text.slice(nameEnd, nameEnd + 100));
          if (after) {
            descStart = nameEnd + after[0].indexOf(after[1]!);
            descEnd = descStart + after[1]!.length;
          }
        }
        const raw = text.slice(descStart, descEnd);
        const descriptor = raw.trim();
        descStart += raw.length - raw.trimStart().length;
        descEnd = descStart + descriptor.length;
        if (descriptor && descriptor.split(/\s+/).length <= MAX_DESCRIPTOR_WORDS + 2) {
          out.push({
            key: a.tokens[e - 1]!.form.replace(/'s$/, ''),
            name: text.slice(nameStart, nameEnd).replace(/['\u2019]s$/, ''),
            descriptor,
            start: descStart,
            end: descEnd > descStart ? descEnd : nameStart,
          });
        }
      }
      t = e;
    }
  });
  return out;
}

/**
 * `framing/actor-label`: how each outlet describes the same person or body. An outlet whose
 * description of an actor carries loaded wording ("Putin's mouthpiece") where the others describe
 * the same actor plainly ("the Kremlin spokesman") is reported, with every outlet's wording.
 */
export const actorLabelRule: FramingRule = {
  id: 'framing/actor-label',
  run(ctx: FramingContext): DraftFinding[] {
    const lex = connotationLexicon(ctx.options);
    const mentions = ctx.articles.map((a) => describedMentions(a));
    const keys = [...new Set(mentions.flatMap((m) => m.map((x) => x.key)))].sort();
    const out: DraftFinding[] = [];
    for (const key of keys) {
      const per = mentions.map((m) => m.filter((x) => x.key === key));
      if (per.filter((m) => m.length > 0).length < 2) continue;
      per.forEach((ms, ai) => {
        const a = ctx.articles[ai]!;
        for (const m of ms) {
          const toks = tokensIn(a, m.start, m.end);
          const hits = connotations(lex, toks, 0, toks.length, ctx.options);
          if (hits.length === 0) continue;
          const plain = per
            .map((o, oi) => ({ oi, descs: o.filter((x) => x.descriptor.length > 0) }))
            .filter(({ oi, descs }) => oi !== ai && descs.length > 0);
          if (plain.length === 0) continue;
          const others = plain.map(({ oi, descs }) => `${outletName(ctx.articles[oi]!)} "${descs[0]!.descriptor}"`);
          out.push({
            ruleId: 'framing/actor-label',
            severity: 'warning',
            salience: roundSalience(LOADED_DESCRIPTOR_SALIENCE * Math.max(...hits.map((h) => h.weight))),
            reason: `${outletName(a)} describes ${m.name} as "${m.descriptor}"; ${listNames(others)}.`,
            spans: [span(a, m.start, m.end)],
            actual: m.descriptor,
            counterpart: plain.map(({ descs }) => descs[0]!.descriptor),
            data: {
              actor: m.name,
              descriptions: Object.fromEntries(per.map((o, oi) => [ctx.articles[oi]!.article.id, [...new Set(o.map((x) => x.descriptor))]])),
              counterpartSpans: plain.map(({ oi, descs }) => span(ctx.articles[oi]!, descs[0]!.start, descs[0]!.end)),
            },
          });
        }
      });
    }
    return out;
  },
};
