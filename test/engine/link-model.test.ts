import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compare } from '../../engine/index.ts';
import { FEATURE_NAMES, SECOND_PASS_NAMES } from '../../engine/align/link-features.ts';
import { LINK_MODEL } from '../../engine/align/link-model.ts';
import { headlineParagraphs } from '../../engine/align/paragraphs.ts';
import { prepareArticles } from '../../engine/input/article.ts';
import { resolveOptions, DEFAULT_OPTIONS } from '../../engine/options.ts';
import { americanSpelling } from '../../engine/text/spelling.ts';
import { fitLogistic, predict } from '../../scripts/align/logistic.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('the shipped link model', () => {
  it('matches the engine features, names every weight and says how it was trained', () => {
    expect(LINK_MODEL.features).toEqual([...FEATURE_NAMES]);
    expect(LINK_MODEL.secondPassFeatures).toEqual([...SECOND_PASS_NAMES]);
    expect(LINK_MODEL.first.weights).toHaveLength(FEATURE_NAMES.length);
    expect(LINK_MODEL.second.weights).toHaveLength(SECOND_PASS_NAMES.length);
    expect(LINK_MODEL.pairFirst.weights).toHaveLength(FEATURE_NAMES.length);
    expect(LINK_MODEL.pairSecond.weights).toHaveLength(SECOND_PASS_NAMES.length);
    const file = JSON.parse(readFileSync(join(ROOT, 'engine/data/link-model.json'), 'utf8'));
    expect(file.recipe.command).toMatch(/train:align/);
    expect(DEFAULT_OPTIONS.alignment.linkThreshold).toBe(LINK_MODEL.threshold);
  });

  it('links identical content in the smallest comparisons, of two articles and of three', () => {
    const a = { id: 'a', text: 'The council voted 10-0 on Monday.' };
    const b = { id: 'b', text: 'On Monday the council voted 10-0.' };
    expect(compare({ articles: [a, b] }).alignment.paragraphLinks).toHaveLength(1);
    const c = { id: 'c', text: 'Heavy snow closed schools across the region.' };
    const three = compare({ articles: [a, b, c] }).alignment.paragraphLinks;
    expect(three.map((l) => `${l.a.article}-${l.b.article}`)).toEqual(['a-b']);
    expect(three[0]!.score).toBeGreaterThan(0.9);
  });

  it('scores are probabilities, and a higher threshold keeps a subset of the links', () => {
    const arts = [
      { id: 'x', paragraphs: ['The bridge collapsed at 1:30 a.m. after a cargo ship struck a support.', 'Six workers are missing, officials said.', 'The port will stay closed for weeks.'] },
      { id: 'y', paragraphs: ['A container ship hit a pier of the bridge, which fell at about 1:30 a.m.', 'The port is expected to remain shut for weeks.', 'Officials said six road workers were missing.'] },
    ];
    const loose = compare({ articles: arts, options: { alignment: { linkThreshold: 0.05 } } }).alignment.paragraphLinks;
    const strict = compare({ articles: arts, options: { alignment: { linkThreshold: 0.8 } } }).alignment.paragraphLinks;
    for (const l of loose) expect(l.score >= 0 && l.score <= 1).toBe(true);
    const key = (l: (typeof loose)[number]): string => `${l.a.paragraph}-${l.b.paragraph}`;
    expect(strict.map(key).every((k) => loose.map(key).includes(k))).toBe(true);
    expect(compare({ articles: arts }).alignment.paragraphLinks.map(key).sort()).toEqual(['0-0', '1-2', '2-1']);
  });
});

