/**
 * The plain lexical reference the link model must beat: TF-IDF cosine of every cross-article
 * paragraph pair over lower-cased content words with a crude suffix stemmer, one threshold.
 * Same method as `../shared/eval/baseline/tfidf.py`, written here so that its threshold can be
 * cross-validated on the same folds as the model.
 */
const STOP = new Set(
  'a an the and or but if of to in on at by for with from as is are was were be been being it its this that these those he she they them his her their we you i not no do does did has have had will would can could should may might said says say also than then there here which who whom what when where why how all any some more most other such into over after before about up down out just so very mr ms mrs'.split(' '),
);
const SUFFIXES = ['ing', 'edly', 'ed', 'es', 's', 'ly'];

function stem(w: string): string {
  for (const s of SUFFIXES) if (w.length > s.length + 3 && w.endsWith(s)) return w.slice(0, -s.length);
  return w;
}

function tokens(t: string): string[] {
  return (t.toLowerCase().match(/[a-z0-9']+/g) ?? []).filter((w) => !STOP.has(w) && w.length > 1).map(stem);
}

/** Cosine of every cross-article paragraph pair: `scores.get("x:i|y:j")`, article ids as given. */
export function tfidfScores(articles: Array<{ id: string; paragraphs: string[] }>): Map<string, number> {
  const docs = articles.flatMap((a) => a.paragraphs.map((p) => tokens(p)));
  const df = new Map<string, number>();
  for (const d of docs) for (const w of new Set(d)) df.set(w, (df.get(w) ?? 0) + 1);
  const n = docs.length;
  const vec = (p: string): Map<string, number> => {
    const c = new Map<string, number>();
    for (const w of tokens(p)) c.set(w, (c.get(w) ?? 0) + 1);
    const v = new Map<string, number>();
    let z = 0;
    for (const [w, k] of c) {
      const x = (1 + Math.log(k)) * Math.log((n + 1) / ((df.get(w) ?? 0) + 1));
      v.set(w, x);
      z += x * x;
    }
    z = Math.sqrt(z) || 1;
    for (const [w, x] of v) v.set(w, x / z);
    return v;
  };
  const V = articles.map((a) => a.paragraphs.map(vec));
  const out = new Map<string, number>();
  for (let x = 0; x < V.length; x++) {
    for (let y = x + 1; y < V.length; y++) {
      V[x]!.forEach((a, i) =>
        V[y]!.forEach((b, j) => {
          let s = 0;
          for (const [w, v] of a) s += v * (b.get(w) ?? 0);
          if (s > 0) out.set(`${articles[x]!.id}:${i}|${articles[y]!.id}:${j}`, s);
        }),
      );
    }
  }
  return out;
}
