/** The comparison contract the UI renders (the engine's own types; the UI never re-runs analysis). */
export type {
  Comparison, ComparisonView, ReviewMark, ViewDiff, Provenance, ProvenanceSentence, Support, ComparisonArticle, AlignmentRow, PassageDiff, DiffChange, Finding, FindingSpan, ReviewItem, OutletSummary, VoiceSummary, Severity, WordChoice,
} from '../../engine/types.ts';
