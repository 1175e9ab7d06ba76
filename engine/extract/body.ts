/**
 * Finds the article body in a parsed page and returns its paragraphs.
 *
 * One walk over the DOM collects text blocks (paragraphs, headings, list items, quotes, and runs of
 * loose text inside containers), skipping furniture by tag, role, hidden state and class words.
 * Each block's score goes to its ancestors (Readability's propagation), the best-scoring container
 * wins, siblings that look like more of the same join it, and the blocks inside pass per-block
 * filters (link density, furniture lines). Tables and weights: `boilerplate.ts`.
 */
import type { AnyNode, Element } from 'domhandler';
import {
  BLOCK_FILTERS, CLASS_WEIGHT, CONTAINER, DATE_WORDS, DROP_TAGS, FURNITURE_LINES, INLINE_TAGS,
  NEGATIVE_PARTS, NEGATIVE_ROLES, NEGATIVE_WORDS, PARAGRAPH_SCORE, PARAGRAPH_TAGS, POSITIVE_WORDS, TAG_WEIGHTS,
} from './boilerplate.ts';

/** One run of text that becomes (at most) one output paragraph. */
interface Block {
  text: string;
  linkChars: number;
  /** The element the block belongs to: the paragraph element, or the container of loose text. */
  owner: Element;
  /** True when `owner` is a paragraph-like element (its parent is the first candidate). */
  ownElement: boolean;
  /** The tag that made the block (`p`, `li`, `h2`, or the container's tag for loose text). */
  tag: string;
  /** The nearest ancestor whose class or id marks furniture (kept out only when inside the chosen container). */
  marked: Element | undefined;
  /** The block holds a `<time>` element's text. */
  hasTime: boolean;
}

/** Text totals and score of a candidate container. */
interface Stats {
  chars: number;
  linkChars: number;
  score: number;
  /** Characters in prose-like blocks (long, few links, not marked furniture in a strict pass). */
  prose: number;
}

/** What the page's metadata tells the body filters. */
export interface BodyHints {
  title?: string;
  byline?: string;
}

interface FilterContext {
  title: string | undefined;
  authors: string[];
}

export interface BodyResult {
  paragraphs: string[];
  /** Characters of text in the chosen container before filtering. */
  chars: number;
  /** Kept paragraphs that follow a linked headline: teaser cards, the mark of an index page. */
  teasers: number;
}

const ROOT_TAGS = new Set(['html', 'body', 'main', 'article']);

function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** Lower-case words of a class or id name: `articleBody main-text` → article, body, main, text. */
function splitWords(raw: string, into: string[]): void {
  for (const part of raw.split(/[\s_\-:.]+/)) {
    if (!part) continue;
    into.push(part.toLowerCase());
    // camelCase parts too, so `articleBody` counts as article + body and `shareBar` as share.
    const camel = part.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(' ');
    if (camel.length > 1) into.push(...camel);
  }
}

/**
 * The words of an element's class and id. `all` is every word; `own` leaves out the block part
 * of BEM names (`block__element--modifier`): in `post__support` the element is a support box,
 * and the `post` it belongs to must not vouch for it as article content.
 */
function classWords(el: Element): { all: string[]; own: string[] } {
  const raw = `${el.attribs['class'] ?? ''} ${el.attribs['id'] ?? ''}`;
  const all: string[] = [];
  const own: string[] = [];
  if (raw.length < 2) return { all, own };
  for (const name of raw.split(/\s+/)) {
    if (!name) continue;
    splitWords(name, all);
    const i = name.lastIndexOf('__');
    splitWords(i >= 0 ? name.slice(i + 2) : name, own);
  }
  return { all, own };
}

function isNegativeWord(w: string): boolean {
  return NEGATIVE_WORDS.has(w) || (w.length >= 5 && NEGATIVE_PARTS.some((p) => w.includes(p)));
}

function classWeight(el: Element): number {
  let w = 0;
  const { all, own } = classWords(el);
  if (all.some(isNegativeWord)) w -= CLASS_WEIGHT;
  if (own.some((x) => POSITIVE_WORDS.has(x))) w += CLASS_WEIGHT;
  return w;
}

/** Never shown, or furniture by its ARIA role: skipped with its content wherever it is. */
function isHiddenOrFurnitureRole(el: Element): boolean {
  const a = el.attribs;
  if ('hidden' in a || a['aria-hidden'] === 'true') return true;
  const style = a['style'];
  if (style && /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style)) return true;
  const role = a['role'];
  return role !== undefined && NEGATIVE_ROLES.has(role.toLowerCase());
}

