import { buildTermIndex } from './align/features.ts';
import { headlineParagraphs, linkEvidence, paragraphPassages, round, scoreCandidates, selectLinks } from './align/paragraphs.ts';
import { candidateGraph, linkFeatures, sentenceVectors, worthScoring } from './align/link-features.ts';
import { LINK_MODEL, linkProbabilities } from './align/link-model.ts';
import { buildRows } from './align/rows.ts';
import { keepBestLinks } from './align/cap.ts';
import { comparisonSpeech, quoteRecords } from './analysis/speakers.ts';
import { sentenceSubstitutions, wordChoiceRecords } from './analysis/substitutions.ts';
import { linkSentences } from './align/sentences.ts';
import { diffPassages, type DiffSide } from './diff/word-diff.ts';
import { InputError } from './errors.ts';
import { normalizeText } from './text/normalize.ts';
import { analyzeFraming, framingContext } from './framing/index.ts';
import { prepareArticles } from './input/article.ts';
import { traceProvenance } from './provenance/trace.ts';
import { resolveOptions } from './options.ts';
import type { Comparison, CompareRequest, PassageDiff } from './types.ts';
import { ENGINE_VERSION, SCHEMA_VERSION } from './version.ts';

/**
 * Compares 2 to 12 articles about one event: segments them, links paragraphs and sentences that
 * report the same content, groups them into rows for a side-by-side view, and diffs every linked
 * pair word by word. Pure and deterministic: the same request gives byte-identical JSON.
 *
 * @example
 * const c = compare({ articles: [{ id: 'a', text: '...' }, { id: 'b', text: '...' }] });
 * c.alignment.rows; // side-by-side rows
 * @throws InputError for a request the engine cannot take (it names the article and the limit).
 */
