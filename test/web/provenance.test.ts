import { describe, expect, it } from 'vitest';
import { sentenceDiff } from '../../web/src/model/provenance.ts';

describe('the provenance view\u2019s sentence diff', () => {
  it('keeps the words both sentences have in order, folding case and spelling, and marks the rest', () => {
    const d = sentenceDiff('The Mayor will criticize the plan, officials said.', 'Officials said the mayor would criticise the plan.');
    const kept = (runs: typeof d.a) => runs.filter((r) => r.word && r.kept).map((r) => r.text);
    const own = (runs: typeof d.a) => runs.filter((r) => r.word && !r.kept).map((r) => r.text);
    expect(kept(d.a)).toEqual(['The', 'Mayor', 'criticize', 'the', 'plan']);
    expect(own(d.a)).toEqual(['will', 'officials', 'said']);
    expect(own(d.b)).toEqual(['Officials', 'said', 'would']);
    // Every character is in a run: the sentence reads back whole.
    expect(d.a.map((r) => r.text).join('')).toBe('The Mayor will criticize the plan, officials said.');
  });
});
