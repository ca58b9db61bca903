// Holm's step-down adjustment of p-values across conversations (Holm 1979, Scandinavian Journal of
// Statistics 6(2), 65-70), computed by @stdlib/stats-padjust. Holm controls the family-wise error
// rate: the chance that ANY conversation is flagged when none changed stays at most alpha. That is
// the guarantee a CI gate that fails on "any conversation regressed" needs; Benjamini-Hochberg
// (false discovery rate) would let the gate fail spuriously more often as conversations are added.
import padjust from '@stdlib/stats-padjust';

export function holmAdjust(pValues: readonly number[]): number[] {
  if (pValues.length === 0) return [];
  return padjust([...pValues], 'holm');
}