export function compare(request: CompareRequest | unknown): Comparison {
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    throw new InputError('invalid-request', 'a compare request must be an object with an "articles" list');
  }
  const req = request as Record<string, unknown>;
  const options = resolveOptions(req['options']);
  const id = req['id'];
  if (id !== undefined && id !== null && typeof id !== 'string' && typeof id !== 'number') {
    throw new InputError('invalid-request', '"id" must be a string or a number', { field: 'id' });
  }
  const title = eventTitle(req['title']);
  const articles = prepareArticles(req['articles'], options);

  const index = buildTermIndex(articles);
  const passages = paragraphPassages(articles, index, options);
  const headlines = headlineParagraphs(articles);
  const { links: candidates, candidatePairs } = scoreCandidates(passages, index, options, headlines);
  // Candidates worth scoring get the learned model's link probability; only they can be links
  // (the others share almost nothing).
  const sentences = sentenceVectors(articles, index, options);
  const speech = comparisonSpeech(articles);
  const quotes = quoteRecords(articles, speech);
  const provenance = options.provenance.derived !== '' ? traceProvenance(articles, index, sentences, options, quotes) : undefined;
  const scored = keepBestLinks(candidates.filter(worthScoring), options.limits.maxScoredCandidates);
  const paragraphCounts = articles.map((a) => a.article.paragraphs.length);
  // One candidate graph (adjacency, neighbours) serves the features and the second pass.
  const graph = candidateGraph(scored, paragraphCounts);
  const probabilities = linkProbabilities(scored, linkFeatures(articles, index, passages, sentences, scored, graph), paragraphCounts, LINK_MODEL, graph);
  scored.forEach((l, i) => (l.score = probabilities[i]!));
  const links = keepBestLinks(selectLinks(scored, options), options.limits.maxParagraphLinks);
  const rows = buildRows(articles, links, options, headlines);
  const sentenceLinks = keepBestLinks(linkSentences(articles, links, index, options, sentences), options.limits.maxSentenceLinks);

  const ids = articles.map((a) => a.article.id);
  // Diff forms interned once for the whole comparison, so each diff compares integers.
  const forms = new Map<string, number>();
  const formIds = articles.map((a) =>
    Int32Array.from(a.tokens, (t) => {
      let id = forms.get(t.form);
      if (id === undefined) forms.set(t.form, (id = forms.size));
      return id;
    }),
  );
  const side = (ai: number, level: 'paragraph' | 'sentence', index: number): DiffSide & { article: string; index: number } => {
    const a = articles[ai]!;
    const span = level === 'paragraph' ? a.article.paragraphs[index]! : a.article.sentences[index]!;
    const [from, to] = level === 'paragraph' ? a.paragraphTokens[index]! : a.sentenceTokens[index]!;
    return {
      article: a.article.id,
      index,
      text: a.article.text,
      span: { start: span.start, end: span.end },
      tokens: a.tokens,
      offset: from,
      length: to - from,
      ids: formIds[ai]!.subarray(from, to),
    };
  };
  const diffs: PassageDiff[] = [];
  // One budget for all diffs together: a pair is charged what its diff may cost at most; once the
  // budget is spent, the remaining pairs are reported as rewritten (a zero budget) instead of diffed.
  let budget = options.diff.maxTotalComparisons;
  const diffPair = (level: 'paragraph' | 'sentence', a: ReturnType<typeof side>, b: ReturnType<typeof side>): PassageDiff => {
    const cost = Math.min(a.length! * b.length!, options.diff.maxComparisons);
    const allowed = cost <= budget ? options.diff.maxComparisons : 0;
    budget -= Math.min(cost, budget);
    return diffPassages(level, a, b, allowed);
  };
  for (const l of links) diffs.push(diffPair('paragraph', side(l.a, 'paragraph', l.aIndex), side(l.b, 'paragraph', l.bIndex)));
  if (options.diff.sentenceDiffs) {
    for (const s of sentenceLinks) diffs.push(diffPair('sentence', side(s.a, 'sentence', s.aSentence), side(s.b, 'sentence', s.bSentence)));
  }

  // Sentence substitutions, made once: the rules, the word-choice list and through it the report and the UI read them.
  const substitutions = sentenceSubstitutions(diffs);
  const framing = analyzeFraming(framingContext(articles, links, scored, sentenceLinks, rows, diffs, options, speech, substitutions));
  const wordChoices = wordChoiceRecords(substitutions, new Map(articles.map((a) => [a.article.id, a.article.text])), new Map(diffs.map((d, i) => [d, i])));

  let possiblePairs = 0;
  for (let i = 0; i < articles.length; i++) {
    for (let j = i + 1; j < articles.length; j++) possiblePairs += articles[i]!.article.paragraphs.length * articles[j]!.article.paragraphs.length;
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    engine: { name: 'parallax', version: ENGINE_VERSION },
    id: id === undefined || id === null ? null : String(id),
    title,
    articles: articles.map((a) => a.article),
    alignment: {
      paragraphLinks: links.map((l) => ({
        a: { article: ids[l.a]!, paragraph: l.aIndex },
        b: { article: ids[l.b]!, paragraph: l.bIndex },
        score: round(l.score),
        evidence: linkEvidence(passages[l.a]![l.aIndex]!, passages[l.b]![l.bIndex]!, l, index),
      })),
      sentenceLinks: sentenceLinks.map((s) => ({
        a: { article: ids[s.a]!, sentence: s.aSentence },
        b: { article: ids[s.b]!, sentence: s.bSentence },
        score: round(s.score),
      })),
      rows,
    },
    diffs,
    quotes,
    wordChoices,
    findings: framing.findings,
    review: framing.review,
    summary: framing.summary,
    stats: {
      articles: articles.length,
      paragraphs: articles.reduce((n, a) => n + a.article.paragraphs.length, 0),
      sentences: articles.reduce((n, a) => n + a.article.sentences.length, 0),
      words: articles.reduce((n, a) => n + a.article.wordCount, 0),
      candidatePairs,
      possiblePairs,
      paragraphLinks: links.length,
      sentenceLinks: sentenceLinks.length,
      rows: rows.length,
      rowsInAll: rows.filter((r) => r.missing.length === 0).length,
      diffs: diffs.length,
      diffsRewritten: diffs.filter((d) => d.status === 'rewritten').length,
    },
    options,
    ...(provenance ? { provenance } : {}),
  };
}

/** The longest event title kept (a title, not a summary). */
const MAX_TITLE_CHARS = 300;

/** The request's event title, normalized, or null when none is given. */
function eventTitle(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string') throw new InputError('invalid-request', '"title" must be a string', { field: 'title' });
  const t = normalizeText(raw).replace(/\s+/g, ' ').trim();
  if (t.length > MAX_TITLE_CHARS) throw new InputError('invalid-request', `"title" must be a string of at most ${MAX_TITLE_CHARS} characters`, { field: 'title', limit: MAX_TITLE_CHARS, actual: t.length });
  return t === '' ? null : t;
}
