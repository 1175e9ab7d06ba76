import { describe, expect, it } from 'vitest';
import { ATTRIBUTION_RULES } from '../../engine/analysis/quotes.ts';
import { compare, type Comparison } from '../../engine/index.ts';

/** Compares the given articles (paragraph lists) and returns the quotes of one as readable rows. */
function quotesOf(c: Comparison, article: string): string[] {
  const text = c.articles.find((a) => a.id === article)!.text;
  return c.quotes.filter((q) => q.article === article).map((q) => `${q.kind} ${q.attribution ?? '-'} ${q.speaker ?? 'null'} | ${text.slice(q.start, q.end)}`);
}

function one(paragraphs: string[]): string[] {
  const c = compare({ articles: [{ id: 'a', paragraphs }, { id: 'b', paragraphs: ['An unrelated note on the weather in the harbour.'] }] });
  return quotesOf(c, 'a');
}

describe('quotes: finding and attributing them', () => {
  it('names the speaker after the quote, through titles, party tags and appositives', () => {
    expect(one(['"We will not back down," Sen. Jane Roe, R-Ohio, said on Monday.'])).toEqual(['direct after-quote Jane Roe | We will not back down,']);
    expect(one(['"The budget is balanced," said Gov. Tom Alvarez.'])).toEqual(['direct after-quote Tom Alvarez | The budget is balanced,']);
    expect(one(['"It holds," Lena Ortiz, the city\'s transport chief, told reporters.'])).toEqual(['direct after-quote Lena Ortiz | It holds,']);
  });

  it('gives a quote to the head of a participle phrase, not to a name inside it', () => {
    expect(one(['President Barack Obama unveiled the plan on Wednesday.', 'The president, speaking at the White House, said he would use "whatever weight this office holds" to pass it.'])).toEqual([
      'direct before-quote Barack Obama | whatever weight this office holds',
    ]);
    expect(one(['The spokesman, the Kremlin aide Dmitry Peskov, said "there is no way at all".'])).toEqual(['direct before-quote Dmitry Peskov | there is no way at all']);
  });

  it('gives a quote to the one "shown saying" or "quoted as saying" it', () => {
    expect(one(['“Every day that passes, Iran gets closer to nuclear arms,” Mr. Netanyahu is shown saying.'])).toEqual([
      'direct after-quote Netanyahu | Every day that passes, Iran gets closer to nuclear arms,',
    ]);
    expect(one(['"We will win this fight," Roe was quoted as saying.'])).toEqual(['direct after-quote Roe | We will win this fight,']);
  });

  it('resolves "the governor" and "she" to the person named before, minding gender', () => {
    const rows = one([
      'Gov. Tom Alvarez signed the budget on Friday.',
      '"It holds," the governor added.',
      'Mayor Lena Ortiz spoke after him. "We knew the risks," she said.',
    ]);
    expect(rows).toEqual(['direct after-quote Tom Alvarez | It holds,', 'direct after-quote Lena Ortiz | We knew the risks,']);
  });

  it('names the speaker before the quote, and the subject of a participle or a colon', () => {
    expect(one(['Mayor Lena Ortiz told reporters: "The bridge reopens Monday."'])).toEqual(['direct before-quote Lena Ortiz | The bridge reopens Monday.']);
    expect(one(['Lena Ortiz defended the plan to Tom Alvarez on Tuesday, saying that "every lane will be inspected."'])).toEqual([
      'direct before-quote Lena Ortiz | every lane will be inspected.',
    ]);
    expect(one(['Lena Ortiz was quick to answer: "Not this year."'])).toEqual(['direct before-quote Lena Ortiz | Not this year.']);
  });

  it('carries a speaker over a quotation continued in the next paragraph, and into a block quotation', () => {
    expect(one(['Lena Ortiz said: "The first phase is done.', '"The second starts in May."'])).toEqual([
      'direct before-quote Lena Ortiz | The first phase is done.',
      'direct continued-quote Lena Ortiz | The second starts in May.',
    ]);
    expect(one(['Mayor Lena Ortiz wrote to residents:', 'We regret the delay and thank you for your patience.'])).toEqual([
      'direct block-quote Lena Ortiz | We regret the delay and thank you for your patience.',
    ]);
  });

  it('never makes a speaker of a news agency, a place, an unnamed group or a name inside the quote', () => {
    expect(one(['"Prices will rise," according to Reuters.'])).toEqual(['direct - null | Prices will rise,']);
    expect(one(['"We reject it," Texas said.'])).toEqual(['direct - null | We reject it,']);
    expect(one(['"It is over," officials said.'])).toEqual(['direct - null | It is over,']);
    expect(one(['A statement from the committee said: "Tom Alvarez must resign."'])).toEqual(['direct - null | Tom Alvarez must resign.']);
  });

  it('takes a title in quotation marks for no quote, and a participle after a noun for that noun\'s words', () => {
    expect(one(['Lena Ortiz appeared on "Face the Nation" on Sunday.'])).toEqual([]);
    expect(one(['Lena Ortiz faced critics, with one blogger asking, "Is this fair to anyone at all?"'])).toEqual(['direct - null | Is this fair to anyone at all?']);
  });

  it('follows "who" to the name before it, and gives a document\'s words ("which stated") no speaker', () => {
    expect(one(['"It is a fair deal," Lena Ortiz, who chairs the board, said.'])).toEqual(['direct after-quote Lena Ortiz | It is a fair deal,']);
    expect(one(['Lena Ortiz received a letter from the union, which stated, "We will strike on Monday."'])).toEqual(['direct - null | We will strike on Monday.']);
  });

  it('lets an organisation speak when no person is named', () => {
    expect(one(['"The data are clear," the Department of Health said.'])).toEqual(['direct after-quote Department of Health | The data are clear,']);
  });

  it('finds reported speech without quotation marks, in both word orders', () => {
    expect(one(['Lena Ortiz said the bridge would reopen on Monday.'])).toEqual(['reported reported Lena Ortiz | the bridge would reopen on Monday']);
    expect(one(['The bridge will reopen on Monday, Lena Ortiz said.'])).toEqual(['reported reported Lena Ortiz | The bridge will reopen on Monday']);
  });

  it('gives one person one name in every article, and records where the attribution names them', () => {
    const c = compare({
      articles: [
        { id: 'a', paragraphs: ['President Maria Lund said the treaty was signed.'] },
        { id: 'b', paragraphs: ['"The treaty is signed," Lund said.'] },
        { id: 'c', paragraphs: ['"The treaty is signed," President Lund said.'] },
      ],
    });
    expect(c.quotes.map((q) => q.speaker)).toEqual(['Maria Lund', 'Maria Lund', 'Maria Lund']);
    const b = c.quotes.find((q) => q.article === 'b')!;
    expect(c.articles[1]!.text.slice(b.speakerStart!, b.speakerEnd!)).toBe('Lund');
    expect(b).toMatchObject({ kind: 'direct', verb: 'said', attribution: 'after-quote', speakerKind: 'person' });
    expect(c.summary.outlets.map((o) => o.voices.map((v) => v.speaker))).toEqual([['Maria Lund'], ['Maria Lund'], ['Maria Lund']]);
  });

  it('names every rule it can report in the schema and the types', () => {
    const attributions = new Set(compare({ articles: [{ text: '"A b c," Lena Ortiz said.' }, { text: 'Lena Ortiz said the bridge would reopen.' }] }).quotes.map((q) => q.attribution));
    for (const a of attributions) expect(ATTRIBUTION_RULES).toContain(a);
  });
});