describe('cost bound', () => {
  it('scores at most limits.maxScoredCandidates pairs, the best by cosine, and the others score 0', () => {
    const arts = [
      { id: 'x', paragraphs: ['The bridge collapsed at 1:30 a.m. after a cargo ship struck a support.', 'Six workers are missing, officials said.'] },
      { id: 'y', paragraphs: ['A container ship hit a pier of the bridge, which fell at about 1:30 a.m.', 'Officials said six road workers were missing.'] },
    ];
    const all = compare({ articles: arts }).alignment.paragraphLinks;
    expect(all.length).toBe(2);
    const one = compare({ articles: arts, options: { limits: { maxScoredCandidates: 1 } } }).alignment.paragraphLinks;
    expect(one).toHaveLength(1);
    expect(compare({ articles: arts, options: { limits: { maxScoredCandidates: 0 } } }).alignment.paragraphLinks).toEqual([]);
  });
});

describe('headlines', () => {
  const prepared = (title: string, paragraphs: string[]) => prepareArticles([{ id: 'a', title, paragraphs }, { id: 'b', paragraphs: ['Other text.'] }], resolveOptions({}));

  it('finds a body paragraph that repeats the title, with or without a site name or case changes', () => {
    expect([...headlineParagraphs(prepared('Bridge collapses after ship strike', ['Bridge Collapses After Ship Strike', 'A ship hit the bridge.']))[0]!]).toEqual([0]);
    expect([...headlineParagraphs(prepared('Bridge collapses after ship strike | City Wire', ['Bridge collapses after ship strike', 'Body.']))[0]!]).toEqual([0]);
    expect([...headlineParagraphs(prepared('Bridge collapses after ship strike', ['A ship hit the bridge at night.', 'Bridge collapses after ship strike']))[0]!]).toEqual([1]);
  });

  it('does not take a lead that merely starts like the title for the headline', () => {
    const lead = 'Bridge collapses after ship strike, leaving six workers missing and the port closed for weeks as divers search the river.';
    expect(headlineParagraphs(prepared('Bridge collapses after ship strike', [lead]))[0]!.size).toBe(0);
    expect(headlineParagraphs(prepared('', ['Bridge collapses']))[0]!.size).toBe(0);
  });

  it('keeps the headline out of body alignment: it links only to the other headline', () => {
    const c = compare({
      articles: [
        { id: 'a', title: 'Council adopts resolution 2774 on Ukraine', paragraphs: ['Council adopts resolution 2774 on Ukraine', 'The Security Council adopted resolution 2774 on Ukraine by 10 votes to none on Monday.'] },
        { id: 'b', title: 'UN council backs resolution 2774', paragraphs: ['UN council backs resolution 2774', 'On Monday the Security Council adopted resolution 2774 on Ukraine, 10 votes to none.'] },
      ],
      options: { alignment: { linkThreshold: 0 } },
    });
    for (const l of c.alignment.paragraphLinks) expect(l.a.paragraph === 0).toBe(l.b.paragraph === 0);
    expect(c.alignment.paragraphLinks.some((l) => l.a.paragraph === 1 && l.b.paragraph === 1)).toBe(true);
  });
});

describe('spelling variants', () => {
  it('folds British spellings to American ones', () => {
    for (const [gb, us] of [['criticise', 'criticize'], ['organisation', 'organization'], ['labour', 'labor'], ['honoured', 'honored'], ['centre', 'center'], ['defence', 'defense'], ['analysed', 'analyzed'], ['catalogue', 'catalog']] as Array<[string, string]>) {
      expect(americanSpelling(gb)).toBe(us);
    }
  });

  it('leaves short words and words without a variant alone', () => {
    for (const w of ['tour', 'four', 'your', 'rise', 'house', 'course', 'ogre', 'vogue', 'analysis']) expect(americanSpelling(w)).toBe(w);
  });

  it('lets "criticise" and "criticize" meet in a link', () => {
    const c = compare({
      articles: [
        { id: 'gb', paragraphs: ['Ministers criticise the harbour authority over the delay.', 'Rain is forecast.'] },
        { id: 'us', paragraphs: ['Snow fell overnight.', 'Ministers criticize the harbor authority over the delay.'] },
      ],
    });
    const link = c.alignment.paragraphLinks.find((l) => l.a.paragraph === 0 && l.b.paragraph === 1)!;
    expect(link.evidence.terms).toEqual(expect.arrayContaining(['criticise']));
  });
});

