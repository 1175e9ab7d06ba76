import model from '../data/provenance-model.json' with { type: 'json' };
import type { LogisticWeights } from '../align/link-model.ts';
import { PROVENANCE_FEATURES } from './features.ts';

/**
 * The provenance model (`engine/data/provenance-model.json`, written by `npm run train:provenance`;
 * its `recipe` says how): a logistic regression over `PROVENANCE_FEATURES`, with the thresholds
 * picked out of fold with it.
 */
export interface ProvenanceModel extends LogisticWeights {
  features: string[];
  thresholds: { link: number; relative: number; support: number };
}

export const PROVENANCE_MODEL = model as unknown as ProvenanceModel;

/** A model trained on other features would score silently wrong: refused on first use. */
export function checkProvenanceModel(m: ProvenanceModel = PROVENANCE_MODEL): void {
  if (m.features.join() !== PROVENANCE_FEATURES.join()) {
    throw new Error('engine/data/provenance-model.json does not match the engine features: run npm run train:provenance');
  }
}
