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
  'visuallyhidden', 'offscreen', 'jump', 'teaser', 'teasers', 'lightbox',
  'embed', 'tooltip', 'alert', 'notice', 'login', 'signin', 'register', 'donate', 'donation', 'feedback',
  'survey', 'support', 'correction', 'disclaimer', 'copyright', 'contributor', 'author', 'authors', 'avatar', 'headshot',
  'more', 'next', 'prev', 'previous',
]);

/**
 * Parts of class/id words that mark boilerplate wherever they appear in a word (`jp-relatedposts`,
 * `authorbox`, `imgcaption`): long enough not to occur inside innocent words.
 */
export const NEGATIVE_PARTS: readonly string[] = [
  'caption', 'credit', 'byline', 'dateline', 'related', 'newsletter', 'subscri', 'advert', 'sponsor',
  'comment', 'social', 'sharing', 'sharebar', 'sidebar', 'breadcrumb', 'cookie', 'consent', 'readtime',
  'timestamp', 'promo', 'author', 'paywall', 'signup', 'mostread', 'mostpopular', 'trending', 'readmore',
  'imgcap', 'photocap', 'piccap', 'figcap',
  // captions in other languages (French/German, Italian, Polish, German)
  'legende', 'didascalia', 'podpis', 'bildunterschrift',
];

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
  /** Date lines ("24 February 2025, 18:30 GMT Updated 21:05") are recognised below this length... */
  dateLineMaxChars: 100,
  /** ...when at most this many words remain once dates, times and date words are taken out. */
  dateLineMaxOtherWords: 1,
  /** A block naming the article's author and shorter than this is a byline or a sign-off... */
  bylineMaxChars: 100,
  /** ...unless it is a sentence of more words than this. */
  bylineMaxSentenceWords: 10,
  /** A block holding a `<time>` element and shorter than this is a dateline. */
  timeLineMaxChars: 120,
} as const;

/**
 * Words of date lines, taken out before counting what else a short block says: month and weekday
 * names and the words around publication times, in the languages of the development pages and a
 * few more (English, French, German, Spanish, Italian, Polish, Dutch, Portuguese), plus time zones.
 */
export const DATE_WORDS: ReadonlySet<string> = new Set([
  // English
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'mon', 'tue', 'tues', 'wed', 'thu', 'thurs', 'fri', 'sat', 'sun',
  'updated', 'published', 'posted', 'modified', 'last', 'on', 'at', 'am', 'pm', 'a.m', 'p.m', 'min', 'mins', 'minute', 'minutes', 'read', 'ago', 'hour', 'hours', 'today', 'yesterday',
  'gmt', 'utc', 'bst', 'cet', 'cest', 'et', 'est', 'edt', 'ct', 'cst', 'cdt', 'pt', 'pst', 'pdt', 'ist', 'jst', 'aest',
  // French
  'janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
  'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche', 'publié', 'publiée', 'mis', 'à', 'jour', 'le', 'lecture', 'h',
  // German
  'januar', 'februar', 'märz', 'juni', 'juli', 'oktober', 'dezember', 'aktualisiert', 'veröffentlicht', 'um', 'uhr', 'stand',
  // Spanish, Italian, Portuguese
  'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre',
  'gennaio', 'febbraio', 'aprile', 'maggio', 'giugno', 'luglio', 'settembre', 'ottobre', 'dicembre',
  'janeiro', 'fevereiro', 'março', 'maio', 'junho', 'julho', 'setembro', 'outubro', 'novembro', 'dezembro',
  'actualizado', 'publicado', 'aggiornato', 'pubblicato', 'atualizado', 'de', 'del', 'el', 'las', 'alle', 'ore',
  // Polish, Dutch
  'stycznia', 'lutego', 'marca', 'kwietnia', 'maja', 'czerwca', 'lipca', 'sierpnia', 'września', 'października', 'listopada', 'grudnia',
  'aktualizacja', 'opublikowano', 'zaktualizowano', 'godz', 'januari', 'februari', 'maart', 'mei', 'augustus', 'bijgewerkt', 'gepubliceerd', 'om',
]);


/**
 * Short lines that are page furniture, not article text (checked on blocks shorter than
 * `BLOCK_FILTERS.furnitureMaxChars`). English-first; the structural signals do the rest elsewhere.
 */
export const FURNITURE_LINES: readonly RegExp[] = [
  /^(advertisement|advertisements|ad|sponsored( content)?|anzeige|werbung|publicité|publicidad|pubblicità|reklama|advertentie|publicidade|реклама|広告|广告|광고)$/i,
  /^(czytaj (także|też|również|więcej)|zobacz (także|też|również)|(à )?lire aussi|voir aussi|lesen sie (auch|mehr)|mehr zum thema|lee (también|más)|leer más|leggi anche|lees ook|leia (também|mais)|関連記事|あわせて読みたい|相关阅读|相關新聞)(?!\p{L}).{0,100}$/iu,
  /^\d+\s*(comments?|replies|commentaires|kommentare|comentarios|komentarz[ey]?)$/i,
  /^(read|see|watch|listen)( (more|also|next|now|the full story))?\s*[:»›>-]/i,
  /^(related|more on this( story)?|more from|recommended|most (read|popular)|trending)( (stories|articles|coverage|content))?\s*:?$/i,
  /^(share|share this( article| story)?|follow us|sign up|subscribe|newsletter|click here|tap here)\b.{0,60}$/i,
  /^(photo|image|picture|video|illustration|graphic)( credit)?s?\s*:/i,
  // A caption ends with its credit: "... – Photo: Jane Roe / Agency".
  /[–—-]\s*(photo|foto|crédit|credit|image|picture|bild|zdjęcie)s?\s*:\s*[^.]{0,80}$/i,
  /\b(getty images|shutterstock|afp via getty|ap photo|reuters\/[a-z]+)\s*\)?\.?$/i,
  /^(©|\(c\)|copyright\b)/i,
  /^(updated|published|posted|last (updated|modified))\s*:?\s*(on\s+)?[\w ,:.]*\d[\w ,:.]*$/i,
  /^by\s+[\p{Lu}][\p{L}.'’-]+(\s+[\p{Lu}][\p{L}.'’-]+){0,3}(\s*(,|and|&)\s*[\p{Lu}][\p{L}.'’-]+(\s+[\p{Lu}][\p{L}.'’-]+){0,3})*$/u,
  /^(we use cookies|this (site|website) uses cookies)/i,
  /^(loading|please enable javascript)\b/i,
];
