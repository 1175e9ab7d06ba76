import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../engine/framing/index.ts';
import { compare, type ArticleInput, type Comparison, type PartialOptions } from '../../engine/index.ts';
import { readEventFolder } from '../../server/ingest/files.ts';

const SEEDS = new URL('../../seeds/', import.meta.url).pathname;

/** Compact form of a comparison's findings: `article:start-end ruleId "text"`, one per span. */
function compact(c: Comparison, rule?: string): string[] {
  const byId = new Map(c.articles.map((a) => [a.id, a]));
  return c.findings
    .filter((f) => !rule || f.ruleId === rule)
    .flatMap((f) => f.spans.map((s) => `${s.article}:${s.start}-${s.end} ${f.ruleId} "${byId.get(s.article)!.text.slice(s.start, s.end)}"`));
}

/** Two or more outlets reporting the same three facts, with the given middle sentence each. */
function event(sentences: string[], options?: PartialOptions): Comparison {
  const articles: ArticleInput[] = sentences.map((s, i) => ({
    id: ['wire', 'daily', 'post', 'times'][i]!,
    outlet: ['wire', 'daily', 'post', 'times'][i]!,
    paragraphs: [
      'The Security Council adopted resolution 2774 on Monday after a week of talks in New York.',
      s,
      'Diplomats expect further negotiations on a ceasefire in the coming weeks, officials in Geneva added.',
    ],
  }));
  return compare({ articles, ...(options ? { options } : {}) });
}

