/**
 * Checks at the boundary that the JSON schemas cannot express: how deeply a value nests, and the
 * operator's ceilings on the engine's cost limits. A request may lower a cost limit; it may never
 * raise one above what the server allows.
 */
import comparisonSchema from '../../engine/schema/comparison.schema.json' with { type: 'json' };
import type { FieldError } from './problems.ts';

/** Deepest nesting of arrays and objects accepted in a request body (real requests need 4). */
export const MAX_JSON_DEPTH = 32;

/**
 * The JSON pointer of the first place where `value` nests deeper than `maxDepth`, or null.
 * Iterative, so hostile nesting cannot overflow the stack here (it would elsewhere: structured
 * cloning to a worker thread, for one, recurses).
 */
export function tooDeep(value: unknown, maxDepth = MAX_JSON_DEPTH): string | null {
  const stack: Array<{ v: unknown; depth: number; path: string }> = [{ v: value, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { v, depth, path } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) return path || '/';
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, depth: depth + 1, path: `${path}/${i}` }));
    else for (const [k, x] of Object.entries(v)) stack.push({ v: x, depth: depth + 1, path: `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}` });
  }
  return null;
}

/**
 * The schema of `options` in a request: the engine's resolved-options schema with nothing
 * required (a request gives any subset), so the API refuses an unknown or out-of-range option by
 * name before any work starts.
 */
export const RequestOptionsSchema = (() => {
  const strip = (s: unknown): unknown => {
    if (Array.isArray(s)) return s.map(strip);
    if (s === null || typeof s !== 'object') return s;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s)) if (k !== 'required') out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([p, x]) => [p, strip(x)])) : strip(v);
    return out;
  };
  return { $id: 'RequestOptions', ...(strip(comparisonSchema.$defs.Options) as object), description: 'Engine options, any subset of DEFAULT_OPTIONS; cost limits at most the server\'s ceilings (see /api/limits)' };
})();

/** An option path (`section.name`) and the most a request may set it to (for a list: its length). */
export type Ceilings = Readonly<Record<string, number>>;

/**
 * The first option in `options` above its ceiling, as a field error with the ceiling, or null.
 * `options` has passed the schema (sections are objects, values typed).
 */
export function overCeiling(options: unknown, ceilings: Ceilings, pointerBase = '/options'): (FieldError & { option: string; ceiling: number; actual: number }) | null {
  if (options === null || typeof options !== 'object') return null;
  for (const [path, ceiling] of Object.entries(ceilings)) {
    const [section, name] = path.split('.') as [string, string];
    const sectionValue = (options as Record<string, unknown>)[section];
    if (sectionValue === null || typeof sectionValue !== 'object') continue;
    const v = (sectionValue as Record<string, unknown>)[name];
    const actual = Array.isArray(v) ? v.length : typeof v === 'number' ? v : undefined;
    if (actual !== undefined && actual > ceiling) {
      const what = Array.isArray(v) ? `at most ${ceiling} entries` : `at most ${ceiling}`;
      return { pointer: `${pointerBase}/${section}/${name}`, detail: `must be ${what} on this server (the operator's ceiling for options.${path})`, option: `options.${path}`, ceiling, actual };
    }
  }
  return null;
}
