/** The sample events in `seeds/`, available from the first start (read once at startup). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { displayNames, type CompareRequest } from '../engine/index.ts';
import { isFolder, readEventFolder } from './ingest/files.ts';

export interface SeedEvent {
  /** The folder name, e.g. `un-security-council-ukraine-2025`. */
  id: string;
  title: string;
  date: string | null;
  description: string | null;
  articles: { id: string; name: string; outlet: string | null; title: string | null }[];
  request: CompareRequest;
}

/** Reads every event folder under `dir` (folders that fail to read are skipped and reported). */
export function loadSeeds(dir: string, onError: (folder: string, e: unknown) => void = () => {}): SeedEvent[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    onError(dir, e);
    return [];
  }
  const out: SeedEvent[] = [];
  for (const name of names) {
    const path = join(dir, name);
    if (!isFolder(path)) continue;
    try {
      const { request, event } = readEventFolder(path);
      const names = displayNames(request.articles.map((a) => ({ outlet: a.outlet ?? null, url: a.url ?? null, title: a.title ?? null })));
      out.push({
        id: name,
        title: event.title ?? name,
        date: event.date ?? null,
        description: event.description ?? null,
        articles: request.articles.map((a, i) => ({ id: a.id ?? '', name: names[i]!, outlet: a.outlet ?? null, title: a.title ?? null })),
        request: { ...request, id: name },
      });
    } catch (e) {
      onError(path, e);
    }
  }
  return out;
}
