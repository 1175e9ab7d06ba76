import attribution from './lexicons/attribution-verbs.json' with { type: 'json' };

/** Attribution verb form -> its connotation category (neutral, doubting, assertive, ...). */
export const ATTRIBUTION: ReadonlyMap<string, string> = new Map(
  Object.entries(attribution.categories as Record<string, string[]>).flatMap(([cat, verbs]) => verbs.map((v) => [v, cat] as [string, string])),
);

/** How far each category departs from neutral reporting (0-1), from the lexicon file. */
export const ATTRIBUTION_WEIGHT: Readonly<Record<string, number>> = attribution.weights as Record<string, number>;
