/**
 * New comparison: 2-12 articles, each from a URL, pasted text or a file. URLs are fetched first
 * (per-card progress), then the usable articles are compared and saved, and the page opens it.
 */
import { reflowPasted } from '../model/paste.ts';
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, errorMessage, rememberOwn, type ArticleSource, type ExtractedArticle } from '../api.ts';
import { Link, navigate } from '../router.tsx';
import { parseMarkdown, parseSeedText } from '../../../engine/input/formats.ts';
import './pages.css';

const MIN_ARTICLES = 2;
const MAX_ARTICLES = 12;
const ACCEPT = '.html,.htm,.txt,.md,.markdown';
const URL_RE = /^https?:\/\/\S+$/i;

interface AttachedFile {
  name: string;
  /** `html`: sent as a page for the server to extract; `text`: parsed into the card's text. */
  kind: 'html' | 'text';
  html?: string;
}

/** A card's progress; pages.css adds an icon per kind, so colour is never the only cue. */
interface CardStatus { kind: 'busy' | 'ok' | 'failed'; text: string }

interface Card {
  key: number;
  outlet: string;
  title: string;
  url: string;
  text: string;
  file: AttachedFile | null;
  /** Progress of the last Compare for this card (its role="status"). */
  status: CardStatus | null;
  /** What to fix on this card (validation or the server's answer), shown next to it. */
  error: string;
}

type CardPatch = Partial<Omit<Card, 'key'>>;

let nextKey = 1;
const newCard = (): Card => ({ key: nextKey++, outlet: '', title: '', url: '', text: '', file: null, status: null, error: '' });
/** A card with no article yet (an outlet name alone does not count: a file fills in the rest). */
const isEmpty = (c: Card) => !c.url.trim() && !c.text.trim() && !c.file;
const hasBody = (c: Card) => c.file?.kind === 'html' || c.text.trim() !== '';

/** What is wrong with a card before anything is sent, or ''. */
function validateCard(c: Card): string {
  const url = c.url.trim();
  if (url && !URL_RE.test(url)) return 'The URL must start with http:// or https:// (and have no spaces).';
  if (!url && !hasBody(c)) return 'Give this article a URL, paste its text, or add a file.';
  return '';
}

/** The article as the compare endpoint takes it; fields the user typed win over extracted ones. */
function toSource(c: Card, extracted: ExtractedArticle | undefined): ArticleSource {
  const a: ArticleSource = {};
  const outlet = c.outlet.trim() || extracted?.outlet;
  const title = c.title.trim() || extracted?.title;
  if (outlet) a.outlet = outlet;
  if (title) a.title = title;
  if (c.url.trim()) a.url = c.url.trim(); // metadata only: a body is always given, so the server does not fetch again
  if (c.file?.kind === 'html') a.html = c.file.html ?? '';
  else if (c.text.trim()) a.text = reflowPasted(c.text).text;
  else a.text = extracted?.paragraphs.join('\n\n') ?? '';
  return a;
}

// ------------------------------------------------------------------ files

/** Decodes an HTML file with the charset its <meta> declares (pages saved from old sites are not always UTF-8). */
function decodeHtml(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const label = /<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)/i.exec(head)?.[1];
  if (label && !/^utf-?8$/i.test(label)) {
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // An unknown label: fall back to UTF-8 below.
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}