describe('framing/loaded', () => {
  it('leaves a listed word alone in its plain sense (an explosion, a system of rules, an established name)', () => {
    const loaded = (sentence: string) =>
      event([sentence, 'The council spoke about the events of the week in the city on Monday.'], { framing: { minSalience: 0 } }).findings.filter((f) => f.ruleId === 'framing/loaded').map((f) => f.actual);
    expect(loaded('A car bomb blast killed three people near the market on Monday.')).toEqual([]);
    expect(loaded('The sanctions regime was tightened by the council on Monday.')).toEqual([]);
    expect(loaded('Couples will pay the so-called marriage penalty under the rules.')).toEqual([]);
    expect(loaded('Critics blasted the plan on Monday as a waste of money.')).toEqual(['blasted']);
  });

  it('makes one finding of a word an outlet repeats with nothing to contrast it with', () => {
    const c = compare({
      articles: [
        { id: 'wire', outlet: 'wire', paragraphs: ['Farmers complained about the new water rules on Monday.', 'The sheriff complained that arrests had strained his budget.', 'Officials met in the capital.'] },
        { id: 'daily', outlet: 'daily', paragraphs: ['The council spoke about the events of the week in the city on Monday.', 'Officials met in the capital.'] },
      ],
      options: { framing: { minSalience: 0 } },
    });
    const f = c.findings.filter((x) => x.ruleId === 'framing/loaded' && x.actual === 'complained');
    expect(f).toHaveLength(1);
    expect(f[0]!.spans).toHaveLength(2);
    expect(f[0]!.reason).toBe('wire uses a characterising attribution verb: "complained" (2 times).');
  });

  it('leaves legal terms of art alone: a plea in court, a passport surrendered', () => {
    const loaded = (sentence: string) =>
      event([sentence, 'The council spoke about the events of the week in the city on Monday.'], { framing: { minSalience: 0 } }).findings.filter((f) => f.ruleId === 'framing/loaded').map((f) => f.actual);
    expect(loaded('He pleaded guilty to one count of fraud before the judge on Monday.')).toEqual([]);
    expect(loaded('He will be free to go after he surrenders his passport to the court.')).toEqual([]);
    expect(loaded('He pleaded with the council to reconsider the plan on Monday.')).toEqual(['pleaded']);
    expect(loaded('The party would surrender to the opposition on every budget vote.')).toEqual(['surrender']);
  });

  it('flags loaded wording where another outlet reports the same sentence plainly', () => {
    const c = event([
      'Senator Ruth Alden criticised the agreement in a speech to the chamber on Tuesday evening.',
      'Senator Ruth Alden slammed the agreement in a speech to the chamber on Tuesday evening.',
    ]);
    expect(compact(c, 'framing/loaded')).toEqual(['daily:110-117 framing/loaded "slammed"']);
    const f = c.findings.find((x) => x.ruleId === 'framing/loaded')!;
    expect(f.reason).toMatch(/daily uses dramatising wording, "slammed", where wire reports the same passage without it/);
    expect(f.counterpart).toEqual(['Senator Ruth Alden criticised the agreement in a speech to the chamber on Tuesday evening.']);
    expect(f.data?.['counterpartSpans']).toEqual([{ article: 'wire', start: 91, end: 181 }]);
  });

  it('does not flag a term every outlet uses, nor loaded words inside a quotation', () => {
    const shared = event([
      'Senator Ruth Alden slammed the agreement in a speech to the chamber on Tuesday evening.',
      'Senator Ruth Alden slammed the agreement in a speech to the chamber on Tuesday evening, aides said.',
    ]);
    expect(compact(shared, 'framing/loaded')).toEqual([]);
    const quoted = event([
      'Senator Ruth Alden called the agreement "a disgraceful surrender to a brutal regime" on Tuesday evening.',
      'Senator Ruth Alden criticised the agreement in a speech to the chamber on Tuesday evening.',
    ]);
    expect(compact(quoted, 'framing/loaded')).toEqual([]);
  });

  it('flags scare quotes around a short phrase, not quoted names or whole quotations', () => {
    const c = event([
      'The minister called the plan a "reform" of the pension system during the debate on Tuesday.',
      'The minister called the plan a reform of the pension system during the debate on Tuesday.',
    ]);
    expect(compact(c, 'framing/loaded')).toEqual(['wire:123-129 framing/loaded "reform"']);
    const names = event([
      'The minister told "Meet the Press" that the pension plan would pass during the debate on Tuesday.',
      'The minister told a television show that the pension plan would pass during the debate on Tuesday.',
    ]);
    expect(compact(names, 'framing/loaded')).toEqual([]);
    // Terms mentioned as words ("groups with the name "tea party" or "patriot"") are no distance.
    const mentioned = event([
      'The office reviewed groups with the name "tea party" or "patriot" in their filings on Tuesday.',
      'The office reviewed groups with the name tea party or patriot in their filings on Tuesday.',
    ]);
    expect(compact(mentioned, 'framing/loaded')).toEqual([]);
  });

  it('uses a newsroom word list, and never flags neutral terms', () => {
    const sentences = [
      'The council approved the measure after a long debate about funding for the border scheme.',
      'The council approved the measure after a long debate about funding for the border programme.',
    ];
    // A loaded word facing a plain one is reported as a contrast (the more specific rule).
    expect(compact(event(sentences))).toEqual(['wire:173-179 wording/substitution "scheme"']);
    expect(compact(event(sentences, { framing: { neutralTerms: ['scheme'] } }))).toEqual([]);
    const custom = event(sentences, { framing: { loadedTerms: ['programme'], neutralTerms: ['scheme'] } });
    expect(compact(custom)).toEqual(['daily:173-182 wording/substitution "programme"']);
    const alone = compare({
      articles: [
        { id: 'a', outlet: 'a', paragraphs: ['The council approved the measure on Monday.', 'Funding for the programme was doubled.'] },
        { id: 'b', outlet: 'b', paragraphs: ['On Monday the council approved the measure.'] },
      ],
      options: { framing: { loadedTerms: ['programme'] } },
    });
    expect(compact(alone)).toEqual(['a:61-70 framing/loaded "programme"']);
    expect(alone.findings[0]!.reason).toBe('a uses a term on your list: "programme".');
  });
});

describe('framing/certainty', () => {
  it('reports a statement made certain where a counterpart hedges it', () => {
    const c = event([
      'The president said the fighting could end within weeks if both sides agree to the plan.',
      'The president said the fighting will end within weeks if both sides agree to the plan.',
    ]);
    const f = c.findings.find((x) => x.data?.['category'] === 'certainty')!;
    expect(compact(c).filter((x) => x.includes('"will"'))).toEqual(['daily:123-127 framing/certainty "will"']);
    expect(f.reason).toBe('daily renders the statement as certain ("will") where wire renders it as possible ("could"): one of them changes what was said.');
    // Inside direct quotations the modals are the speaker's words: no certainty finding.
    const quoted = event([
      'The president said: "The fighting could end within weeks if both sides agree to the plan."',
      'The president said: "The fighting will end within weeks if both sides agree to the plan."',
    ]);
    expect(quoted.findings.filter((x) => x.data?.['category'] === 'certainty')).toEqual([]);
  });

  it('says nothing when both hedge or both are certain', () => {
    const c = event([
      'The president said the fighting could end within weeks if both sides agree to the plan.',
      'The president said the fighting might end within weeks if both sides agree to the plan.',
    ]);
    expect(c.findings.filter((x) => x.data?.['category'] === 'certainty')).toEqual([]);
  });
});

