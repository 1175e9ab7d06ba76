/**
 * The tables behind body extraction: which elements are never article text, which class and id
 * words mark boilerplate or content, how each element kind is weighted, and which short lines are
 * page furniture. The approach and most starting weights follow Mozilla Readability's published
 * heuristics (paragraph scores propagated to ancestors, link density, class weights); the word
 * lists were extended and every weight checked against the development pages (see README).
 */

/** Elements dropped with everything inside them: scripts, media, forms controls, navigation. */
export const DROP_TAGS: ReadonlySet<string> = new Set([
  'head', 'script', 'style', 'noscript', 'template', 'svg', 'math', 'canvas', 'iframe', 'object', 'embed',
  'video', 'audio', 'picture', 'img', 'map', 'button', 'input', 'select', 'textarea', 'option', 'label',
  'nav', 'aside', 'footer', 'figcaption', 'dialog', 'menu', 'link', 'meta',
  // AMP components that are never text: ads, sidebars (AMP's menu), share bars, analytics, consent.
  'amp-ad', 'amp-embed', 'amp-sticky-ad', 'amp-sidebar', 'amp-social-share', 'amp-analytics',
  'amp-consent', 'amp-iframe', 'amp-img', 'amp-video', 'amp-youtube', 'amp-twitter', 'amp-instagram',
  'amp-carousel', 'amp-geo', 'amp-user-notification', 'amp-pixel', 'amp-list',
]);

/** Elements whose content flows inside a paragraph; everything else starts a new block. */
export const INLINE_TAGS: ReadonlySet<string> = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'kbd',
  'mark', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var',
  'wbr', 'nobr', 'acronym', 'big', 'o:p',
]);

/** Block elements that are themselves one paragraph of output (their parent is the candidate). */
export const PARAGRAPH_TAGS: ReadonlySet<string> = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'pre', 'dd', 'dt', 'td', 'th', 'blockquote', 'address',
]);

/** Starting score of a candidate container by tag (Readability's initializeNode values). */
export const TAG_WEIGHTS: Readonly<Record<string, number>> = {
  div: 5, // the usual article wrapper
  article: 8, // semantic article wrapper: a little more than a div
  main: 3,
  section: 3,
  pre: 3, td: 3, blockquote: 3, // can hold real prose
  address: -3, ol: -3, ul: -3, dl: -3, dd: -3, dt: -3, li: -3, form: -3, // lists and forms rarely wrap an article
  h1: -5, h2: -5, h3: -5, h4: -5, h5: -5, h6: -5, th: -5, // headings are never the container
};

/** Weight added when an element's class or id has a positive word, subtracted for a negative one. */
export const CLASS_WEIGHT = 25;

/**
 * Class/id words (after splitting on `-`, `_`, spaces and camelCase) that mark boilerplate.
 * An element carrying one is dropped unless it also carries a content word (below) or is a
 * structural root (`html`, `body`, `main`, `article`).
 */
export const NEGATIVE_WORDS: ReadonlySet<string> = new Set([
  'ad', 'ads', 'adv', 'advert', 'advertisement', 'advertising', 'adslot', 'dfp', 'gpt', 'sponsor', 'sponsored',
  'promo', 'promotion', 'promoted', 'outbrain', 'taboola', 'banner', 'cookie', 'cookies', 'consent', 'gdpr',
  'comment', 'comments', 'disqus', 'respond', 'reply', 'share', 'sharing', 'sharebar', 'social', 'sociallinks',
  'related', 'recommended', 'recommendations', 'recirc', 'recirculation', 'newsletter', 'subscribe',
  'subscription', 'signup', 'paywall', 'regwall', 'sidebar', 'footer', 'masthead', 'breadcrumb',
  'breadcrumbs', 'menu', 'nav', 'navbar', 'navigation', 'popup', 'modal', 'overlay', 'toolbar', 'widget',
  'trending', 'mostread', 'popular', 'caption', 'credit', 'credits', 'byline', 'dateline', 'bio', 'pagination',
  'pager', 'skip', 'print', 'tags', 'tag', 'topics', 'keywords', 'rating', 'hidden', 'hide', 'sronly',
  'visuallyhidden', 'offscreen', 'jump', 'teaser', 'teasers', 'lightbox', 'gallery', 'slideshow', 'carousel',
  'embed', 'tooltip', 'alert', 'notice', 'login', 'signin', 'register', 'donate', 'donation', 'feedback',
  'survey', 'correction', 'disclaimer', 'copyright', 'contributor', 'author', 'authors', 'avatar', 'headshot',
  'more', 'next', 'prev', 'previous',
]);

