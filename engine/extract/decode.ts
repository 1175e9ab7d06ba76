/**
 * Bytes to text for HTML and plain-text pages, following the WHATWG encoding-sniffing order:
 * byte-order mark, then the transport layer's charset (HTTP `Content-Type`), then a `<meta charset>`
 * or `<meta http-equiv="Content-Type">` within the first 1,024 bytes, then UTF-8 when the bytes are
 * valid UTF-8, else windows-1252 (what browsers assume for unlabelled Western pages).
 *
 * Decoding itself is the platform's `TextDecoder` (the WHATWG Encoding Standard, backed by ICU in
 * Node and in browsers): it knows every legacy encoding the web uses (windows-125x, ISO-8859-x,
 * KOI8, Shift_JIS, EUC-JP, ISO-2022-JP, GBK, gb18030, Big5, EUC-KR) and the label aliases for them,
 * so no hand-made code tables are needed.
 */
import { InputError } from '../errors.ts';

/** Where the encoding came from, for diagnostics. */
export type EncodingSource = 'bom' | 'header' | 'meta' | 'utf8-valid' | 'default';

export interface DecodedPage {
  text: string;
  /** The WHATWG name of the encoding used, e.g. `utf-8`, `windows-1252`, `shift_jis`. */
  encoding: string;
  source: EncodingSource;
}

interface TextDecoderLike {
  readonly encoding: string;
  decode(input: Uint8Array): string;
}
type TextDecoderCtor = new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => TextDecoderLike;

// TextDecoder is a web-platform global (Node, browsers, Deno), not I/O; reached through globalThis
// so the engine's type check does not need the DOM or Node type libraries.
const Decoder = (globalThis as unknown as { TextDecoder: TextDecoderCtor }).TextDecoder;

/** How many leading bytes the `<meta>` prescan reads (the WHATWG algorithm's limit). */
const PRESCAN_BYTES = 1024;

/** A decoder for `label`, or undefined when the label names no encoding the platform knows. */
function decoderFor(label: string, fatal = false): TextDecoderLike | undefined {
  try {
    return new Decoder(label.trim().toLowerCase(), { fatal });
  } catch {
    return undefined;
  }
}

/** The `charset` parameter of a Content-Type value, if any. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /;\s*charset\s*=\s*("?)([^";,\s]+)\1/i.exec(contentType);
  return m?.[2];
}

function bomEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

/**
 * The charset a `<meta>` declares in the first 1,024 bytes. A simplified form of the WHATWG
 * prescan: it reads the bytes as Latin-1 (every byte one character, so ASCII markup survives any
 * ASCII-compatible encoding), skips comments, and looks at `<meta>` tags only.
 */
export function metaCharset(bytes: Uint8Array): string | undefined {
  const head = latin1(bytes.subarray(0, PRESCAN_BYTES)).replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  const metaTag = /<meta\b([^>]*)>?/gi;
  for (let m = metaTag.exec(head); m; m = metaTag.exec(head)) {
    const attrs = m[1] ?? '';
    // `<meta charset=x>` counts alone; `content="text/html; charset=x"` only with http-equiv.
    const withoutContent = attrs.replace(/\bcontent\s*=\s*("[^"]*"|'[^']*'|[^\s>]*)/i, '');
    const direct = /(?:^|[\s/"'])charset\s*=\s*["']?\s*([^\s"'/>;]+)/i.exec(withoutContent);
    if (direct?.[1]) return direct[1];
    if (/http-equiv\s*=\s*["']?\s*content-type/i.test(attrs)) {
      const inContent = /\bcontent\s*=\s*["']?[^"'>]*?charset\s*=\s*([^\s"';>]+)/i.exec(attrs);
      if (inContent?.[1]) return inContent[1];
    }
  }
  return undefined;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    s += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 4096)));
  }
  return s;
}

/**
 * Decodes a page's bytes to text (see the module comment for the order of evidence).
 * A label the platform does not know is skipped, not fatal: the next source decides.
 * A UTF-16 label found in a `<meta>` is read as UTF-8, as the HTML standard requires.
 *
 * @param bytes the page as received (after any Content-Encoding was undone)
 * @param contentType the HTTP `Content-Type` header, when there was one
 * @throws InputError `invalid-format` when the bytes look binary (NUL bytes outside UTF-16)
 */
export function decodePage(bytes: Uint8Array, contentType?: string): DecodedPage {
  const bom = bomEncoding(bytes);
  if (bom) return finish(bytes, bom, 'bom');
  const header = charsetFromContentType(contentType);
  if (header) {
    const d = decoderFor(header);
    if (d) return finish(bytes, d.encoding, 'header');
  }
  const meta = metaCharset(bytes);
  if (meta) {
    const d = decoderFor(meta);
    if (d) return finish(bytes, d.encoding.startsWith('utf-16') ? 'utf-8' : d.encoding, 'meta');
  }
  const strict = decoderFor('utf-8', true);
  if (strict) {
    try {
      rejectBinary(bytes);
      return { text: strict.decode(bytes), encoding: 'utf-8', source: 'utf8-valid' };
    } catch (e) {
      if (e instanceof InputError) throw e;
    }
  }
  return finish(bytes, 'windows-1252', 'default');
}

function finish(bytes: Uint8Array, encoding: string, source: EncodingSource): DecodedPage {
  if (!encoding.startsWith('utf-16')) rejectBinary(bytes);
  const d = decoderFor(encoding) ?? decoderFor('windows-1252');
  if (!d) throw new InputError('invalid-format', 'This platform cannot decode text (no TextDecoder).');
  const text = d.decode(bytes);
  return { text: d.encoding === 'windows-1252' ? fixWindows1252(text) : text, encoding: d.encoding, source };
}

/**
 * The characters windows-1252 puts at bytes 0x80-0x9F (WHATWG index-windows-1252); the five
 * unassigned bytes map to the C1 control of the same value. Some Node releases decode
 * `windows-1252` (and its aliases `latin1`, `iso-8859-1`, `ascii`) as ISO-8859-1, leaving C1
 * controls where curly quotes, dashes and the euro sign belong; this puts them right, and is a
 * no-op where the platform already decodes correctly.
 */
const WINDOWS_1252_C1 = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f'
  + '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function fixWindows1252(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]!);
}

/** NUL bytes in the first 8 KB mean an image, PDF or archive, not a page. */
function rejectBinary(bytes: Uint8Array): void {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) {
    if (bytes[i] === 0) {
      throw new InputError('invalid-format', `This is not a text page: byte ${i} is NUL, as in an image, PDF or archive.`);
    }
  }
}