describe('framing/attribution', () => {
  it('contrasts attribution verbs of different connotation in linked sentences', () => {
    const c = event([
      'The ambassador said the resolution was a first step toward a lasting peace in the region.',
      'The ambassador claimed the resolution was a first step toward a lasting peace in the region.',
    ]);
    expect(compact(c, 'framing/attribution')).toEqual(['daily:106-113 framing/attribution "claimed"']);
    const f = c.findings.find((x) => x.ruleId === 'framing/attribution')!;
    expect(f.reason).toBe('daily attributes the statement with "claimed" (doubting) where wire writes "said" (neutral).');
    expect(f.counterpart).toEqual(['said']);
  });

  it('finds nothing when both use the same kind of verb', () => {
    const c = event([
      'The ambassador said the resolution was a first step toward a lasting peace in the region.',
      'The ambassador told reporters the resolution was a first step toward a lasting peace in the region.',
    ]);
    expect(compact(c, 'framing/attribution')).toEqual([]);
  });
});

describe('facts/number-mismatch', () => {
  it('reports figures that disagree in the same slot, with spans in both articles', () => {
    const c = event([
      'The Assembly text passed with 93 votes in favour, 18 against and 65 abstentions after the debate.',
      'The Assembly text passed with 93 votes in favour, 17 against and 65 abstentions after the debate.',
    ]);
    expect(compact(c, 'facts/number-mismatch')).toEqual(['wire:141-143 facts/number-mismatch "18"', 'daily:141-143 facts/number-mismatch "17"']);
    expect(c.findings[0]!.ruleId).toBe('facts/number-mismatch');
    expect(c.findings[0]!.severity).toBe('warning');
    // Nearly identical paragraphs: the pairing is sure, the finding keeps its rule's confidence.
    expect(c.findings[0]!.confidence).toBe(0.8);
    expect(c.findings[0]!.evidence.map((e) => e.role)).toEqual(['flagged', 'flagged']);
  });

  it('names and dates are no figures', () => {
    const c = event([
      'The Assembly met on June 14 and passed the text under Article 27 of the charter after the debate.',
      'The Assembly met on June 15 and passed the text under Article 28 of the charter after the debate.',
    ]);
    expect(compact(c, 'facts/number-mismatch')).toEqual([]);
  });

  it('lets approximate figures agree within rounding', () => {
    const c = event([
      'The ship hit the bridge at about 1:28 a.m. on Tuesday, port officials in the city said.',
      'The ship hit the bridge at around 1:30 a.m. on Tuesday, port officials in the city said.',
    ]);
    expect(compact(c, 'facts/number-mismatch')).toEqual([]);
  });

  it('treats the same figure written differently as agreement', () => {
    const c = event([
      'The Assembly text passed with 93 votes in favour and five abstentions after a long debate.',
      'The Assembly text passed with 93 votes in favour and 5 abstentions after a long debate.',
    ]);
    expect(compact(c, 'facts/number-mismatch')).toEqual([]);
  });
});

describe('wording/substitution', () => {
  it('reports rewording that changes connotation, flagging the loaded side', () => {
    const c = event([
      'Officials from the government in Caracas rejected the proposal during the session on Tuesday.',
      'Officials from the regime in Caracas rejected the proposal during the session on Tuesday.',
    ]);
    expect(compact(c, 'wording/substitution')).toEqual(['daily:110-116 wording/substitution "regime"']);
    expect(c.findings.find((f) => f.ruleId === 'wording/substitution')!.reason).toBe(
      'In the same passage daily writes "regime" where wire writes the plainer "government".',
    );
  });

  it('leaves neutral rewording to the diffs', () => {
    const c = event([
      'Officials from the ministry in Caracas rejected the proposal during the session on Tuesday.',
      'Officials from the department in Caracas rejected the proposal during the session on Tuesday.',
    ]);
    expect(compact(c, 'wording/substitution')).toEqual([]);
  });
});

