import { stemmer } from 'stemmer';
import { linkedBothWays, outletName, roundSalience, span, spanText, type DraftFinding, type FramingContext, type FramingRule } from '../context.ts';
import type { Token } from '../../text/tokenize.ts';

/** Forms of "to be" that open a passive. */
const BE = new Set(['was', 'were', 'is', 'are', 'been', 'being', 'be']);
/** Adverbs allowed between "to be" and the participle ("was reportedly killed"). */
const ADVERB = /ly$/;
/** Common irregular past participles (regular ones end in -ed). */
const IRREGULAR = new Set([
  'hit', 'shot', 'struck', 'taken', 'given', 'made', 'seen', 'sent', 'held', 'built', 'broken', 'driven', 'thrown', 'left', 'lost',
  'beaten', 'caught', 'found', 'brought', 'told', 'shown', 'done', 'put', 'set', 'cut', 'bought', 'sold', 'led', 'fed', 'fought',
  'stolen', 'torn', 'worn', 'hidden', 'forgotten', 'chosen', 'spoken', 'written', 'blown', 'drawn', 'overrun', 'overthrown', 'slain',
]);

/**
 * Passives that are idioms of plan or expectation, not actions whose doer is hidden: "is expected
 * to", "was scheduled to", "is supposed to" (the participle followed by "to").
 */
const MODAL_PARTICIPLES: ReadonlySet<string> = new Set(['expected', 'scheduled', 'supposed', 'set', 'slated', 'due', 'poised', 'required', 'allowed', 'permitted', 'forced', 'obliged', 'prepared', 'tipped', 'rumored', 'rumoured', 'believed', 'thought', 'said', 'reported', 'known', 'considered']);

/**
 * Participles that name a state, not an action someone did ("are legally married", "is based in",
 * "were involved"): no doer is hidden.
 */
const STATE_PARTICIPLES: ReadonlySet<string> = new Set(['married', 'divorced', 'engaged', 'located', 'based', 'born', 'dressed', 'involved', 'related', 'concerned', 'interested', 'pleased', 'surprised', 'worried', 'divided', 'united', 'qualified', 'entitled', 'aged', 'retired', 'registered', 'licensed', 'insured', 'employed', 'unemployed', 'armed', 'opposed', 'committed', 'determined', 'convinced', 'satisfied', 'disappointed', 'tired', 'scared', 'excited', 'confused', 'shocked']);

/** Salience of an agentless passive facing a counterpart that names the agent. */
const AGENCY_SALIENCE = 0.55;

interface Passive {
  /** Tokens [from, to) of "be + participle". */
  from: number;
  to: number;
  stem: string;
}

function isParticiple(t: Token): boolean {
  return t.kind === 'word' && (IRREGULAR.has(t.form) || (t.form.length > 4 && t.form.endsWith('ed')));
}

/** Agentless passives in tokens [from, to): "was killed", "were reportedly struck", with no "by" after. */
function passives(tokens: readonly Token[], from: number, to: number): Passive[] {
  const out: Passive[] = [];
  for (let t = from; t < to; t++) {
    if (!BE.has(tokens[t]!.form)) continue;
    let p = t + 1;
    if (p < to && ADVERB.test(tokens[p]!.form) && tokens[p]!.form.length > 3) p++;
    if (p >= to || !isParticiple(tokens[p]!)) continue;
    if (MODAL_PARTICIPLES.has(tokens[p]!.form) && tokens[p + 1]?.form === 'to') continue;
    if (STATE_PARTICIPLES.has(tokens[p]!.form)) continue;
    const byFollows = tokens.slice(p + 1, Math.min(to, p + 4)).some((x) => x.form === 'by');
    if (!byFollows) out.push({ from: t, to: p + 1, stem: stemmer(tokens[p]!.form) });
  }
  return out;
}

/**
 * True when tokens [from, to) use the verb with its agent: a past form of the same verb not
 * right after "to be" ("missiles killed"), or a passive followed by "by" ("killed by a drone").
 * Only verb-shaped forms count ("fines" is not "fined").
 */
function activeUse(tokens: readonly Token[], from: number, to: number, stem: string): boolean {
  for (let t = from; t < to; t++) {
    const tok = tokens[t]!;
    if (!isParticiple(tok) || stemmer(tok.form) !== stem) continue;
    const prev = tokens[t - 1];
    const prev2 = tokens[t - 2];
    const passive = (prev && BE.has(prev.form)) || (prev2 && BE.has(prev2.form) && prev && ADVERB.test(prev.form));
    const byAgent = tokens.slice(t + 1, Math.min(to, t + 4)).some((x) => x.form === 'by');
    if (!passive || byAgent) return true;
  }
  return false;
}

/**
 * `framing/agency`: an agentless passive ("civilians were killed") where a linked sentence in
 * another outlet says who did it ("Russian missiles killed civilians", "... killed by a drone").
 */
export const agencyRule: FramingRule = {
  id: 'framing/agency',
  run(ctx: FramingContext): DraftFinding[] {
    const out: DraftFinding[] = [];
    for (const [pi, ps, ai, as] of linkedBothWays(ctx)) {
      const p = ctx.articles[pi]!;
      const o = ctx.articles[ai]!;
      const [pf, pt] = p.sentenceTokens[ps]!;
      const [of, ot] = o.sentenceTokens[as]!;
      for (const pass of passives(p.tokens, pf, pt)) {
        if (!activeUse(o.tokens, of, ot, pass.stem)) continue;
        const start = p.tokens[pass.from]!.start;
        const end = p.tokens[pass.to - 1]!.end;
        const os = o.article.sentences[as]!;
        const actual = spanText(p, start, end);
        out.push({
          ruleId: 'framing/agency',
          severity: 'notice',
          salience: roundSalience(AGENCY_SALIENCE),
          reason: `${outletName(p)} writes "${actual}" without saying by whom, where ${outletName(o)} names who did it.`,
          spans: [span(p, start, end)],
          actual,
          counterpart: [spanText(o, os.start, os.end)],
          data: { counterpartSpans: [span(o, os.start, os.end)] },
        });
      }
    }
    return out;
  },
};