/** Reads one file into card fields; throws an Error with a readable message. */
async function readArticleFile(file: File): Promise<CardPatch> {
  const ext = /\.([a-z]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? '';
  if (ext === 'html' || ext === 'htm') {
    const html = decodeHtml(await file.arrayBuffer());
    if (!html.trim()) throw new Error('the file is empty');
    return { file: { name: file.name, kind: 'html', html } };
  }
  if (ext !== 'txt' && ext !== 'md' && ext !== 'markdown') throw new Error('not a supported file (use .html, .htm, .txt, .md or .markdown)');
  const raw = await file.text();
  const parsed = ext === 'txt' ? parseSeedText(raw) : parseMarkdown(raw);
  const text = parsed.paragraphs?.join('\n\n') ?? parsed.text ?? '';
  if (!text.trim()) throw new Error('the file has no body text');
  const patch: CardPatch = { file: { name: file.name, kind: 'text' }, text };
  if (parsed.title) patch.title = parsed.title;
  if (parsed.outlet) patch.outlet = parsed.outlet;
  return patch;
}

type FileResult = { name: string; patch: CardPatch } | { name: string; error: string };

/**
 * Puts read files into cards, one per file: the chosen card first (when a card's own input or the
 * card itself got them), then empty cards in order, then new cards up to the maximum.
 */
function placeFiles(cards: Card[], results: FileResult[], startKey: number | null): { cards: Card[]; notPlaced: string[] } {
  const next = [...cards];
  const targets: number[] = [];
  const start = startKey === null ? -1 : next.findIndex((c) => c.key === startKey);
  if (start >= 0) targets.push(start);
  next.forEach((c, i) => { if (i !== start && isEmpty(c)) targets.push(i); });
  const notPlaced: string[] = [];
  for (const r of results) {
    if (!('patch' in r)) continue;
    let i = targets.shift();
    if (i === undefined) {
      if (next.length >= MAX_ARTICLES) { notPlaced.push(r.name); continue; }
      next.push(newCard());
      i = next.length - 1;
    }
    const old = next[i]!;
    // A file replaces the article's body; an outlet the user typed stays unless the file names one.
    // A file's name is no outlet name: without one the engine names the article by its URL or headline.
    next[i] = { ...old, ...r.patch, outlet: r.patch.outlet ?? old.outlet, status: null, error: '' };
  }
  return { cards: next, notPlaced };
}

// ------------------------------------------------------------------ errors from the server

/** Engine messages start lower-case and have no full stop; shown as a sentence. */
const sentence = (s: string) => {
  const t = s.trim();
  return t ? `${t[0]!.toUpperCase()}${t.slice(1)}${/[.!?…]$/.test(t) ? '' : '.'}` : t;
};

/** The request position (0-based) an engine error names: `articles[2].text`, `a3`, `#3`. */
function positionOf(body: Record<string, unknown>): number | undefined {
  const field = typeof body['field'] === 'string' ? /^articles\[(\d+)\]/.exec(body['field']) : null;
  if (field) return Number(field[1]);
  const article = typeof body['article'] === 'string' ? /^(?:a|#)(\d+)$/.exec(body['article']) : null;
  return article ? Number(article[1]) - 1 : undefined;
}

/** Splits an API error into messages for cards (by sent position) and the rest. */
function mapApiError(e: ApiError, sentKeys: number[]): { byKey: Map<number, string>; other: string[] } {
  const byKey = new Map<number, string>();
  const other: string[] = [];
  const add = (pos: number | undefined, msg: string) => {
    const key = pos === undefined ? undefined : sentKeys[pos];
    if (key === undefined) other.push(msg);
    else byKey.set(key, byKey.has(key) ? `${byKey.get(key)} ${msg}` : msg);
  };
  for (const fe of e.errors) {
    const m = /^\/articles\/(\d+)(?:\/(.*))?$/.exec(fe.pointer);
    if (m) add(Number(m[1]), sentence(m[2] ? `${m[2]}: ${fe.detail}` : fe.detail));
    else other.push(`${fe.pointer || 'request'}: ${fe.detail}`);
  }
  const skipped = Array.isArray(e.body['skipped']) ? (e.body['skipped'] as { index?: number; message?: string }[]) : [];
  for (const s of skipped) add(s.index, sentence(s.message ?? 'left out'));
  const pos = positionOf(e.body);
  if (pos !== undefined && sentKeys[pos] !== undefined && !byKey.has(sentKeys[pos]!)) byKey.set(sentKeys[pos]!, sentence(e.message));
  return { byKey, other };
}

// ------------------------------------------------------------------ page

interface PageError { message: string; items: string[] }
interface Outcome { id: string; notes: string[] }

export function NewComparisonPage() {
  const [cards, setCards] = useState<Card[]>(() => [newCard(), newCard()]);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState('');
  const [pageError, setPageError] = useState<PageError | null>(null);
  const [fileNotice, setFileNotice] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [dragging, setDragging] = useState(false);
  const [eventTitle, setEventTitle] = useState('');
  // The card traced to the others (provenance), if any: one at most.
  const [derivedKey, setDerivedKey] = useState<number | null>(null);
  const dragDepth = useRef(0);
  const extracted = useRef(new Map<string, ExtractedArticle>()); // by URL: a retry does not fetch again
  const mounted = useRef(true);
  useEffect(() => () => { mounted.current = false; }, []);
  // A saved comparison with articles left out: take the keyboard to its link.
  useEffect(() => { if (outcome) document.getElementById('open-comparison')?.focus(); }, [outcome]);

  // Files dropped outside the drop zone would make the browser open them and lose the form.
  useEffect(() => {
    const guard = (e: DragEvent) => { if (e.dataTransfer?.types.includes('Files')) e.preventDefault(); };
    addEventListener('dragover', guard);
    addEventListener('drop', guard);
    return () => { removeEventListener('dragover', guard); removeEventListener('drop', guard); };
  }, []);

  const update = (key: number, patch: CardPatch) => setCards((cs) => cs.map((c) => (c.key === key ? { ...c, ...patch } : c)));

  async function addFiles(list: FileList | null, startKey: number | null) {
    const files = list ? [...list] : [];
    if (files.length === 0) return;
    const results: FileResult[] = await Promise.all(files.map((f) => readArticleFile(f).then(
      (patch) => ({ name: f.name, patch }),
      (e: unknown) => ({ name: f.name, error: errorMessage(e) }),
    )));
    if (!mounted.current) return;
    let notPlaced: string[] = [];
    setCards((cs) => {
      const placed = placeFiles(cs, results, startKey);
      notPlaced = placed.notPlaced;
      return placed.cards;
    });
    const problems = results.flatMap((r) => ('error' in r ? [`${r.name}: ${r.error}`] : []));
    if (notPlaced.length) problems.push(`${notPlaced.join(', ')}: not added, a comparison holds at most ${MAX_ARTICLES} articles.`);
    setFileNotice(problems.length ? `Some files were not added. ${problems.join(' ')}` : '');
  }

  function onDrop(e: DragEvent, startKey: number | null) {
    e.preventDefault();
    e.stopPropagation();
    dragDepth.current = 0;
    setDragging(false);
    if (!busy) void addFiles(e.dataTransfer?.files ?? null, startKey);
  }

  async function compare(e: Event) {
    e.preventDefault();
    if (busy) return;
    const snapshot = cards;
    setOutcome(null);
    setProgress('');
    const invalid = new Map(snapshot.map((c) => [c.key, validateCard(c)] as const).filter(([, p]) => p));
    setCards((cs) => cs.map((c) => ({ ...c, error: invalid.get(c.key) ?? '', status: null })));
    if (invalid.size > 0) {
      const numbers = snapshot.flatMap((c, i) => (invalid.has(c.key) ? [`Article ${i + 1}`] : []));
      setPageError({ message: `Fix ${numbers.join(', ')} (marked above), then compare again.`, items: [] });
      document.getElementById(`card-${[...invalid.keys()][0]}-url`)?.focus();
      return;
    }
    setPageError(null);
    setBusy(true);
    try {
      await run(snapshot);
    } finally {
      if (mounted.current) setBusy(false);
    }
  }

  async function run(snapshot: Card[]) {
    // 1. Fetch the URL-only cards, all at once; each card reports its own outcome.
    const fetched = new Map<number, ExtractedArticle>();
    const failed = new Set<number>();
    const toFetch = snapshot.filter((c) => !hasBody(c));
    if (toFetch.length) setProgress(`Fetching ${toFetch.length === 1 ? '1 article' : `${toFetch.length} articles`}…`);
    await Promise.all(toFetch.map(async (c) => {
      const url = c.url.trim();
      update(c.key, { status: { kind: 'busy', text: 'Fetching…' } });
      try {
        const ex = extracted.current.get(url) ?? (await api.extract({ url }));
        if (ex.paragraphs.length === 0) throw new Error('no article text was found on the page');
        extracted.current.set(url, ex);
        fetched.set(c.key, ex);
        update(c.key, { status: { kind: 'ok', text: `Fetched: ${ex.title ?? url}` } });
      } catch (err) {
        failed.add(c.key);
        // The server's message repeats "Could not fetch <url>:"; the card already shows the URL.
        const reason = errorMessage(err).replace(/^Could not fetch \S+: /, '');
        update(c.key, { status: { kind: 'failed', text: `Could not fetch: ${reason}` } });
      }
    }));
    if (!mounted.current) return;

    // 2. Keep going with what is usable, as long as a comparison is still possible.
    const usable = snapshot.filter((c) => !failed.has(c.key));
    const leftOut = snapshot.flatMap((c, i) => (failed.has(c.key) ? [`Article ${i + 1}`] : []));
    if (usable.length < MIN_ARTICLES) {
      setProgress('');
      setPageError({
        message: `Only ${usable.length} of ${snapshot.length} articles could be used, and a comparison needs at least ${MIN_ARTICLES}. `
          + 'Fix the URLs that could not be fetched (or paste their text instead), then compare again.',
        items: [],
      });
      return;
    }
    const leftOutNote = leftOut.length ? `Left out (could not fetch): ${leftOut.join(', ')}.` : '';
    setProgress(`Analysing ${usable.length} articles…${leftOutNote ? ` ${leftOutNote}` : ''}`);

    // 3. Compare and save.
    const sentKeys = usable.map((c) => c.key);
    const number = (key: number | undefined) => snapshot.findIndex((c) => c.key === key) + 1;
    try {
      // Articles are given ids by position (a1, a2...), so the derived one can be named.
      const derivedAt = usable.findIndex((c) => c.key === derivedKey);
      const options = derivedAt >= 0 ? { provenance: { derived: `a${derivedAt + 1}` } } : undefined;
      const res = await api.compare(usable.map((c, i) => ({ ...toSource(c, fetched.get(c.key)), id: `a${i + 1}` })), true, eventTitle.trim() || undefined, options);
      if (!mounted.current) return;
      if (!res.id) throw new Error('The comparison was not saved.');
      // This browser keeps the delete token: the home page lists the comparison as this browser's, with Delete.
      if (res.deleteToken) {
        rememberOwn({
          id: res.id,
          title: res.comparison.title ?? res.comparison.articles.map((a) => a.name).join(', '),
          outlets: res.comparison.articles.map((a) => a.name),
          createdAt: new Date().toISOString(),
          deleteToken: res.deleteToken,
        });
      }
      if (!leftOutNote && res.skipped.length === 0) {
        navigate(`/c/${res.id}`);
        return;
      }
      // Something was left out: say so before opening the comparison, instead of hiding it.
      const notes = leftOutNote ? [leftOutNote] : [];
      for (const s of res.skipped) {
        const key = sentKeys[s.index];
        if (key !== undefined) update(key, { error: `Left out of the comparison: ${sentence(s.message)}` });
        notes.push(`Article ${number(key)}: ${sentence(s.message)}`);
      }
      setProgress('The comparison is saved, without the articles that were left out.');
      setOutcome({ id: res.id, notes });
    } catch (err) {
      if (!mounted.current) return;
      setProgress('');
      if (err instanceof ApiError) {
        const { byKey, other } = mapApiError(err, sentKeys);
        setCards((cs) => cs.map((c) => (byKey.has(c.key) ? { ...c, error: byKey.get(c.key)! } : c)));
        const marked = [...byKey.keys()].map((k) => `Article ${number(k)}`);
        setPageError({
          message: `${sentence(err.message)}${marked.length ? ` See ${marked.join(', ')}.` : ''}`,
          items: other,
        });
      } else {
        setPageError({ message: errorMessage(err), items: [] });
      }
    }
  }

  const dragProps = {
    onDragEnter: (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      dragDepth.current++;
      setDragging(true);
    },
    onDragLeave: () => {
      // dragenter/dragleave fire for every child; only the outermost leave ends the drag.
      dragDepth.current = Math.max(0, dragDepth.current - 1);
      if (dragDepth.current === 0) setDragging(false);
    },
    onDragOver: (e: DragEvent) => {
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    },
    onDrop: (e: DragEvent) => onDrop(e, null),
  };

  return (
    <section class={`page new-page${dragging ? ' dragging' : ''}`} aria-labelledby="new-title" {...dragProps}>
      <h1 id="new-title">New comparison</h1>
      <p class="muted">
        Add {MIN_ARTICLES} to {MAX_ARTICLES} articles about the same event: give each a URL, paste its text, or add a file.
        The comparison is saved and gets its own link.
      </p>
      <div class="drop-zone">
        <span class="drop-icon" aria-hidden="true">⇩</span>
        {dragging
          ? <strong>Drop the files to add them, one article per file</strong>
          : <span>Drop .html, .txt or .md files anywhere on this page: one article per file. Or use “Add files” on a card.</span>}
      </div>
      <div class="file-notice" role="alert">{fileNotice && <p class="error">{fileNotice}</p>}</div>

      <form onSubmit={compare} noValidate>
        <div class="event-title">
          <label for="event-title">Event title <span class="muted">(optional; it names the comparison, and can be changed later)</span></label>
          <input id="event-title" type="text" maxLength={300} value={eventTitle} placeholder="e.g. Harbor bridge closure vote" autocomplete="off"
            onInput={(e) => setEventTitle((e.target as HTMLInputElement).value)} />
        </div>
        <div class="article-cards">
          {cards.map((c, i) => (
            <ArticleCard
              key={c.key}
              card={c}
              number={i + 1}
              busy={busy}
              canRemove={cards.length > MIN_ARTICLES}
              onChange={(patch) => update(c.key, { ...patch, error: '' })}
              onRemove={() => setCards((cs) => cs.filter((x) => x.key !== c.key))}
              onFiles={(files) => void addFiles(files, c.key)}
              onDrop={(e) => onDrop(e, c.key)}
              derived={derivedKey === c.key}
              onDerived={(on) => setDerivedKey(on ? c.key : null)}
            />
          ))}
        </div>

        <div class="form-actions">
          <button type="button" onClick={() => setCards((cs) => [...cs, newCard()])} disabled={busy || cards.length >= MAX_ARTICLES}>
            Add article
          </button>
          <span class="muted">{cards.length} of {MAX_ARTICLES} articles</span>
          <button type="submit" class="primary big" disabled={busy} aria-describedby="compare-progress">Compare</button>
        </div>
        <p id="compare-progress" class="progress-text" role="status">{progress}</p>
        <div role="alert">
          {pageError && (
            <div class="problem">
              <p class="error">{pageError.message}</p>
              {pageError.items.length > 0 && <ul>{pageError.items.map((m) => <li key={m}>{m}</li>)}</ul>}
            </div>
          )}
        </div>
        {outcome && (
          <div class="outcome">
            <p><strong>Some articles were left out:</strong></p>
            <ul>{outcome.notes.map((n) => <li key={n}>{n}</li>)}</ul>
            <Link href={`/c/${outcome.id}`} id="open-comparison" class="button primary">Open the comparison</Link>
          </div>
        )}
      </form>
    </section>
  );
}

// ------------------------------------------------------------------ one article

interface CardProps {
  card: Card;
  number: number;
  busy: boolean;
  canRemove: boolean;
  onChange: (patch: CardPatch) => void;
  onRemove: () => void;
  onFiles: (files: FileList | null) => void;
  onDrop: (e: DragEvent) => void;
  /** This card is the derived article (a rewrite) to trace to the others. */
  derived: boolean;
  onDerived: (derived: boolean) => void;
}

function ArticleCard({ card, number, busy, canRemove, onChange, onRemove, onFiles, onDrop, derived, onDerived }: CardProps) {
  const id = (field: string) => `card-${card.key}-${field}`;
  const describedBy = card.error ? id('error') : undefined;
  const invalid = card.error ? 'true' : undefined;
  const value = (e: JSX.TargetedEvent<HTMLInputElement | HTMLTextAreaElement>) => e.currentTarget.value;
  return (
    <div
      class={`article-card${card.error ? ' has-error' : ''}`}
      role="group"
      aria-labelledby={id('heading')}
      onDragOver={(e) => e.preventDefault()}
      onDrop={onDrop}
    >
      <div class="card-head">
        <h2 id={id('heading')}>Article {number}</h2>
        <button type="button" class="small" onClick={onRemove} disabled={busy || !canRemove} aria-label={`Remove article ${number}`}>
          Remove
        </button>
      </div>

      <label class="derived-choice small">
        <input type="checkbox" checked={derived} disabled={busy} onChange={(e) => onDerived(e.currentTarget.checked)} />{' '}
        A rewrite: trace it to the other articles, sentence by sentence
      </label>
      <div class="field">
        <label for={id('outlet')}>Outlet</label>
        <input id={id('outlet')} type="text" value={card.outlet} placeholder="e.g. Harbor Daily" autocomplete="off"
          onInput={(e) => onChange({ outlet: value(e) })} />
      </div>
      <div class="field">
        <label for={id('title')}>Headline <span class="optional">(optional)</span></label>
        <input id={id('title')} type="text" value={card.title} autocomplete="off" onInput={(e) => onChange({ title: value(e) })} />
      </div>
      <div class="field">
        <label for={id('url')}>URL</label>
        <input id={id('url')} type="url" inputMode="url" value={card.url} placeholder="https://…" autocomplete="off"
          aria-invalid={invalid} aria-describedby={describedBy} onInput={(e) => onChange({ url: value(e) })} />
      </div>
      <div class="field">
        <label for={id('text')}>Text</label>
        <textarea id={id('text')} rows={7} value={card.text} placeholder="Paste the article, one paragraph per line"
          aria-invalid={invalid} aria-describedby={describedBy} onInput={(e) => onChange({ text: value(e) })} />
        {card.text.trim() !== '' && <PasteCount text={card.text} />}
      </div>

      <div class="field file-field">
        <label for={id('files')}>Add files</label>
        <input id={id('files')} type="file" accept={ACCEPT} multiple disabled={busy}
          onChange={(e) => { onFiles(e.currentTarget.files); e.currentTarget.value = ''; }} />
        {card.file && (
          <p class="file-name">
            <span class="label">File:</span> {card.file.name}
            {card.file.kind === 'html' && <span class="muted"> (HTML page: its article is extracted when you compare; the text box is not used)</span>}
            {' '}
            <button type="button" class="small link" onClick={() => onChange({ file: null })} aria-label={`Remove file ${card.file.name}`}>
              Remove file
            </button>
          </p>
        )}
      </div>

      {card.error && <p id={id('error')} class="error card-error">{card.error}</p>}
      <p class={`card-status${card.status ? ` ${card.status.kind}` : ''}`} role="status">
        {card.status?.text}
      </p>
    </div>
  );
}

/** How many paragraphs the comparison will see in the pasted text, and whether hard-wrapped lines were joined. */
function PasteCount(props: { text: string }) {
  const p = reflowPasted(props.text);
  return (
    <p class="paste-count small muted" data-paragraphs={p.paragraphs}>
      {p.paragraphs} {p.paragraphs === 1 ? 'paragraph' : 'paragraphs'}
      {p.reflowed && ` (the text looked hard-wrapped, with line breaks inside sentences: its ${p.lines} lines were joined into paragraphs, which blank lines separate)`}
    </p>
  );
}