describe('framing/actor-label', () => {
  it('reports a loaded description of an actor others describe plainly, once', () => {
    const c = compare({
      articles: [
        { id: 'wire', outlet: 'wire', paragraphs: ['Kremlin spokesman Dmitry Peskov welcomed the vote on Tuesday.', 'Talks continue in Geneva.'] },
        { id: 'post', outlet: 'post', paragraphs: ['Putin’s mouthpiece Dmitry Peskov welcomed the vote on Tuesday.', 'Talks continue in Geneva.'] },
        { id: 'daily', outlet: 'daily', paragraphs: ['Dmitry Peskov, the Kremlin spokesman, welcomed the vote on Tuesday.', 'Talks continue in Geneva.'] },
      ],
    });
    // The loaded word, the rewording and the description are one finding: the most specific.
    expect(compact(c)).toEqual(['post:0-18 framing/actor-label "Putin’s mouthpiece"']);
    const f = c.findings[0]!;
    expect(f.reason).toBe('post describes Dmitry Peskov as "Putin’s mouthpiece"; wire "Kremlin spokesman" and daily "the Kremlin spokesman".');
    expect(f.salience).toBe(0.9);
    expect(f.data?.['descriptions']).toEqual({ wire: ['Kremlin spokesman'], post: ['Putin’s mouthpiece'], daily: ['the Kremlin spokesman'] });
  });
});

describe('framing/label', () => {
  it('reports an outlet that avoids the name most outlets use for the same thing', () => {
    const para = (label: string) => [`The ${label} entered its fourth year on Monday as the council met in New York.`, 'Diplomats expect more talks in Geneva.'];
    const c = compare({
      articles: [
        { id: 'wire', outlet: 'wire', paragraphs: para('war') },
        { id: 'daily', outlet: 'daily', paragraphs: para('war') },
        { id: 'state', outlet: 'state', paragraphs: para('special military operation') },
      ],
    });
    expect(compact(c, 'framing/label')).toEqual(['state:4-30 framing/label "special military operation"']);
    expect(c.findings.find((f) => f.ruleId === 'framing/label')!.reason).toBe(
      'state never writes "war" (armed conflict), which wire and daily use; it writes "special military operation".',
    );
  });

  it('says nothing when every outlet uses the common name, or with two outlets', () => {
    const para = (label: string) => [`The ${label} entered its fourth year on Monday, and the war goes on.`];
    const c = compare({ articles: [{ id: 'a', outlet: 'a', paragraphs: para('war') }, { id: 'b', outlet: 'b', paragraphs: para('conflict') }, { id: 'c', outlet: 'c', paragraphs: para('war') }] });
    expect(compact(c, 'framing/label')).toEqual([]);
    const two = compare({ articles: [{ id: 'a', outlet: 'a', paragraphs: ['The war went on.'] }, { id: 'b', outlet: 'b', paragraphs: ['The crisis went on.'] }] });
    expect(compact(two, 'framing/label')).toEqual([]);
  });
});

describe('coverage/omission', () => {
  it('reports content most outlets carry and some leave out', () => {
    const base = (extra: string[]) => [
      'The Security Council adopted resolution 2774 on Monday after a week of talks in New York.',
      ...extra,
      'Diplomats expect further negotiations on a ceasefire in the coming weeks, officials in Geneva added.',
    ];
    const vote = 'France, Britain, Denmark, Greece and Slovenia abstained in the vote on the American draft.';
    const c = compare({
      articles: [
        { id: 'wire', outlet: 'wire', paragraphs: base([vote]) },
        { id: 'daily', outlet: 'daily', paragraphs: base(['France, Britain, Denmark, Greece and Slovenia abstained when the American draft came to a vote.']) },
        { id: 'post', outlet: 'post', paragraphs: base(['Oil prices fell sharply in Asian trading as markets reacted to the news.']) },
      ],
    });
    const omissions = c.findings.filter((f) => f.ruleId === 'coverage/omission');
    expect(omissions).toHaveLength(1);
    expect(omissions[0]!.data).toMatchObject({ carriedBy: ['wire', 'daily'], missing: ['post'] });
    expect(omissions[0]!.reason).toMatch(/^2 of 3 outlets report "France, Britain.*"; post leaves it out\.$/);
    expect(c.summary.outlets.find((o) => o.article === 'post')!.omissions).toBe(1);
  });
});