describe('logistic regression (training)', () => {
  it('recovers the weights of a known model from its samples, deterministically', () => {
    // Deterministic pseudo-random data from a fixed linear model.
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    const X: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const x = [rand() * 4 - 2, rand() * 4 - 2];
      const p = 1 / (1 + Math.exp(-(0.5 + 2 * x[0]! - 1 * x[1]!)));
      X.push(x);
      y.push(rand() < p ? 1 : 0);
    }
    const m = fitLogistic(X, y, 0.01);
    expect(m.bias).toBeCloseTo(0.5, 0);
    expect(m.weights[0]).toBeCloseTo(2, 0);
    expect(m.weights[1]).toBeCloseTo(-1, 0);
    expect(predict(m, [2, -2])).toBeGreaterThan(0.95);
    expect(fitLogistic(X, y, 0.01)).toEqual(m);
  });
});

describe('training and cross-validation scripts', () => {
  // A tiny gold folder in the BASIL layout, written here (our own words), to run the scripts end to end.
  function goldFolder(omit?: { article: number; fact: number }): string {
    const dir = mkdtempSync(join(tmpdir(), 'parallax-gold-'));
    mkdirSync(join(dir, 'articles', '2020'), { recursive: true });
    mkdirSync(join(dir, 'gold'));
    const facts = [
      ['The dam on the Vero river burst on Sunday night', 'Water flooded 40 homes in the lower town', 'The mayor opened two shelters at the school', 'Engineers had warned of cracks in 2019', 'Rain is expected to ease by Wednesday'],
      ['A ferry with 120 passengers ran aground near Skal island', 'Coastguard boats took everyone ashore by noon', 'The captain was questioned by police', 'The operator suspended its timetable', 'Fuel leaked from one tank'],
      ['The city council approved a tram line to the airport', 'The line will cost 300 million euros', 'Work starts next spring and ends in 2029', 'Taxi drivers protested outside the hall', 'The vote was 31 to 12'],
      ['A heatwave pushed temperatures to 41 degrees in Sera', 'Hospitals reported 200 cases of heatstroke', 'Schools closed early on Friday', 'Farmers lost much of the wheat harvest', 'The weather office expects relief next week'],
    ];
    facts.forEach((list, t) => {
      const id = `00000000-0000-0000-0000-00000000000${t}`;
      const pairs: Record<string, Array<{ a: number; b: number; kind: string }>> = { '1-2': [], '1-3': [], '2-3': [] };
      // Article n tells the facts in its own order and words.
      const order = [[0, 1, 2, 3, 4], [1, 0, 3, 2, 4], [0, 2, 1, 4, 3]];
      const phrasing = [(s: string) => `${s}.`, (s: string) => `Officials said that ${s.charAt(0).toLowerCase()}${s.slice(1)}.`, (s: string) => `${s}, according to local reports.`];
      // With `omit`, one article leaves one fact out (and the gold has no link to it).
      const told = order.map((o, n) => (omit && omit.article === n + 1 ? o.filter((f) => f !== omit.fact) : o));
      told.forEach((o, n) => {
        writeFileSync(join(dir, 'articles', '2020', `${id}_${n + 1}.json`), JSON.stringify({ source: `outlet${n}`, title: `Local news, day ${t}`, 'body-paragraphs': o.map((f) => [phrasing[n]!(list[f]!)]) }));
      });
      for (const [x, y] of [[1, 2], [1, 3], [2, 3]] as const) {
        for (let f = 0; f < 5; f++) {
          const a = told[x - 1]!.indexOf(f);
          const b = told[y - 1]!.indexOf(f);
          if (a >= 0 && b >= 0) pairs[`${x}-${y}`]!.push({ a, b, kind: 'same' });
        }
      }
      writeFileSync(join(dir, 'gold', `${id}.T.json`), JSON.stringify({ triplet: id, annotator: 'T', articles: { 1: 'a', 2: 'b', 3: 'c' }, pairs }));
    });
    return dir;
  }

  it('cross-validates by triplet and reports per-fold figures for the model and TF-IDF', () => {
    const dir = goldFolder();
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/align/cv.ts', '--gold', dir, '--json'], { cwd: ROOT, encoding: 'utf8' });
    const report = JSON.parse(out);
    expect(report.triplets).toBe(4);
    expect(report.folds).toHaveLength(4);
    expect(report.candidateRecall).toBe(1);
    expect(report.model.pooled.f).toBeGreaterThan(0.5);
    for (const f of report.folds) expect(f.tfidf.f).toBeGreaterThanOrEqual(0);
    // Two-article comparisons: three per triplet, folds still by triplet.
    const pairs = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'scripts/align/cv.ts', '--gold', dir, '--pairs', '--json'], { cwd: ROOT, encoding: 'utf8' }));
    expect(pairs.mode).toMatch(/two-article/);
    expect(pairs.folds).toHaveLength(4);
    expect(pairs.model.pooled.f).toBeGreaterThan(0.5);
  }, 90_000);

  it('counts omission claims against gold links (eval:omissions)', () => {
    const dir = goldFolder({ article: 3, fact: 1 });
    const run = (extra: string[] = []) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'scripts/framing/omissions.ts', '--gold', dir, '--json', ...extra], { cwd: ROOT, encoding: 'utf8' }));
    const report = run();
    expect(report.claims).toBeGreaterThan(0);
    // The one article that leaves a fact out has no gold link to it: claims about it are never contradicted.
    expect(report.contradicted).toBe(0);
    expect(run(['--min-confidence', '1.1']).claims).toBe(0);
  }, 60_000);

  it('trains a model file that the engine accepts, the same bytes every time', () => {
    const dir = goldFolder();
    const out = (name: string): string => join(dir, name);
    for (const name of ['m1.json', 'm2.json']) execFileSync(process.execPath, ['--import', 'tsx', 'scripts/align/train.ts', '--gold', dir, '--out', out(name)], { cwd: ROOT });
    const m1 = readFileSync(out('m1.json'), 'utf8');
    expect(readFileSync(out('m2.json'), 'utf8')).toBe(m1);
    const model = JSON.parse(m1);
    expect(model.features).toEqual([...FEATURE_NAMES]);
    expect(model.pairFirst.weights).toHaveLength(FEATURE_NAMES.length);
    expect(model.pairSecond.weights).toHaveLength(SECOND_PASS_NAMES.length);
    expect(model.threshold).toBeGreaterThan(0);
    expect(model.threshold).toBeLessThan(1);
  }, 60_000);
});