/**
 * A class or id word marks boilerplate (and no content word protects it). Such a subtree is not
 * dropped outright: whole articles sit inside wrappers named "sticky-sidebar" or "widget". It is
 * dropped when it lies inside the chosen container.
 */
function isMarked(el: Element, tag: string): boolean {
  if (ROOT_TAGS.has(tag)) return false;
  const { all, own } = classWords(el);
  return all.some(isNegativeWord) && !own.some((x) => POSITIVE_WORDS.has(x));
}

/** A node still to visit, with what its ancestors decided. */
interface Frame {
  node: AnyNode;
  inLink: boolean;
  inTime: boolean;
  container: Element | undefined;
  paragraph: boolean;
  marked: Element | undefined;
}

/** Walks the DOM once and returns the text blocks in document order. */
function collectBlocks(root: AnyNode): Block[] {
  const blocks: Block[] = [];
  let text = '';
  let linkChars = 0;
  let owner: Element | undefined;
  let ownElement = false;
  let ownerTag = '';
  let marked: Element | undefined;
  let hasTime = false;

  const flush = (): void => {
    const t = text.replace(/\s+/g, ' ').trim();
    if (t && owner) blocks.push({ text: t, linkChars: Math.min(linkChars, t.length), owner, ownElement, tag: ownerTag, marked, hasTime });
    text = '';
    linkChars = 0;
    hasTime = false;
  };

  // An explicit stack instead of recursion: hostile pages nest elements tens of thousands deep.
  const FLUSH = null;
  const stack: (Frame | typeof FLUSH)[] = [{ node: root, inLink: false, inTime: false, container: undefined, paragraph: false, marked: undefined }];
  const pushChildren = (children: readonly AnyNode[], frame: Omit<Frame, 'node'>): void => {
    for (let i = children.length - 1; i >= 0; i--) stack.push({ ...frame, node: children[i]! });
  };
  while (stack.length > 0) {
    const f = stack.pop();
    if (f === FLUSH || f === undefined) {
      flush();
      continue;
    }
    const { node, inLink, inTime, container, paragraph, marked: markedNow } = f;
    if (node.type === 'text') {
      const data = (node as { data: string }).data;
      if (!owner || owner !== container || marked !== markedNow) {
        flush();
        marked = markedNow;
        owner = container;
        ownElement = paragraph;
        ownerTag = container?.name ?? '';
      }
      text += data;
      if (inLink) linkChars += data.replace(/\s+/g, ' ').trim().length;
      if (inTime && data.trim()) hasTime = true;
      continue;
    }
    if (!isElement(node)) {
      if (node.type === 'root') pushChildren((node as { children: AnyNode[] }).children, { inLink, inTime, container, paragraph, marked: markedNow });
      continue;
    }
    const tag = node.name.toLowerCase();
    if (DROP_TAGS.has(tag) || node.type !== 'tag') continue;
    if (tag === 'br' || tag === 'hr') {
      flush();
      continue;
    }
    if (isHiddenOrFurnitureRole(node)) continue;
    if (INLINE_TAGS.has(tag)) {
      // Inline elements never mark furniture: a dateline `<span>` belongs to its paragraph.
      pushChildren(node.children, { inLink: inLink || tag === 'a', inTime: inTime || tag === 'time', container, paragraph, marked: markedNow });
      continue;
    }
    const markedHere = isMarked(node, tag) ? node : markedNow;
    // A block element: it ends the current run and starts its own.
    flush();
    stack.push(FLUSH);
    pushChildren(node.children, { inLink, inTime, container: node, paragraph: PARAGRAPH_TAGS.has(tag) && !hasBlockChild(node), marked: markedHere });
  }
  flush();
  return blocks;
}

function hasBlockChild(el: Element): boolean {
  for (const c of el.children) {
    if (isElement(c) && c.type === 'tag') {
      const t = c.name.toLowerCase();
      if (t === 'p' || t === 'div' || t === 'ul' || t === 'ol' || t === 'table' || t === 'section' || t === 'blockquote') return true;
    }
  }
  return false;
}

function paragraphScore(b: Block): number {
  const s = PARAGRAPH_SCORE;
  const commas = (b.text.match(/[,，、]/g) ?? []).length;
  return s.base + commas * s.perComma + Math.min(s.maxLengthPoints, Math.floor(b.text.length / s.charsPerPoint));
}

function statsOf(map: Map<Element, Stats>, el: Element): Stats {
  let s = map.get(el);
  if (!s) {
    s = { chars: 0, linkChars: 0, score: 0, prose: 0 };
    map.set(el, s);
  }
  return s;
}

/**
 * Ancestor walks stop this many levels up (browsers' HTML parsers also stop nesting near 512), so
 * a page nested absurdly deep costs linear time, not quadratic.
 */