describe('facts/quote-variant', () => {
  it('reports a quote rendered differently, and one given to another speaker', () => {
    const c = event([
      'Peskov said Washington had taken "a much more balanced, calm and realistic position on the war" this month.',
      'Peskov said Washington had taken "a much more balanced position on the war" this month.',
      'Nebenzia said Washington had taken "a much more balanced, calm and realistic position on the war" this month.',
    ]);
    const variants = c.findings.filter((f) => f.ruleId === 'facts/quote-variant');
    expect(variants.map((f) => f.data?.['kind']).sort()).toEqual(['otherSpeaker', 'otherSpeaker', 'trimmed']);
    const other = variants.find((f) => f.data?.['kind'] === 'otherSpeaker' && f.spans[0]!.article === 'wire')!;
    expect(other.reason).toBe('The same words are attributed to Peskov by wire and to Nebenzia by post: "a much more balanced, calm and realistic position on the war".');
    expect(other.spans.map((x) => x.article)).toEqual(['wire', 'post']);
  });

  it('ignores a fragment of a longer quote, a quote cut at its ends, an interrupted quote and an abbreviated title', () => {
    const c = event([
      'Peskov said: "We see a much more balanced position on the war from Washington this month."',
      'Nebenzia praised what he called "a much more balanced position" this month.',
      'Peskov said: "Senator Reid sees a much more balanced position on the war from Washington this month."',
    ]);
    expect(c.findings.filter((f) => f.ruleId === 'facts/quote-variant' && f.data?.['kind'] === 'otherSpeaker')).toEqual([]);
    const d = event(['Peskov said: "Sen. Reid respects that but thinks it should be built elsewhere."', 'Peskov said: "Senator Reid respects that but thinks it should be built elsewhere."']);
    expect(d.findings.filter((f) => f.ruleId === 'facts/quote-variant')).toEqual([]);
    const e = event([
      '"We trust the council," Peskov said, "but the council must now act on the ceasefire plan."',
      '"We trust the council, but the council must now act on the ceasefire plan," Peskov said.',
    ]);
    expect(e.findings.filter((f) => f.ruleId === 'facts/quote-variant')).toEqual([]);
  });

  it('names the words that differ, and its evidence is those words on each side', () => {
    const c = event([
      'Peskov said: "Every day that passes, Iran gets closer and closer to a nuclear bomb, and the council waits."',
      'Peskov said: "Every day that passes, Iran gets closer and closer to nuclear arms, and the council waits."',
    ]);
    const [f, ...rest] = c.findings.filter((x) => x.ruleId === 'facts/quote-variant');
    expect(rest).toEqual([]);
    expect(f!.reason).toBe('wire and daily quote Peskov differently: wire has "bomb" where daily has "arms", in "Every day that passes, Iran gets closer and closer to a nuclear bomb, and the council waits.".');
    const text = (id: string, e: { start: number; end: number }) => c.articles.find((a) => a.id === id)!.text.slice(e.start, e.end);
    expect(f!.evidence.map((e) => [e.role, text(e.article, e)])).toEqual([
      ['flagged', 'bomb'],
      ['counterpart', 'arms'],
    ]);
  });

  it('leaves transcription style alone: punctuation, contractions, inflections, brackets and marked elisions', () => {
    const base = 'Peskov said: "He is determined to keep the pews full, and the council will act on the ceasefire plan soon."';
    for (const other of [
      'Peskov said: "He\'s determined to keep the pews full; and the council will act on the ceasefire plan soon!"',
      'Peskov said: "He is determined to keep the pew full, and the council will act on the ceasefire plan soon."',
      'Peskov said: "He [the minister] is determined to keep the pews full, and the council will act on the ceasefire plan soon."',
      'Peskov said: "He is determined to keep the pews full ... the ceasefire plan soon."',
    ]) {
      expect(event([base, other]).findings.filter((f) => f.ruleId === 'facts/quote-variant').map((f) => f.reason)).toEqual([]);
    }
    // The same cut, unmarked, is a trimmed quote.
    const cut = event([base, 'Peskov said: "He is determined to keep the pews full, the ceasefire plan soon."']).findings.filter((f) => f.ruleId === 'facts/quote-variant');
    expect(cut.map((f) => f.data?.['kind'])).toEqual(['trimmed']);
    expect(cut[0]!.reason).toMatch(/^daily quotes Peskov without "and the council will act on", which wire has inside the quote/);
    const both = event([base, 'Peskov said: "He is determined to keep the pews full, the ceasefire plan soon."']);
    const text = (id: string, e: { start: number; end: number }) => both.articles.find((a) => a.id === id)!.text.slice(e.start, e.end);
    expect(cut[0]!.evidence.map((e) => [e.role, e.article])).toEqual([
      ['flagged', 'daily'],
      ['counterpart', 'wire'],
    ]);
    expect(text('wire', cut[0]!.evidence[1]!)).toBe('and the council will act on');
  });

  it('takes a short form of a given name for the same person ("Tim" and "Timothy")', () => {
    const c = event([
      'Timothy Murray, the lieutenant governor, said "the council must now act on the ceasefire plan" on Monday.',
      'Tim Murray, the lieutenant governor, said "the council must now act on the ceasefire plan" on Monday.',
    ]);
    expect(c.findings.filter((f) => f.ruleId === 'facts/quote-variant')).toEqual([]);
    expect(new Set(c.quotes.map((q) => q.speaker))).toEqual(new Set(['Timothy Murray']));
  });

  it('ignores quotes that merely share a few words', () => {
    const c = event([
      'Peskov said the plan was "a step toward peace in Europe" on Tuesday.',
      'Peskov said the plan was "a threat to peace and security" on Tuesday.',
    ]);
    expect(c.findings.filter((f) => f.ruleId === 'facts/quote-variant')).toEqual([]);
  });
});