describe('headline rows', () => {
  it('groups the headlines in a row of their own, on which no omission finding rests', () => {
    const body = (who: string): string[] => [
      `${who} Says the Bridge Will Reopen in Spring`,
      'The transport minister said on Monday that the bridge would reopen in the spring after repairs to two piers.',
      'Engineers found cracks in both piers during an inspection in March, the ministry said.',
      'Traffic has been diverted through the old town since the closure.',
    ];
    const c = compare({
      articles: [
        { id: 'a', paragraphs: body('Minister') },
        { id: 'b', paragraphs: body('Government') },
        { id: 'c', paragraphs: body('Ministry').slice(1) },
      ],
    });
    const headline = c.alignment.rows.filter((r) => r.headline);
    expect(headline).toHaveLength(1);
    expect(headline[0]!.members.map((m) => [m.article, m.paragraphs])).toEqual([
      ['a', [0]],
      ['b', [0]],
    ]);
    for (const f of c.findings.filter((x) => x.ruleId === 'coverage/omission')) expect(f.data?.['row']).not.toBe(c.alignment.rows.indexOf(headline[0]!));
    expect(c.alignment.rows.filter((r) => !r.headline).every((r) => r.members.every((m) => !m.paragraphs.includes(0) || m.article === 'c'))).toBe(true);
  });
});