const MAX_ANCESTORS = 512;

function parentElement(el: Element): Element | undefined {
  const p = el.parent;
  return p && isElement(p as AnyNode) ? (p as Element) : undefined;
}

function isInside(el: Element, container: Element): boolean {
  let depth = 0;
  for (let e: Element | undefined = el; e && depth < MAX_ANCESTORS; e = parentElement(e), depth++) if (e === container) return true;
  return false;
}

function isFurnitureLine(text: string): boolean {
  if (text.length >= BLOCK_FILTERS.furnitureMaxChars) return false;
  return FURNITURE_LINES.some((re) => re.test(text));
}

/**
 * Extracts the body paragraphs from a parsed document.
 *
 * @param root the document root (a domhandler node, e.g. cheerio's `$.root()[0]`)
 * @param hints what the metadata says: the headline (a repeated `<h1>` is not body text) and the
 *   byline (short blocks naming the author are bylines and sign-offs, not body text)
 */
export function extractBody(root: AnyNode, hints: BodyHints = {}): BodyResult {
  const blocks = collectBlocks(root);
  const context: FilterContext = {
    title: hints.title?.replace(/\s+/g, ' ').trim().toLowerCase(),
    authors: (hints.byline ?? '').split(/\s*(?:,|;|&|\band\b)\s*/).map((a) => a.trim().toLowerCase()).filter((a) => a.length >= 3),
  };
  // First without text inside marked furniture (comments, sidebars); when that finds too little,
  // again with it, since some sites wrap the whole article in a "sidebar" or "widget" (Readability
  // retries the same way).
  const strict = pickBody(blocks, true, context);
  if (strict.keptChars >= CONTAINER.minArticleChars) return strict;
  const lenient = pickBody(blocks, false, context);
  return lenient.keptChars > strict.keptChars ? lenient : strict;
}

function pickBody(blocks: readonly Block[], strict: boolean, context: FilterContext): BodyResult & { keptChars: number } {
  const stats = new Map<Element, Stats>();
  const scored = new Set<Element>();

  // Text totals on every ancestor (for link density), scores on the nearest few.
  for (const b of blocks) {
    const start = b.ownElement ? parentElement(b.owner) : b.owner;
    const prose = isProse(b) && !(strict && b.marked) ? b.text.length : 0;
    let depth = 0;
    for (let e: Element | undefined = b.owner; e && depth < MAX_ANCESTORS; e = parentElement(e), depth++) {
      const s = statsOf(stats, e);
      s.chars += b.text.length;
      s.linkChars += b.linkChars;
      s.prose += prose;
    }
    if (b.text.length < PARAGRAPH_SCORE.minChars || (strict && b.marked)) continue;
    const score = paragraphScore(b);
    let level = 0;
    for (let e = start; e && level < PARAGRAPH_SCORE.ancestorLevels; e = parentElement(e), level++) {
      const s = statsOf(stats, e);
      if (!scored.has(e)) {
        scored.add(e);
        s.score += (TAG_WEIGHTS[e.name.toLowerCase()] ?? 0) + classWeight(e);
      }
      s.score += level === 0 ? score : level === 1 ? score / 2 : score / (level * 3);
    }
  }

  const candidates = [...scored].map((e) => {
    const s = stats.get(e)!;
    const density = s.chars > 0 ? s.linkChars / s.chars : 0;
    return { el: e, score: s.score * (1 - density) };
  });
  candidates.sort((x, y) => y.score - x.score);
  const top = candidates[0];
  if (!top) return { paragraphs: [], chars: 0, keptChars: 0, teasers: 0 };

  // Several strong candidates under one ancestor: the article is split across them.
  let container = top.el;
  const alternatives = candidates.slice(1, 6).filter((c) => c.score >= top.score * CONTAINER.alternativeShare);
  if (alternatives.length >= CONTAINER.alternativesNeeded) {
    for (let a = parentElement(container); a && a.name !== 'body' && a.name !== 'html'; a = parentElement(a)) {
      const inside = alternatives.filter((c) => isInside(c.el, a)).length;
      if (inside >= CONTAINER.alternativesNeeded) {
        container = a;
        break;
      }
    }
  }

  // The article split into chunks (cousins of the container): climb to the ancestor holding them
  // all, while each step up adds real prose and does not bring in mostly links.
  container = widen(container, stats);

  // Siblings that score like the container, or read like prose, join it.
  const chosen: Element[] = [container];
  const parent = parentElement(container);
  if (parent) {
    const threshold = Math.max(CONTAINER.siblingMinScore, top.score * CONTAINER.siblingShare);
    const containerClass = container.attribs['class'] ?? '';
    for (const sib of parent.children) {
      if (sib === container || !isElement(sib) || sib.type !== 'tag') continue;
      const s = stats.get(sib);
      if (!s) continue;
      const bonus = containerClass && sib.attribs['class'] === containerClass ? top.score * CONTAINER.siblingShare : 0;
      const density = s.chars > 0 ? s.linkChars / s.chars : 0;
      if (s.score + bonus >= threshold) chosen.push(sib);
      else if (sib.name === 'p' && s.chars > CONTAINER.siblingParagraphChars && density < CONTAINER.siblingLinkDensity) chosen.push(sib);
    }
  }

  const paragraphs: string[] = [];
  let chars = 0;
  let keptChars = 0;
  let teasers = 0;
  let afterLinkedHeading = false;
  for (const b of blocks) {
    const home = chosen.find((c) => isInside(b.owner, c));
    if (!home) continue;
    if (b.marked && b.marked !== home && isInside(b.marked, home)) continue;
    chars += b.text.length;
    const linkedHeading = /^h[1-6]$/.test(b.tag) && b.linkChars > b.text.length * BLOCK_FILTERS.maxLinkDensity;
    if (keepBlock(b, stats, context)) {
      if (afterLinkedHeading) teasers++;
      paragraphs.push(b.text);
      keptChars += b.text.length;
    }
    afterLinkedHeading = linkedHeading;
  }
  return { paragraphs, chars, keptChars, teasers };
}