describe('coverage/voices and framing/prominence', () => {
  const lead = 'Dmitry Peskov, the Kremlin spokesman, said Moscow welcomed the vote on Monday.';
  const filler = (k: number) => Array.from({ length: k }, (_, i) => `Background paragraph ${i + 1} on the history of sanctions and energy markets in region ${i + 1}.`);
  const c = compare({
    articles: [
      { id: 'wire', outlet: 'wire', paragraphs: [lead, ...filler(4)] },
      { id: 'daily', outlet: 'daily', paragraphs: ['The council met in New York.', ...filler(3), 'Dmitry Peskov, the Kremlin spokesman, said Moscow welcomed the vote.'] },
      { id: 'post', outlet: 'post', paragraphs: ['The council met in New York on Monday.', ...filler(2)] },
    ],
    // One lead against one buried mention is weak evidence (salience 0.35): shown on request.
    options: { framing: { minSalience: 0.3 } },
  });

  it('reports a voice most outlets quote and some do not', () => {
    const f = c.findings.find((x) => x.ruleId === 'coverage/voices')!;
    expect(f.reason).toBe('2 of 3 outlets quote Dmitry Peskov; post does not.');
    expect(c.summary.outlets.find((o) => o.article === 'wire')!.voices[0]).toMatchObject({ speaker: 'Dmitry Peskov', quotes: 1, firstParagraph: 0 });
  });

  it('reports content in one lead and deep in another story', () => {
    const f = c.findings.find((x) => x.ruleId === 'framing/prominence')!;
    expect(f.reason).toMatch(/^wire puts "Dmitry Peskov, the Kremlin spokesman, said Moscow welcomed the vote on Monday\." in the lead; daily \(paragraph 5 of 5\) keeps it deep in the story\.$/);
    expect(f.spans).toEqual([{ article: 'daily', start: expect.any(Number), end: expect.any(Number) }]);
    expect(f.salience).toBe(0.35);
    expect(compare({ articles: c.articles.map((a) => ({ id: a.id, text: a.text })) }).findings.some((x) => x.ruleId === 'framing/prominence')).toBe(false);
  });
});

describe('framing/agency', () => {
  it('reports an agentless passive where a counterpart names the agent', () => {
    const c = event([
      'Russian missiles struck the power station near Kharkiv overnight, officials in the region said.',
      'The power station near Kharkiv was struck overnight, officials in the region said.',
    ]);
    expect(compact(c, 'framing/agency')).toEqual(['daily:122-132 framing/agency "was struck"']);
    expect(c.findings.find((f) => f.ruleId === 'framing/agency')!.reason).toBe('daily writes "was struck" without saying by whom, where wire names who did it.');
  });

  it('takes "is expected to" and "are legally married" for no hidden doer', () => {
    const c = event([
      'The minister is expected to sign the accord, and the couples who are legally married will file jointly, officials said.',
      'Parliament expected the minister to sign the accord, and the state married the couples who will file jointly, officials said.',
    ]);
    expect(compact(c, 'framing/agency')).toEqual([]);
  });

  it('says nothing when the passive names its agent, or the counterpart does not', () => {
    const c = event([
      'The power station near Kharkiv was struck by Russian missiles overnight, officials in the region said.',
      'The power station near Kharkiv was struck overnight, officials in the region said.',
      'The power station near Kharkiv was damaged overnight, officials in the region said.',
    ]);
    expect(compact(c, 'framing/agency')).toEqual(['daily:122-132 framing/agency "was struck"']);
  });
});