/** Class/id words that mark the article itself; they protect an element from the negative words. */
export const POSITIVE_WORDS: ReadonlySet<string> = new Set([
  'article', 'body', 'content', 'entry', 'main', 'post', 'text', 'story', 'blog', 'prose', 'richtext',
  'articlebody', 'storybody', 'postbody', 'entrycontent', 'column',
]);

/** ARIA roles that mark page furniture. */
export const NEGATIVE_ROLES: ReadonlySet<string> = new Set([
  'navigation', 'menu', 'menubar', 'complementary', 'banner', 'contentinfo', 'alert', 'alertdialog', 'dialog',
  'search', 'toolbar', 'tooltip',
]);

/** Readability's paragraph score: a base point, one per comma, one per 100 characters up to 3. */
export const PARAGRAPH_SCORE = {
  /** Paragraphs shorter than this (characters) add nothing: too short to tell prose from furniture. */
  minChars: 25,
  base: 1,
  perComma: 1,
  charsPerPoint: 100,
  maxLengthPoints: 3,
  /** How many ancestors receive a paragraph's score; the parent gets it all, the grandparent half, then 1/(3·level). */
  ancestorLevels: 5,
} as const;

/** Choosing and widening the container. */
export const CONTAINER = {
  /** A sibling of the top container joins when its score reaches this share of the top score... */
  siblingShare: 0.2,
  /** ...and at least this absolute score. */
  siblingMinScore: 10,
  /** A sibling paragraph longer than this (chars) with link density under `siblingLinkDensity` joins. */
  siblingParagraphChars: 80,
  siblingLinkDensity: 0.25,
  /** When this many of the top candidates (scoring within `alternativeShare` of the top) share an ancestor, that ancestor is the container. */
  alternativesNeeded: 3,
  alternativeShare: 0.75,
  /** A body shorter than this (chars) sends the search round again with marked furniture counted (Readability's charThreshold). */
  minArticleChars: 500,
  /** A block is prose for widening when it has at least this many characters... */
  proseMinChars: 80,
  /** ...and less than this share of link text. */
  proseMaxLinkDensity: 0.25,
  /** Widening looks this many ancestors up from the container... */
  widenLevels: 6,
  /** ...and moves to one that holds at least this much more prose than the current choice... */
  widenGrowth: 1.3,
  /** ...unless that ancestor's text is more than this share links (a page shell, not the article). */
  widenMaxLinkDensity: 0.35,
} as const;

/** Per-block filters applied to the text inside the chosen container. */
export const BLOCK_FILTERS = {
  /** Blocks whose text is mostly links are link lists or "read more" lines... */
  maxLinkDensity: 0.5,
  /** ...unless long enough to be prose that links a lot. */
  linkDensityExemptChars: 300,
  /** A list (ul/ol) whose items are this much link text is a related-links box. */
  maxListLinkDensity: 0.35,
  /** Furniture lines below are only recognised in blocks shorter than this (chars). */
  furnitureMaxChars: 120,
} as const;

/**
 * Short lines that are page furniture, not article text (checked on blocks shorter than
 * `BLOCK_FILTERS.furnitureMaxChars`). English-first; the structural signals do the rest elsewhere.
 */
export const FURNITURE_LINES: readonly RegExp[] = [
  /^(advertisement|advertisements|ad|sponsored( content)?|anzeige|publicité|publicidad)$/i,
  /^(read|see|watch|listen)( (more|also|next|now|the full story))?\s*[:»›>-]/i,
  /^(related|more on this( story)?|more from|recommended|most (read|popular)|trending)( (stories|articles|coverage|content))?\s*:?$/i,
  /^(share|share this( article| story)?|follow us|sign up|subscribe|newsletter|click here|tap here)\b.{0,60}$/i,
  /^(photo|image|picture|video|illustration|graphic)( credit)?s?\s*:/i,
  /\b(getty images|shutterstock|afp via getty|ap photo|reuters\/[a-z]+)\s*\)?\.?$/i,
  /^(©|\(c\)|copyright\b)/i,
  /^(updated|published|posted|last (updated|modified))\s*:?\s*(on\s+)?[\w ,:.]*\d[\w ,:.]*$/i,
  /^by\s+[\p{Lu}][\p{L}.'’-]+(\s+[\p{Lu}][\p{L}.'’-]+){0,3}(\s*(,|and|&)\s*[\p{Lu}][\p{L}.'’-]+(\s+[\p{Lu}][\p{L}.'’-]+){0,3})*$/u,
  /^(we use cookies|this (site|website) uses cookies)/i,
  /^(loading|please enable javascript)\b/i,
];
