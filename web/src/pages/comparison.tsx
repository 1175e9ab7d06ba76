/**
 * The comparison view: aligned, pair and overview tabs beside the review panel. Selecting a
 * finding scrolls to its evidence and highlights it in every column. Keyboard: j/k findings,
 * n/p differences, ? help.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { adoptEditLink, api, ApiError, clearMark, downloadExport, editComparison, editTokenOf, errorMessage, fetchMarks, putMark, rememberOwn, type EditRequest } from '../api.ts';
import { buildModel, evidenceOf, orderRows, outletName, type ComparisonModel, type RowOrder } from '../model/comparison.ts';
import type { Comparison, ComparisonView, Finding, ReviewMark } from '../types.ts';
import { Link, sourcePath, type ComparisonSource } from '../router.tsx';
import { EditDialog } from '../views/edit.tsx';
import { AlignedView } from '../views/aligned.tsx';
import { Legend } from '../views/highlighted.tsx';
import { Overviews } from '../views/overviews.tsx';
import { PairView } from '../views/pair.tsx';
import { ProvenanceView } from '../views/provenance.tsx';
import { cssId, filterFindings, ReviewPanel, undismissed, type Filters, type Marking } from '../views/review.tsx';
import '../views/views.css';

type Source = ComparisonSource;
type Tab = 'aligned' | 'pair' | 'overviews' | 'provenance';

export function ComparisonPage(props: { source: Source }) {
  const [data, setData] = useState<ComparisonView | Comparison | undefined>();
  const [title, setTitle] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [token, setToken] = useState<string | undefined>(() => (props.source.kind === 'saved' ? editTokenOf(props.source.id) : undefined));
  // Fetched as the page first renders (not after its first paint): the data is on its way sooner.
  const [load] = useState(() => {
    const s = props.source;
    return s.kind === 'seed' ? api.seedComparison(s.id) : s.kind === 'batch' ? api.batchItem(s.id, s.index) : api.comparison(s.id);
  });
  useEffect(() => {
    load.then(async (c) => {
      performance.mark('parallax:data');
      // An edit link (#edit=<token>) makes this browser the comparison's editor.
      if (props.source.kind === 'saved' && (await adoptEditLink(props.source.id, c))) setToken(editTokenOf(props.source.id));
      setData(c);
    }, (e: unknown) => setError(e instanceof ApiError ? (e.status === 404 ? 'There is no comparison at this address (it may have been deleted).' : e.message) : String(e)));
    // A sample event has a title of its own (the event, not one outlet's headline).
    if (props.source.kind === 'seed') api.seeds().then((list) => setTitle(list.find((x) => x.id === props.source.id)?.title), () => undefined);
  }, [sourcePath(props.source)]);
  useEffect(() => {
    document.title = `${data?.title ?? title ?? data?.articles.map((a) => a.name ?? a.outlet ?? a.id).join(', ') ?? 'Comparison'} · Parallax`;
  }, [title, data]);
  if (error) return <section class="page"><h1>Comparison</h1><p class="error" role="alert">{error}</p></section>;
  if (!data) return <section class="page"><p class="loading" role="status">Loading the comparison…</p></section>;
  // A batch item untitled by its request is named by its place and id.
  const s = props.source;
  const shownTitle = title ?? (s.kind === 'batch' ? `Batch item ${s.index + 1}${data.id ? ` (${data.id})` : ''}` : undefined);
  return <ComparisonScreen comparison={data} source={props.source} {...(shownTitle ? { title: shownTitle } : {})} {...(token ? { token } : {})} onReplace={setData} />;
}

/** The reviewer's marks of a saved comparison, loaded with the edit token and kept in step with the server. */
function useMarks(id: string | undefined, token: string | undefined, comparison: ComparisonView | Comparison) {
  const [marks, setMarks] = useState<ReviewMark[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    if (!id || !token) return;
    fetchMarks(id, token).then(setMarks, (e: unknown) => setError(`The marks could not be loaded: ${errorMessage(e)}`));
  }, [id, token, comparison]);
  const mark = async (f: Finding, status: ReviewMark['status'] | null, note: string): Promise<void> => {
    if (!id || !token) return;
    try {
      if (status) {
        const m = await putMark(id, f.key, status, note, token);
        setMarks((ms) => [...ms.filter((x) => x.key !== f.key), m]);
      } else {
        await clearMark(id, f.key, token);
        setMarks((ms) => ms.filter((x) => x.key !== f.key));
      }
      setError('');
    } catch (e) {
      setError(`The mark was not saved: ${errorMessage(e)}`);
    }
  };
  return { marks, error, mark };
}

