/**
 * The provenance view: the derived article on the left, each sentence marked by its support
 * (with a symbol and a word, not colour alone); selecting a sentence shows its source sentences
 * beside it, word by word (kept words plain, the rewrite's own words and the source's left-out
 * words marked). Below: the sentences no source supports.
 */
import { useMemo, useState } from 'preact/hooks';
import type { ComparisonModel } from '../model/comparison.ts';
import { outletName } from '../model/comparison.ts';
import { sentenceDiff, type WordRun } from '../model/provenance.ts';
import type { ProvenanceSentence, Support } from '../types.ts';

export const SUPPORT_LABEL: Record<Support, { mark: string; text: string }> = {
  verbatim: { mark: '=', text: 'verbatim' },
  paraphrase: { mark: '≈', text: 'paraphrase' },
  partial: { mark: '◐', text: 'partial' },
  none: { mark: '!', text: 'no source' },
};

function Runs(props: { runs: WordRun[]; mark: string }) {
  return <>{props.runs.map((r, i) => (r.word && !r.kept ? <mark key={i} class={props.mark}>{r.text}</mark> : <span key={i}>{r.text}</span>))}</>;
}

export function ProvenanceView(props: { model: ComparisonModel }) {
  const { model } = props;
  const p = model.c.provenance!;
  const derived = model.byId.get(p.derived)!;
  const [selected, setSelected] = useState<number>(() => p.sentences.find((s) => s.support !== 'none')?.sentence ?? 0);
  const current = p.sentences[selected];
  const byParagraph = useMemo(() => {
    const out: ProvenanceSentence[][] = derived.paragraphs.map(() => []);
    for (const s of p.sentences) out[derived.sentences[s.sentence]!.paragraph]!.push(s);
    return out;
  }, [p, derived]);
  // Every change, the most telling first (salience x confidence, then sentence order).
  const changes = useMemo(() => p.sentences.flatMap((s) => (s.changes ?? []).map((f) => ({ sentence: s.sentence, f })))
    .sort((x, y) => y.f.salience * y.f.confidence - x.f.salience * x.f.confidence || x.sentence - y.sentence), [p]);
  const text = (article: string, start: number, end: number): string => model.byId.get(article)?.text.slice(start, end) ?? '';
  return (
    <section class="provenance" aria-label="Provenance">
      <p class="small">
        <strong>{outletName(derived)}</strong> traced to the other articles: {p.summary.supported} of {p.summary.sentences} sentences supported by a source,{' '}
        {p.summary.unsupported.length} by none.{' '}
        {p.summary.sources.filter((s) => s.sentences > 0).map((s) => `${outletName(model.byId.get(s.article), s.article)} ${Math.round(s.share * 100)}%`).join(' · ')}
      </p>
      <p class="legend small" aria-label="Support levels">
        {(Object.keys(SUPPORT_LABEL) as Support[]).map((k) => <span key={k} class={`support ${k}`}><span aria-hidden="true">{SUPPORT_LABEL[k].mark} </span>{SUPPORT_LABEL[k].text}</span>)}
      </p>
      <div class="prov-grid">
        <div class="prov-derived" role="group" aria-label={`Sentences of ${outletName(derived)}`}>
          {byParagraph.map((list, pi) => (
            <p key={pi}>
              {list.map((s) => (
                <button type="button" key={s.sentence} class={`prov-sentence support ${s.support}`} aria-pressed={s.sentence === selected}
                  data-sentence={s.sentence} data-support={s.support} onClick={() => setSelected(s.sentence)}>
                  <span class="support-mark" aria-hidden="true">{SUPPORT_LABEL[s.support].mark}</span>
                  <span class="visually-hidden">{SUPPORT_LABEL[s.support].text}{s.changes ? ', changed' : ''}: </span>
                  {s.changes && <span class="changed-mark" aria-hidden="true">△ </span>}
                  {text(p.derived, s.start, s.end)}
                </button>
              ))}
            </p>
          ))}
        </div>
        <div class="prov-sources" aria-live="polite">
          {current && (
            <>
              <h3>Sentence {current.sentence + 1}: {SUPPORT_LABEL[current.support].text}</h3>
              {current.sources.length === 0 && <p class="muted">No source article supports this sentence: check it before relying on it.</p>}
              {current.sources.map((src, i) => {
                const d = sentenceDiff(text(p.derived, current.start, current.end), text(src.article, src.start, src.end));
                return (
                  <div class="prov-source" key={i} data-source={src.article}>
                    <p class="small"><strong>{outletName(model.byId.get(src.article), src.article)}</strong> <span class="muted">({Math.round(src.score * 100)}% likely the source)</span></p>
                    <p class="prov-pair"><span class="small muted">Rewrite: </span><Runs runs={d.a} mark="hl diff" /></p>
                    <p class="prov-pair"><span class="small muted">Source: </span><Runs runs={d.b} mark="hl dropped" /></p>
                  </div>
                );
              })}
              {current.changes && current.changes.length > 0 && (
                <div class="prov-changes">
                  <h4>What the rewrite changed</h4>
                  <ul>{current.changes.map((f) => <li key={f.id} data-change={f.ruleId}><span class="rule">{f.ruleId}</span> {f.reason}</li>)}</ul>
                </div>
              )}
              {current.sources.length > 0 && <p class="small muted">Marked: words of the rewrite not in the source (dotted), and words of the source the rewrite left out (struck).</p>}
            </>
          )}
        </div>
      </div>
      <section aria-labelledby="changes-h">
        <h3 id="changes-h">Changes against the sources ({changes.length})</h3>
        {changes.length === 0 ? <p class="muted">No changed figure, hedge or certainty found.</p> : (
          <ol class="changes-list">
            {changes.map(({ sentence, f }) => (
              <li key={f.id}><button type="button" class="link" onClick={() => setSelected(sentence)}>Sentence {sentence + 1}</button>: {f.reason}</li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="unsupported-h">
        <h3 id="unsupported-h">Sentences no source supports ({p.summary.unsupported.length})</h3>
        {p.summary.unsupported.length === 0 ? <p class="muted">Every sentence has a source.</p> : (
          <ol class="unsupported-list">
            {p.summary.unsupported.map((i) => {
              const s = p.sentences[i]!;
              return <li key={i} value={i + 1}><button type="button" class="link" onClick={() => setSelected(i)}>{text(p.derived, s.start, s.end)}</button></li>;
            })}
          </ol>
        )}
      </section>
    </section>
  );
}