describe('framing/headline', () => {
  const body = ['The senator criticised the trade deal in a speech on Tuesday.'];
  it('reports loaded headline wording the other headlines avoid, with spans into the title', () => {
    const c = compare({
      articles: [
        { id: 'a', outlet: 'a', title: 'Senator slammed the trade deal', paragraphs: body },
        { id: 'b', outlet: 'b', title: 'Senator criticises the trade deal', paragraphs: body },
      ],
    });
    const f = c.findings.find((x) => x.ruleId === 'framing/headline')!;
    expect(f.spans).toEqual([{ article: 'a', start: 8, end: 15, field: 'title' }]);
    expect(f.reason).toBe(`a's headline uses loaded wording, "slammed", which b's headline does not.`);
  });

  it('takes an ordinal written out in the body for the headline\'s figure ("5th" and "Fifth")', () => {
    const c = compare({
      articles: [
        { id: 'a', outlet: 'a', title: 'Official invokes 5th Amendment at hearing', paragraphs: ['The official invoked the Fifth Amendment at the hearing on Wednesday.'] },
        { id: 'b', outlet: 'b', title: 'Official declines to testify', paragraphs: ['The official invoked the Fifth Amendment at the hearing on Wednesday.'] },
      ],
    });
    expect(c.findings.filter((x) => x.data?.['kind'] === 'unsupported-figure')).toEqual([]);
  });

  it('reports a headline figure the body never gives', () => {
    const c = compare({
      articles: [
        { id: 'a', outlet: 'a', title: 'Assembly backs Ukraine by 94 votes', paragraphs: ['The Assembly backed the text with 93 votes in favour.'] },
        { id: 'b', outlet: 'b', title: 'Assembly backs Ukraine', paragraphs: ['The Assembly backed the text with 93 votes in favour.'] },
      ],
    });
    const f = c.findings.find((x) => x.data?.['kind'] === 'unsupported-figure')!;
    expect(f.spans).toEqual([{ article: 'a', start: 26, end: 28, field: 'title' }]);
    expect(f.reason).toBe(`a's headline gives "94", a figure its article never gives.`);
  });

  it('says nothing when every headline uses the word', () => {
    const c = compare({
      articles: [
        { id: 'a', outlet: 'a', title: 'Senator slammed the trade deal', paragraphs: body },
        { id: 'b', outlet: 'b', title: 'Trade deal slammed by senator', paragraphs: body },
      ],
    });
    expect(c.findings.filter((x) => x.ruleId === 'framing/headline')).toEqual([]);
  });
});

describe('framing/frames', () => {
  it('profiles each outlet over the frame dimensions and reports one that leans on a frame', () => {
    const war = 'The troops and forces pressed the attack; the military said weapons and drones hit the front line as security worsened.';
    const money = 'The budget cost billions of dollars; markets, prices, jobs and trade suffered as the economy and business investment fell.';
    const c = compare({
      articles: [
        { id: 'a', outlet: 'a', paragraphs: [war, war] },
        { id: 'b', outlet: 'b', paragraphs: [war, war] },
        { id: 'c', outlet: 'c', paragraphs: [war, money] },
      ],
    });
    const f = c.findings.filter((x) => x.ruleId === 'framing/frames');
    expect(f.map((x) => x.data?.['frame'])).toEqual(['economic']);
    expect(f[0]!.reason).toMatch(/^c leans on the economic frame \(\d+% of its frame cues\) far more than any other outlet \(0% at most\)\.$/);
    expect(f[0]!.spans).toHaveLength(1);
    const profile = c.summary.outlets.find((o) => o.article === 'a')!.frames;
    expect(profile['security and defense']).toBe(1);
    expect(Object.keys(c.summary.outlets.find((o) => o.article === 'c')!.frames).sort()).toEqual(['economic', 'security and defense']);
  });
});

