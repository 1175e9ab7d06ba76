/**
 * The OpenAPI 3.1 document, generated from the same JSON Schemas that validate requests
 * (`schemas.ts`) and from the comparison's own schema (`engine/schema/comparison.schema.json`).
 */
import comparisonSchema from '../../engine/schema/comparison.schema.json' with { type: 'json' };
import { ENGINE_VERSION } from '../../engine/index.ts';
import { ArticleSchema, BatchItemSchema, CompareBodySchema, EditBodySchema, ExtractBodySchema, MarkBodySchema } from './schemas.ts';
import { RequestOptionsSchema } from './guard.ts';

type Schema = Record<string, unknown>;

/** Rewrites `$ref: 'Article'` (Ajv ids) to OpenAPI component references, and drops `$id`. */
function component(schema: Schema): Schema {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Schema = {};
      for (const [k, x] of Object.entries(v)) {
        if (k === '$id') continue;
        out[k] = k === '$ref' && typeof x === 'string' && !x.startsWith('#') ? `#/components/schemas/${x}` : walk(x);
      }
      return out;
    }
    return v;
  };
  return walk(schema) as Schema;
}

/** The comparison schema with its own `$defs` rebased under components. */
function comparisonComponent(): { schema: Schema; defs: Record<string, Schema> } {
  const { $schema: _s, $id: _i, $defs, ...rest } = comparisonSchema as Schema & { $defs?: Record<string, Schema> };
  const rebase = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rebase);
    if (v && typeof v === 'object') {
      const out: Schema = {};
      for (const [k, x] of Object.entries(v)) out[k] = k === '$ref' && typeof x === 'string' ? x.replace('#/$defs/', '#/components/schemas/') : rebase(x);
      return out;
    }
    return v;
  };
  const defs: Record<string, Schema> = {};
  for (const [k, v] of Object.entries($defs ?? {})) defs[k] = rebase(v) as Schema;
  return { schema: rebase(rest) as Schema, defs };
}

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
const jsonBody = (ref: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
const jsonResponse = (description: string, schema: Schema) => ({ description, content: { 'application/json': { schema } } });
const idParam = (what: string) => ({ name: 'id', in: 'path', required: true, description: `The ${what}'s id`, schema: { type: 'string' } });
const editToken = { name: 'X-Edit-Token', in: 'header', required: true, description: 'The edit token: the deleteToken returned when the comparison was saved', schema: { type: 'string' } };
const common = { '429': problem('Rate limited'), '500': problem('Internal error') };

/** Builds the OpenAPI document for a server reachable at `serverUrl`. */
export function buildOpenApi(serverUrl: string): Schema {
  const { schema: comparison, defs } = comparisonComponent();
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  return {
    openapi: '3.1.0',
    info: { title: 'Parallax API', version: ENGINE_VERSION, description: 'Compare how outlets cover the same event: aligned passages, word-level differences and explained framing findings.' },
    servers: [{ url: serverUrl }],
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'Needed for saving, deleting and batches when the server sets PARALLAX_API_KEYS' } },
      schemas: {
        Article: component(ArticleSchema as unknown as Schema),
        CompareBody: component(CompareBodySchema as unknown as Schema),
        EditBody: component(EditBodySchema as unknown as Schema),
        MarkBody: component(MarkBodySchema as unknown as Schema),
        ExtractBody: component(ExtractBodySchema as unknown as Schema),
        BatchItem: component(BatchItemSchema as unknown as Schema),
        RequestOptions: component(RequestOptionsSchema as unknown as Schema),
        Comparison: comparison,
        ...defs,
        Skipped: { type: 'array', description: 'Articles left out because they could not be fetched or extracted', items: { type: 'object', properties: { index: { type: 'integer' }, id: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } } },
        Problem: {
          type: 'object',
          description: 'RFC 9457 problem details',
          properties: {
            type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, instance: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { pointer: { type: 'string' }, detail: { type: 'string' } } } },
          },
          required: ['type', 'title', 'status'],
        },
      },
    },
    paths: {
      '/api/compare': {
        post: {
          summary: 'Compare 2 to 12 articles (text, paragraphs, HTML or URLs)',
          requestBody: jsonBody('CompareBody'),
          responses: {
            '200': jsonResponse('The comparison', { type: 'object', properties: { comparison: ref('Comparison'), skipped: ref('Skipped') } }),
            '201': jsonResponse('Saved (save: true)', { type: 'object', properties: { id: { type: 'string' }, permalink: { type: 'string' }, deleteToken: { type: 'string' }, comparison: ref('Comparison'), skipped: ref('Skipped') } }),
            '400': problem('Malformed JSON'), '413': problem('Body too large'), '415': problem('Not JSON'), '422': problem('Invalid request or articles that cannot be compared'), '503': problem('Busy or shutting down'), ...common,
          },
        },
      },
      '/api/comparisons': {
        get: {
          summary: 'Saved comparisons, newest first',
          parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } }, { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } }],
          responses: { '200': jsonResponse('A page of summaries', { type: 'object', properties: { items: { type: 'array', items: { type: 'object' } }, total: { type: 'integer' }, next: { type: ['string', 'null'] } } }) },
        },
      },
      '/api/comparisons/{id}': {
        get: { summary: 'A saved comparison', parameters: [idParam('comparison')], responses: { '200': jsonResponse('The comparison', ref('Comparison')), '404': problem('Unknown id') } },
        put: {
          summary: 'Edit the articles (text, outlet, title) and re-run in place: same id, permalink, token and listing; marks of findings that still exist stay current, the others are kept as no longer current',
          security: [{}, { apiKey: [] }],
          parameters: [idParam('comparison'), editToken],
          requestBody: jsonBody('EditBody'),
          responses: { '200': jsonResponse('The re-run comparison, with counts of current and stale marks', { type: 'object' }), '403': problem('Missing or wrong edit token'), '404': problem('Unknown id'), '422': problem('Invalid request') },
        },
        delete: {
          summary: 'Delete a saved comparison', security: [{}, { apiKey: [] }],
          parameters: [idParam('comparison'), { name: 'X-Delete-Token', in: 'header', required: true, schema: { type: 'string' }, description: 'The edit token (X-Edit-Token is accepted too)' }],
          responses: { '204': { description: 'Deleted' }, '403': problem('Wrong delete token'), '404': problem('Unknown id') },
        },
      },
      '/api/comparisons/{id}/marks': {
        get: {
          summary: "The reviewers' marks: those on current findings in ranking order, then those whose finding a re-run no longer makes",
          parameters: [idParam('comparison'), editToken],
          responses: { '200': jsonResponse('The marks', { type: 'object', properties: { marks: { type: 'array', items: ref('ReviewMark') } } }), '403': problem('Missing or wrong edit token'), '404': problem('Unknown id') },
        },
      },
      '/api/comparisons/{id}/marks/{key}': {
        put: {
          summary: 'Confirm or dismiss one finding (by its key), with an optional note', security: [{}, { apiKey: [] }],
          parameters: [idParam('comparison'), { name: 'key', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{16}(-[0-9]+)?$' } }, editToken],
          requestBody: jsonBody('MarkBody'),
          responses: { '200': jsonResponse('The mark', ref('ReviewMark')), '403': problem('Missing or wrong edit token'), '404': problem('Unknown id or key'), '409': problem('Too many marks'), '422': problem('Invalid mark') },
        },
        delete: {
          summary: "Clear one finding's mark", security: [{}, { apiKey: [] }],
          parameters: [idParam('comparison'), { name: 'key', in: 'path', required: true, schema: { type: 'string' } }, editToken],
          responses: { '204': { description: 'Cleared' }, '403': problem('Missing or wrong edit token'), '404': problem('Unknown id') },
        },
      },
      '/api/comparisons/{id}/export': {
        get: {
          summary: 'Export: JSON, Markdown, a self-contained HTML report, or the findings as CSV; with the edit token, the reviewers\' marks are in it',
          parameters: [idParam('comparison'), { name: 'format', in: 'query', schema: { enum: ['json', 'md', 'html', 'csv'], default: 'json' } }, { ...editToken, required: false }],
          responses: { '200': { description: 'The export, as an attachment' }, '403': problem('Wrong edit token'), '404': problem('Unknown id'), '422': problem('Unknown format') },
        },
      },
      '/api/batches': {
        post: {
          summary: 'Submit up to 10,000 comparisons; answers 202 at once', security: [{}, { apiKey: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'array', items: ref('BatchItem') } }, 'application/x-ndjson': { schema: { type: 'string', description: 'One BatchItem per line' } } } },
          responses: {
            '202': jsonResponse('Queued', { type: 'object', properties: { id: { type: 'string' }, status: { type: 'string' }, total: { type: 'integer' }, token: { type: 'string', description: 'Needed to cancel or delete the batch (header X-Batch-Token); shown once' } } }),
            '400': problem('Malformed JSON or body'), '408': problem('The upload stalled'), '413': problem('Too large (after decompression) or too many items'), '415': problem('Not JSON or NDJSON, not UTF-8, or an unsupported Content-Encoding'), '422': problem('Not an array, or empty'), ...common, '429': problem('Too many uploads at once, or too many per minute'),
          },
        },
      },
      '/api/batches/{id}': {
        get: { summary: 'Batch status, counts and ETA (with API keys: only for the key that made it)', security: [{}, { apiKey: [] }], parameters: [idParam('batch')], responses: { '200': jsonResponse('Status', { type: 'object' }), '404': problem('Unknown id') } },
        delete: {
          summary: 'Delete a batch and its results (cancelling it first)', security: [{}, { apiKey: [] }],
          parameters: [idParam('batch'), { name: 'X-Batch-Token', in: 'header', required: true, schema: { type: 'string' } }],
          responses: { '204': { description: 'Deleted' }, '403': problem('Wrong batch token'), '404': problem('Unknown id') },
        },
      },
      '/api/batches/{id}/cancel': {
        post: {
          summary: 'Cancel a batch: pending items get a cancellation row, running ones finish', security: [{}, { apiKey: [] }],
          parameters: [idParam('batch'), { name: 'X-Batch-Token', in: 'header', required: true, schema: { type: 'string' } }],
          responses: { '200': jsonResponse('Cancelled', { type: 'object' }), '403': problem('Wrong batch token'), '404': problem('Unknown id') },
        },
      },
      '/api/batches/{id}/results': {
        get: {
          summary: 'Results as NDJSON in input order ({"id","comparison"} or {"id","error"}), as far as items have finished', security: [{}, { apiKey: [] }],
          parameters: [idParam('batch'), { name: 'from', in: 'query', description: 'Index of the first item to return', schema: { type: 'integer', minimum: 0, default: 0 } }],
          responses: { '200': { description: 'NDJSON rows', content: { 'application/x-ndjson': { schema: { type: 'string' } } } }, '404': problem('Unknown id') },
        },
      },
      '/api/extract': {
        post: {
          summary: 'Extract the article from a URL or an HTML page',
          requestBody: jsonBody('ExtractBody'),
          responses: { '200': jsonResponse('The article', { type: 'object' }), '403': problem('URL points at a blocked address'), '422': problem('Invalid request, unreachable URL or not an article'), ...common },
        },
      },
      '/api/seeds': { get: { summary: 'The sample events', responses: { '200': jsonResponse('Seed events', { type: 'array', items: { type: 'object' } }) } } },
      '/api/seeds/{id}/comparison': { get: { summary: 'A sample event\'s comparison', parameters: [idParam('seed event')], responses: { '200': jsonResponse('The comparison', ref('Comparison')), '404': problem('Unknown seed') } } },
      '/api/seeds/{id}/export': { get: { summary: 'Export a sample event\'s comparison', parameters: [idParam('seed event'), { name: 'format', in: 'query', schema: { enum: ['json', 'md', 'html', 'csv'] } }], responses: { '200': { description: 'The export' }, '404': problem('Unknown seed') } } },
      '/api/limits': { get: { summary: 'The server\'s ceilings on options, body and batch sizes, and timeouts', responses: { '200': jsonResponse('Limits', { type: 'object' }) } } },
      '/api/health': { get: { summary: 'Liveness (status ok, degraded when the worker pool is saturated); 503 while shutting down', responses: { '200': jsonResponse('OK', { type: 'object' }), '503': jsonResponse('Draining', { type: 'object' }) } } },
      '/api/version': { get: { summary: 'Engine and schema versions', responses: { '200': jsonResponse('Versions', { type: 'object' }) } } },
      '/api/openapi.json': { get: { summary: 'This document', responses: { '200': jsonResponse('OpenAPI 3.1', { type: 'object' }) } } },
    },
  };
}