function isProse(b: Block): boolean {
  return b.text.length >= CONTAINER.proseMinChars && b.linkChars / b.text.length < CONTAINER.proseMaxLinkDensity;
}

function widen(container: Element, stats: Map<Element, Stats>): Element {
  let best = container;
  const base = stats.get(container)?.prose ?? 0;
  let level = 0;
  for (let a = parentElement(container); a && a.name !== 'body' && a.name !== 'html' && level < CONTAINER.widenLevels; a = parentElement(a), level++) {
    const s = stats.get(a);
    if (!s) continue;
    const density = s.chars > 0 ? s.linkChars / s.chars : 0;
    if (density > CONTAINER.widenMaxLinkDensity) break;
    if (s.prose >= (stats.get(best)?.prose ?? base) * CONTAINER.widenGrowth) best = a;
  }
  return best;
}

/**
 * A short line that is only a date, a time or a reading time: "24 February 2025, 18:30 GMT
 * Updated 21:05", "4 minute read", "2025年3月4日 10時15分". It must hold a digit.
 */
export function isDateLine(text: string): boolean {
  if (text.length >= BLOCK_FILTERS.dateLineMaxChars || !/\d/.test(text)) return false;
  const rest = text
    .toLowerCase()
    .replace(/[\d年月日時分秒]+/g, ' ')
    .split(/[^\p{L}.]+/u)
    .map((w) => w.replace(/^\.+|\.+$/g, ''))
    .filter((w) => w.length > 1 && !DATE_WORDS.has(w) && !DATE_WORDS.has(w.replace(/\.$/, '')));
  return rest.length <= BLOCK_FILTERS.dateLineMaxOtherWords;
}

function namesAuthor(text: string, authors: readonly string[]): boolean {
  if (authors.length === 0 || text.length >= BLOCK_FILTERS.bylineMaxChars) return false;
  const lower = text.toLowerCase();
  if (!authors.some((a) => lower.includes(a))) return false;
  const words = text.split(/\s+/).length;
  return !(/[.!?]["'”’]?$/.test(text) && words > BLOCK_FILTERS.bylineMaxSentenceWords);
}

const PROSE_TAGS = new Set(['p', 'li', 'td', 'th', 'dd', 'dt', 'pre', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

function keepBlock(b: Block, stats: Map<Element, Stats>, context: FilterContext): boolean {
  const density = b.text.length > 0 ? b.linkChars / b.text.length : 0;
  if (density > BLOCK_FILTERS.maxLinkDensity && b.text.length < BLOCK_FILTERS.linkDensityExemptChars) return false;
  if (isFurnitureLine(b.text) || (!PROSE_TAGS.has(b.tag) && isDateLine(b.text))) return false;
  if (b.hasTime && b.text.length < BLOCK_FILTERS.timeLineMaxChars) return false;
  if (namesAuthor(b.text, context.authors)) return false;
  if (context.title && b.tag === 'h1' && b.text.toLowerCase() === context.title) return false;
  if (b.tag === 'li') {
    const list = parentElement(b.owner);
    const s = list ? stats.get(list) : undefined;
    if (s && s.chars > 0 && s.linkChars / s.chars > BLOCK_FILTERS.maxListLinkDensity) return false;
  }
  return true;
}