describe('ranking, review and options', () => {
  const seed = compare(readEventFolder(join(SEEDS, 'un-security-council-ukraine-2025')).request);

  it('ranks findings by salience x confidence with stable ids, and every finding explains itself', () => {
    const weight = (f: (typeof seed.findings)[number]) => Math.round(f.salience * f.confidence * 1e6);
    for (let i = 1; i < seed.findings.length; i++) expect(weight(seed.findings[i - 1]!)).toBeGreaterThanOrEqual(weight(seed.findings[i]!));
    for (const f of seed.findings) {
      expect(f.confidence).toBeGreaterThan(0);
      // Typed evidence: the flagged spans first, then the counterparts.
      expect(f.evidence.filter((e) => e.role === 'flagged').map(({ article, start, end }) => ({ article, start, end }))).toEqual(f.spans.map(({ article, start, end }) => ({ article, start, end })).filter((x, i, all) => all.findIndex((y) => y.article === x.article && y.start === x.start && y.end === x.end) === i));
      const counterparts = (f.data?.['counterpartSpans'] as unknown[] | undefined) ?? [];
      if (counterparts.length > 0) expect(f.evidence.some((e) => e.role === 'counterpart')).toBe(true);
    }
    const ids = new Set(seed.findings.map((f) => f.id));
    expect(ids.size).toBe(seed.findings.length);
    for (const f of seed.findings) {
      expect(f.reason.length).toBeGreaterThan(20);
      expect(f.reason.endsWith('.')).toBe(true);
      expect(f.spans.length).toBeGreaterThan(0);
      for (const s of f.spans) {
        const a = seed.articles.find((x) => x.id === s.article)!;
        expect(s.start).toBeGreaterThanOrEqual(0);
        expect(s.end).toBeLessThanOrEqual(s.field === 'title' ? a.title!.length : a.text.length);
        expect(s.end).toBeGreaterThan(s.start);
      }
    }
  });

  it('builds a review list that points at existing findings, at most 4 per rule', () => {
    expect(seed.review.length).toBe(10);
    const ids = new Set(seed.findings.map((f) => f.id));
    const perRule = new Map<string, number>();
    seed.review.forEach((r, i) => {
      expect(r.rank).toBe(i + 1);
      for (const id of r.findings) expect(ids.has(id)).toBe(true);
      perRule.set(r.ruleId, (perRule.get(r.ruleId) ?? 0) + 1);
    });
    expect(Math.max(...perRule.values())).toBeLessThanOrEqual(4);
  });

  it('finds the planted figure mismatch of the seed event', () => {
    const f = seed.findings.find((x) => x.ruleId === 'facts/number-mismatch')!;
    expect(f.actual).toBe('17');
    expect(f.counterpart).toEqual(['18']);
  });

  it('summarises each outlet: voices, attribution verbs, loaded terms, omissions', () => {
    const wire = seed.summary.outlets.find((o) => o.article === 'wire')!;
    expect(wire.voices.map((v) => v.speaker)).toEqual(expect.arrayContaining(['Vassily Nebenzia', 'Barbara Woodward']));
    expect(wire.attribution['neutral']).toBeGreaterThan(5);
    expect(seed.summary.outlets).toHaveLength(seed.articles.length);
  });

  it('gives every rule its own id, so switching one off leaves the others', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const request = readEventFolder(join(SEEDS, 'un-security-council-ukraine-2025')).request;
    const all = compare(request).findings;
    const withoutLoaded = compare({ ...request, options: { framing: { disabledRules: ['framing/loaded'] } } }).findings;
    expect(withoutLoaded.some((f) => f.ruleId === 'framing/loaded')).toBe(false);
    expect(withoutLoaded.filter((f) => f.ruleId === 'framing/label')).toEqual(all.filter((f) => f.ruleId === 'framing/label'));
  });

  it('switches rules off by id or prefix', () => {
    const request = readEventFolder(join(SEEDS, 'un-security-council-ukraine-2025')).request;
    const off = compare({ ...request, options: { framing: { disabledRules: ['framing/', 'coverage/omission'] } } });
    expect(off.findings.some((f) => f.ruleId.startsWith('framing/') || f.ruleId === 'coverage/omission')).toBe(false);
    expect(off.findings.some((f) => f.ruleId === 'facts/number-mismatch')).toBe(true);
    const none = compare({ ...request, options: { framing: { minSalience: 1 } } });
    expect(none.findings).toEqual([]);
    expect(none.review).toEqual([]);
  });

  it('matches the golden review list of the seed event', async () => {
    const lines = seed.review.map((r) => `${r.rank}. [${r.ruleId}] ${r.reason}`).join('\n');
    await expect(`${lines}\n`).toMatchFileSnapshot('../golden/seed-review.txt');
  });
});
