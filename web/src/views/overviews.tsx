/**
 * Overviews, for looking rather than reading: the coverage map (which outlet carries which
 * passage, shaded by similarity), share of voice, frame profiles, and term contrasts. Every
 * picture has its numbers in text too (never colour alone).
 */
import type { ComparisonModel, OrderedRow } from '../model/comparison.ts';
import { coverageGrid, outletName, termContrasts } from '../model/comparison.ts';

function shade(sim: number): string {
  // Light to dark blue by similarity; text stays dark on all of them (AA contrast).
  const l = Math.round(94 - sim * 34);
  return `hsl(220 60% ${l}%)`;
}

function excerpt(model: ComparisonModel, row: OrderedRow): string {
  const m = row.row.members[0];
  const a = m ? model.byId.get(m.article) : undefined;
  const p = m && a ? a.paragraphs[m.paragraphs[0]!] : undefined;
  return a && p ? a.text.slice(p.start, Math.min(p.end, p.start + 70)) : '';
}

export function Overviews(props: { model: ComparisonModel; rows: OrderedRow[]; onRow: (row: number) => void }) {
  const { model, rows } = props;
  const grid = coverageGrid(model, rows);
  const outlets = model.c.summary.outlets;
  const speakers = new Map<string, number>();
  for (const o of outlets) for (const v of o.voices) speakers.set(v.speaker, (speakers.get(v.speaker) ?? 0) + v.quotes);
  const topSpeakers = [...speakers].sort((x, y) => y[1] - x[1]).slice(0, 8).map(([s]) => s);
  const frames = [...new Set(outlets.flatMap((o) => Object.keys(o.frames)))].sort();
  const contrasts = termContrasts(model);
  return (
    <div class="overviews">
      <section aria-labelledby="cov-h">
        <h2 id="cov-h">Coverage map</h2>
        <p class="small muted">Each row is a passage; a filled cell means the outlet carries it, with the share of its wording it has in common with the closest other outlet's passage (darker: closer), “only here” that no other outlet carries it, a hatched cell with “—” that it leaves it out. Select a row to see it in the aligned view.</p>
        <div class="coverage-scroll" tabIndex={0}>
          <table class="coverage">
            <thead>
              <tr><th scope="col">Passage</th>{model.articles.map((a) => <th scope="col" key={a.id}>{outletName(a)}</th>)}</tr>
            </thead>
            <tbody>
              {grid.map((g, i) => (
                <tr key={g.row}>
                  <th scope="row"><button type="button" class="link small" onClick={() => props.onRow(g.row)}>Row {g.row + 1}. {excerpt(model, rows[i]!)}…</button></th>
                  {g.cells.map((sim, j) => (sim === null
                    ? <td key={j} class="missing" aria-label={`not in ${outletName(model.articles[j])}`}>—</td>
                    : sim === 'only'
                      ? <td key={j} class="only" aria-label={`only ${outletName(model.articles[j])} carries it`}>only here</td>
                      : <td key={j} style={{ background: shade(sim) }} aria-label={`${outletName(model.articles[j])}: ${Math.round(sim * 100)}% shared wording`}>{Math.round(sim * 100)}%</td>))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="voice-h">
        <h2 id="voice-h">Share of voice</h2>
        <p class="small muted">Attributed statements per speaker in each outlet.</p>
        <table class="bars">
          <thead><tr><th scope="col">Outlet</th><th scope="col">Who is quoted (statements)</th></tr></thead>
          <tbody>
            {outlets.map((o) => {
              const total = o.voices.reduce((s, v) => s + v.quotes, 0) || 1;
              return (
                <tr key={o.article}>
                  <th scope="row">{outletName(model.byId.get(o.article), o.outlet ?? o.article)}</th>
                  <td>
                    <div class="stack" aria-hidden="true">
                      {o.voices.filter((v) => topSpeakers.includes(v.speaker)).map((v) => (
                        <span key={v.speaker} class={`seg s${topSpeakers.indexOf(v.speaker)}`} style={{ width: `${(100 * v.quotes) / total}%` }} title={`${v.speaker}: ${v.quotes}`} />
                      ))}
                    </div>
                    <span class="small">{o.voices.length ? o.voices.map((v) => `${v.speaker} ${v.quotes}`).join(' · ') : 'nobody quoted'}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p class="small legend-list" aria-hidden="true">{topSpeakers.map((s, i) => <span key={s}><span class={`swatch s${i}`} />{s}</span>)}</p>
      </section>

      <section aria-labelledby="frames-h">
        <h2 id="frames-h">Frame profiles</h2>
        <p class="small muted">Share of each outlet's frame cue words per Media Frames Corpus dimension.</p>
        <div class="frames-scroll" tabIndex={0}>
          <table class="frames">
            <thead><tr><th scope="col">Frame</th>{outlets.map((o) => <th scope="col" key={o.article}>{outletName(model.byId.get(o.article), o.outlet ?? o.article)}</th>)}</tr></thead>
            <tbody>
              {frames.map((f) => (
                <tr key={f}>
                  <th scope="row">{f}</th>
                  {outlets.map((o) => {
                    const v = o.frames[f] ?? 0;
                    return (
                      <td key={o.article}>
                        <span class="bar" aria-hidden="true" style={{ width: `${Math.round(v * 100)}%` }} />
                        <span class="num">{Math.round(v * 100)}%</span>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="terms-h">
        <h2 id="terms-h">Term contrasts</h2>
        {contrasts.length === 0 ? <p class="muted">No outlet substitutes its own term for another's in the same passage.</p> : (
          <table class="terms">
            <thead><tr><th scope="col">Outlet and term</th><th scope="col">Occurrences</th><th scope="col">Why it matters</th></tr></thead>
            <tbody>
              {contrasts.map(({ finding, wordings, occurrences }) => (
                <tr key={finding.id}>
                  <td>{wordings.map(([o, t]) => <div key={o}><strong>{o}:</strong> “{t}”</div>)}</td>
                  <td>{occurrences}</td>
                  <td class="small">{finding.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
