/**
 * JSON Schemas (2020-12) of the API's request bodies. The same objects validate requests (Ajv) and
 * make the OpenAPI document (`openapi.ts`), so the two cannot drift apart.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { ProblemError, type FieldError } from './problems.ts';
import { MAX_JSON_DEPTH, overCeiling, RequestOptionsSchema, tooDeep, type Ceilings } from './guard.ts';

const text = (maxLength: number, description: string) => ({ type: 'string', maxLength, description });

/** An article in a request: text, paragraphs, HTML or a URL to fetch. */
export const ArticleSchema = {
  $id: 'Article',
  type: 'object',
  additionalProperties: false,
  description: 'One article: its body as `text` or `paragraphs`, or a page as `html`, or only a `url` to fetch. Fields given win over extracted ones.',
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 200, description: 'Unique within the request; defaults to a1, a2...' },
    title: text(2_000, 'Headline'),
    outlet: text(500, 'Outlet name'),
    url: { type: 'string', maxLength: 4_096, pattern: '^https?://', description: 'The article page; fetched when no body is given' },
    published: text(100, 'Publication time, ISO 8601 preferred'),
    byline: text(1_000, 'Authors'),
    text: { type: 'string', description: 'Body text; paragraphs split on line breaks' },
    paragraphs: { type: 'array', items: { type: 'string' }, maxItems: 20_000, description: 'Body paragraphs, kept as given' },
    html: { type: 'string', description: 'A page to extract the article from' },
    relatedSources: { type: 'array', items: { type: 'string', maxLength: 4_096 }, maxItems: 1_000 },
  },
  anyOf: [{ required: ['text'] }, { required: ['paragraphs'] }, { required: ['html'] }, { required: ['url'] }],
} as const;

/** `POST /api/compare`. */
export const CompareBodySchema = {
  $id: 'CompareBody',
  type: 'object',
  additionalProperties: false,
  required: ['articles'],
  properties: {
    id: { type: 'string', maxLength: 200, description: 'A name for the comparison, echoed in it' },
    title: { type: 'string', maxLength: 300, description: "The event's title, shown as the comparison's title" },
    articles: { type: 'array', minItems: 2, maxItems: 12, items: { $ref: 'Article' } },
    options: { $ref: 'RequestOptions' },
    save: { type: 'boolean', description: 'Store the comparison and return its id, permalink and delete token' },
    listed: { type: 'boolean', description: 'With save: list it in GET /api/comparisons (default false: only whoever has the permalink can open it)' },
  },
} as const;

/** `PUT /api/comparisons/{id}`: the edited articles (and title), re-run in place; listing and marks stay. */
export const EditBodySchema = {
  $id: 'EditBody',
  type: 'object',
  additionalProperties: false,
  required: ['articles'],
  properties: {
    id: CompareBodySchema.properties.id,
    title: CompareBodySchema.properties.title,
    articles: CompareBodySchema.properties.articles,
    options: CompareBodySchema.properties.options,
  },
} as const;

/** The longest reviewer's note kept on a mark. */
export const MAX_NOTE_CHARS = 2_000;

/** `PUT /api/comparisons/{id}/marks/{key}`: a reviewer's verdict on one finding. */
export const MarkBodySchema = {
  $id: 'MarkBody',
  type: 'object',
  additionalProperties: false,
  required: ['status'],
  properties: {
    status: { enum: ['confirmed', 'dismissed'], description: 'confirmed: the finding holds; dismissed: it does not (it drops out of the list)' },
    note: { type: 'string', maxLength: MAX_NOTE_CHARS, description: "The reviewer's note" },
  },
} as const;

/** `POST /api/extract`: one page by URL or as HTML. */
export const ExtractBodySchema = {
  $id: 'ExtractBody',
  type: 'object',
  additionalProperties: false,
  properties: {
    url: { type: 'string', maxLength: 4_096, pattern: '^https?://' },
    html: { type: 'string' },
    contentType: { type: 'string', maxLength: 200, description: 'The Content-Type the HTML came with (its charset is used)' },
  },
  oneOf: [{ required: ['url'] }, { required: ['html'] }],
} as const;

/** One item of `POST /api/batches` (checked when it runs: a bad item gets an error row). */
export const BatchItemSchema = {
  $id: 'BatchItem',
  type: 'object',
  additionalProperties: false,
  required: ['articles'],
  properties: {
    id: { anyOf: [{ type: 'string', maxLength: 200 }, { type: 'number' }], description: 'Echoed in the item\'s result row' },
    title: { type: 'string', maxLength: 300, description: "The event's title" },
    articles: { type: 'array', minItems: 2, maxItems: 12, items: { $ref: 'Article' } },
    options: { $ref: 'RequestOptions' },
  },
} as const;

export const ALL_SCHEMAS = [ArticleSchema, CompareBodySchema, EditBodySchema, MarkBodySchema, ExtractBodySchema, BatchItemSchema, RequestOptionsSchema] as const;

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
for (const s of ALL_SCHEMAS) ajv.addSchema(s);
// Compiled at load: a schema mistake stops the server at start, never one request at a time.
for (const s of ALL_SCHEMAS) ajv.getSchema(s.$id);

function fieldErrors(errors: readonly ErrorObject[] | null | undefined): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    // anyOf/oneOf branches repeat each other; one message per place and kind is enough.
    if (e.keyword === 'required' && /anyOf|oneOf/.test(e.schemaPath)) continue;
    let detail = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') detail = `has an unknown field "${String(e.params['additionalProperty'])}"`;
    if (e.keyword === 'anyOf' && e.schemaPath.startsWith('Article')) detail = 'needs text, paragraphs, html or url';
    if (e.keyword === 'oneOf' && e.schemaPath.startsWith('ExtractBody')) detail = 'needs exactly one of url or html';
    const key = `${e.instancePath}|${detail}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer: e.instancePath || '/', detail });
  }
  return out;
}

const compiled = new Map<string, ValidateFunction>();

/**
 * Validates `value` against a schema by `$id`.
 * @throws ProblemError 422 `validation-failed` with field-level errors
 */
export function validate<T>(schemaId: string, value: unknown, ceilings?: Ceilings): T {
  const deep = tooDeep(value);
  if (deep !== null) {
    const error = { pointer: deep, detail: `nests deeper than ${MAX_JSON_DEPTH} levels` };
    throw new ProblemError(422, 'validation-failed', `${error.pointer} ${error.detail}`, { errors: [error] });
  }
  let fn = compiled.get(schemaId);
  if (!fn) {
    fn = ajv.getSchema(schemaId);
    if (!fn) throw new Error(`no schema ${schemaId}`);
    compiled.set(schemaId, fn);
  }
  if (fn(value)) {
    const over = ceilings && overCeiling((value as { options?: unknown }).options, ceilings);
    if (over) {
      const { option, ceiling, actual, ...error } = over;
      throw new ProblemError(422, 'over-ceiling', `${error.pointer} ${error.detail}`, { errors: [error], option, ceiling, actual });
    }
    return value as T;
  }
  const errors = fieldErrors(fn.errors);
  throw new ProblemError(422, 'validation-failed', errors.map((e) => `${e.pointer} ${e.detail}`).join('; '), { errors });
}