function ComparisonScreen(props: { comparison: ComparisonView | Comparison; source: Source; title?: string; token?: string; onReplace: (c: ComparisonView | Comparison) => void }) {
  const model: ComparisonModel = useMemo(() => {
    const m = buildModel(props.comparison);
    performance.mark('parallax:model');
    return m;
  }, [props.comparison]);
  const savedId = props.source.kind === 'saved' ? props.source.id : undefined;
  const { marks: markList, error: markError, mark } = useMarks(savedId, props.token, props.comparison);
  const [showDismissed, setShowDismissed] = useState(false);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState('');
  const marking: Marking | undefined = useMemo(() => {
    if (!savedId || !props.token) return undefined;
    const current = new Set(model.c.findings.map((f) => f.key));
    return {
      marks: new Map(markList.filter((m) => current.has(m.key)).map((m) => [m.key, m])),
      stale: markList.filter((m) => !current.has(m.key)),
      showDismissed,
      onShowDismissed: setShowDismissed,
      onMark: mark,
      error: markError,
    };
  }, [savedId, props.token, model, markList, showDismissed, markError]);
  const [tab, setTab] = useState<Tab>('aligned');
  const [order, setOrder] = useState<RowOrder>({ kind: 'consensus' });
  const [ownOrder, setOwnOrder] = useState(false);
  const [collapseSimilar, setCollapseSimilar] = useState(false);
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const [filters, setFilters] = useState<Filters>({ family: '', outlet: '', severity: '' });
  const [selected, setSelected] = useState<string | undefined>();
  const [pair, setPair] = useState<[string, string]>([model.articles[0]?.id ?? '', model.articles[1]?.id ?? '']);
  const [help, setHelp] = useState(false);
  const [showReview, setShowReview] = useState(true);
  const [copied, setCopied] = useState(false);
  const helpRef = useRef<HTMLDivElement>(null);

  const rows = useMemo(() => orderRows(model, order), [model, order]);
  const visible = useMemo(() => undismissed(filterFindings(model.c.findings, filters), marking?.marks, marking?.showDismissed ?? true), [model, filters, marking]);
  const finding = model.c.findings.find((f) => f.id === selected);
  const evidence = useMemo(() => evidenceOf(model, finding), [model, finding]);
  // The event's title (given, or the seed's), never one outlet's headline.
  const title = model.c.title ?? props.title ?? 'Untitled comparison';
  const permalink = `${location.origin}${sourcePath(props.source)}`;

  // After selecting a finding: bring its evidence into view in the current tab.
  useEffect(() => {
    if (!finding) return;
    requestAnimationFrame(() => {
      const first = document.querySelector('[data-evidence="1"]');
      first?.scrollIntoView({ block: 'center', inline: 'nearest', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
      // Keep the selected finding visible inside the review panel without moving the page.
      const item = document.getElementById(`finding-${cssId(finding.id)}`);
      const panel = item?.closest('.review');
      if (item && panel) {
        const top = item.offsetTop - (panel as HTMLElement).offsetTop;
        if (top < panel.scrollTop || top > panel.scrollTop + panel.clientHeight - 60) panel.scrollTop = Math.max(0, top - 80);
      }
    });
  }, [finding, tab, ownOrder]);

  // The key handler is registered once and reads the latest state through this ref: keys pressed
  // faster than a render (held j, or a test) still step from the current selection.
  const live = useRef({ visible, selected, help });
  live.current = { visible, selected, help };
  const step = (delta: number): void => {
    const { visible: list, selected: current } = live.current;
    if (list.length === 0) return;
    const i = list.findIndex((f) => f.id === current);
    const next = list[i < 0 ? (delta > 0 ? 0 : list.length - 1) : (i + delta + list.length) % list.length]!;
    live.current.selected = next.id;
    setSelected(next.id);
    (document.querySelector(`[data-finding="${CSS.escape(next.id)}"]`) as HTMLElement | null)?.focus({ preventScroll: true });
  };
  const stepDiff = (delta: number): void => {
    // Rows far from the window may not have their marks yet: ask for every one first.
    if (document.querySelector('.grid[data-all-marked="0"]')) {
      dispatchEvent(new Event('parallax:all-marks'));
      // Drawn on the next render; step then (a few frames at most).
      let tries = 0;
      const wait = (): void => {
        if (document.querySelector('.grid[data-all-marked="0"]') && tries++ < 30) requestAnimationFrame(wait);
        else stepDiff(delta);
      };
      requestAnimationFrame(wait);
      return;
    }
    const marks = [...document.querySelectorAll<HTMLElement>('.views [data-diff="diff"], .views [data-diff="sub"]')];
    if (marks.length === 0) return;
    const current = marks.findIndex((m) => m.classList.contains('current'));
    const next = marks[current < 0 ? (delta > 0 ? 0 : marks.length - 1) : (current + delta + marks.length) % marks.length]!;
    marks[current]?.classList.remove('current');
    next.classList.add('current');
    if (!next.hasAttribute('tabindex')) next.setAttribute('tabindex', '-1');
    next.focus({ preventScroll: true });
    next.scrollIntoView({ block: 'center' });
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const t = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
      if (e.key === '?') {
        setHelp(true);
        e.preventDefault();
      } else if (e.key === 'Escape') {
        setHelp(false);
      } else if (!live.current.help && (e.key === 'j' || e.key === 'k')) {
        step(e.key === 'j' ? 1 : -1);
        e.preventDefault();
      } else if (!live.current.help && (e.key === 'n' || e.key === 'p')) {
        stepDiff(e.key === 'n' ? 1 : -1);
        e.preventDefault();
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    if (help) helpRef.current?.focus();
  }, [help]);

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(permalink);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      prompt('Copy this link:', permalink);
    }
  };

  const copyEditLink = async (): Promise<void> => {
    const link = `${permalink}#edit=${props.token}`;
    try {
      await navigator.clipboard.writeText(link);
      setNotice('Edit link copied. Whoever opens it can edit this comparison and read and change its marks.');
    } catch {
      prompt('Copy this edit link (whoever opens it can edit this comparison and its marks):', link);
    }
  };
  const rerun = async (body: EditRequest): Promise<void> => {
    const r = await editComparison(savedId!, body, props.token!);
    rememberOwn({ id: savedId!, title: r.comparison.title ?? r.comparison.articles.map((a) => a.name).join(', '), outlets: r.comparison.articles.map((a) => a.name), createdAt: new Date().toISOString(), deleteToken: props.token! });
    setEditing(false);
    setNotice(`Re-run. ${r.marks.current} mark${r.marks.current === 1 ? '' : 's'} still on findings${r.marks.stale ? `, ${r.marks.stale} on findings no longer made (listed at the end of the review panel)` : ''}.`);
    props.onReplace(r.comparison);
  };
  const exportMarked = async (format: 'html' | 'md' | 'json' | 'csv'): Promise<void> => {
    try {
      await downloadExport(savedId!, format, props.token!);
    } catch (e) {
      setNotice(`The export failed: ${errorMessage(e)}`);
    }
  };

  const tabs: [Tab, string][] = [['aligned', 'Aligned'], ['pair', 'Pair'], ['overviews', 'Overviews'], ...(model.c.provenance ? [['provenance', 'Provenance'] as [Tab, string]] : [])];
  return (
    <div class="comparison">
      <header class="cmp-head">
        <div>
          {props.source.kind === 'batch' && (
            <p class="small no-print"><Link href={`/batch?id=${encodeURIComponent(props.source.id)}`}>← Batch {props.source.id}</Link>, item {props.source.index + 1}</p>
          )}
          <h1>{title}</h1>
          <p class="muted small">
            {model.articles.length} outlets: {model.articles.map((a) => outletName(a)).join(', ')} · {model.c.alignment.rows.length} passages · {model.c.findings.length} findings
          </p>
        </div>
        <div class="actions no-print">
          <button type="button" onClick={copy}>{copied ? 'Link copied' : 'Copy permalink'}</button>
          {marking && <button type="button" onClick={() => void copyEditLink()}>Copy edit link</button>}
          {marking && <button type="button" onClick={() => setEditing(true)} aria-haspopup="dialog">Edit and re-run</button>}
          <span class="exports">Export{marking ? ' (with your marks)' : ''}:{' '}
            {(['html', 'md', 'json', 'csv'] as const).map((f) => (marking
              ? <button key={f} type="button" data-export={f} onClick={() => void exportMarked(f)}>{f === 'csv' ? 'CSV (findings)' : f.toUpperCase()}</button>
              : <a key={f} class="button" data-export={f} href={api.exportUrl(props.source, f)} download>{f === 'csv' ? 'CSV (findings)' : f.toUpperCase()}</a>
            ))}
          </span>
          <button type="button" aria-pressed={showReview} onClick={() => setShowReview(!showReview)}>Review panel</button>
          <button type="button" onClick={() => setHelp(true)} aria-haspopup="dialog">Keyboard help</button>
        </div>
      </header>
      <span role="status" class="visually-hidden">{copied ? 'Permalink copied' : ''}</span>
      <p class="notice small" role="status" data-notice="">{notice}</p>

      <div class={`cmp-body${showReview ? '' : ' wide'}`}>
        <div class="views">
          <div class="toolbar no-print">
            <div role="tablist" aria-label="Views">
              {tabs.map(([id, label]) => (
                <button key={id} type="button" role="tab" id={`tab-${id}`} aria-selected={tab === id} aria-controls={`panel-${id}`} tabIndex={tab === id ? 0 : -1} onClick={() => setTab(id)}
                  onKeyDown={(e) => {
                    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
                    const i = tabs.findIndex(([x]) => x === tab);
                    const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]![0];
                    setTab(next);
                    document.getElementById(`tab-${next}`)?.focus();
                  }}>{label}</button>
              ))}
            </div>
            {tab === 'aligned' && (
              <div class="options">
                <label>Order{' '}
                  <select value={order.kind === 'consensus' ? '' : order.article} disabled={ownOrder} onChange={(e) => {
                    const v = (e.target as HTMLSelectElement).value;
                    setOrder(v ? { kind: 'reference', article: v } : { kind: 'consensus' });
                  }}>
                    <option value="">consensus (where outlets put it)</option>
                    {model.articles.map((a) => <option key={a.id} value={a.id}>as in {outletName(a)}</option>)}
                  </select>
                </label>
                <button type="button" aria-pressed={ownOrder} onClick={() => setOwnOrder(!ownOrder)}>Each article's own order</button>
                <button type="button" aria-pressed={collapseSimilar} onClick={() => { setCollapseSimilar(!collapseSimilar); setExpanded(new Set()); }}>Collapse near-identical rows</button>
              </div>
            )}
          </div>
          {tab !== 'provenance' && <Legend />}
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
            {tab === 'aligned' && (
              <AlignedView model={model} rows={rows} ownOrder={ownOrder} collapseSimilar={collapseSimilar} expanded={expanded}
                onExpand={(r) => setExpanded(new Set([...expanded, r]))} evidence={evidence} />
            )}
            {tab === 'provenance' && model.c.provenance && <ProvenanceView model={model} />}
            {tab === 'pair' && <PairView model={model} a={pair[0]} b={pair[1]} onPick={(a, b) => setPair([a, b])} evidence={evidence} />}
            {tab === 'overviews' && (
              <Overviews model={model} rows={rows} onRow={(r) => {
                setTab('aligned');
                setOwnOrder(false);
                setExpanded(new Set([...expanded, r]));
                requestAnimationFrame(() => document.getElementById(`row-${r}`)?.scrollIntoView({ block: 'center' }));
              }} />
            )}
          </div>
        </div>
        {showReview && <ReviewPanel model={model} filters={filters} onFilters={setFilters} visible={visible} selected={selected} onSelect={setSelected} {...(marking ? { marking } : {})} />}
      </div>

      {editing && <EditDialog comparison={props.comparison} onClose={() => setEditing(false)} onRun={rerun} />}
      {help && (
        <div class="overlay" onClick={() => setHelp(false)}>
          <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="help-h" tabIndex={-1} ref={helpRef} onClick={(e) => e.stopPropagation()}>
            <h2 id="help-h">Keyboard</h2>
            <dl class="keys">
              <dt><kbd>j</kbd> / <kbd>k</kbd></dt><dd>next / previous finding (its evidence is highlighted in every column)</dd>
              <dt><kbd>n</kbd> / <kbd>p</kbd></dt><dd>next / previous wording difference</dd>
              <dt><kbd>Tab</kbd></dt><dd>move through controls, findings and substitutions (focus shows the other outlets' wording)</dd>
              <dt><kbd>←</kbd> / <kbd>→</kbd></dt><dd>switch views when a view tab has focus</dd>
              <dt><kbd>?</kbd></dt><dd>this help</dd>
              <dt><kbd>Esc</kbd></dt><dd>close this help</dd>
            </dl>
            <button type="button" onClick={() => setHelp(false)}>Close</button>
          </div>
        </div>
      )}
    </div>
  );
}
