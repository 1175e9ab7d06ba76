/**
 * L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least
 * squares) on standardised features. Twenty-odd features and tens of thousands of examples: each
 * Newton step is one pass over the data and a small linear solve, and the fit is deterministic
 * (no random initialisation, no sampling), so the same data always gives the same weights.
 */
import { logisticProbability, sigmoid } from '../../engine/align/link-model.ts';

/** A fitted model: probability = sigmoid(bias + sum(weights[i] * x[i])) on raw features. */
export interface LogisticModel {
  bias: number;
  weights: number[];
  /** The same model on standardised features ((x - mean) / sd): comparable magnitudes. */
  standardized: { bias: number; weights: number[]; mean: number[]; sd: number[] };
}

/** Probability of the positive class for one feature row: the engine's own function. */
export const predict: (m: Pick<LogisticModel, 'bias' | 'weights'>, x: ArrayLike<number>) => number = logisticProbability;

/** Solves A x = b (A symmetric positive definite) by Gaussian elimination with partial pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    const piv = M[c]![c]!;
    for (let r = c + 1; r < n; r++) {
      const f = M[r]![c]! / piv;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= M[r]![k]! * x[k]!;
    x[r] = s / M[r]![r]!;
  }
  return x;
}

/**
 * Fits the model. `l2` is the ridge penalty on the standardised weights (not on the bias), in
 * units of examples: 1 is a weak prior next to thousands of examples.
 */
export function fitLogistic(X: ArrayLike<number>[], y: ArrayLike<number>, l2 = 1, iterations = 25): LogisticModel {
  const n = X.length;
  const d = X[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const x of X) for (let k = 0; k < d; k++) mean[k]! += x[k]! / n;
  for (const x of X) for (let k = 0; k < d; k++) sd[k]! += (x[k]! - mean[k]!) ** 2 / n;
  for (let k = 0; k < d; k++) sd[k] = Math.sqrt(sd[k]!) || 1;
  const Z = X.map((x) => {
    const z = new Float64Array(d + 1);
    z[0] = 1;
    for (let k = 0; k < d; k++) z[k + 1] = (x[k]! - mean[k]!) / sd[k]!;
    return z;
  });
  let w = new Array<number>(d + 1).fill(0);
  for (let it = 0; it < iterations; it++) {
    const g = new Array<number>(d + 1).fill(0);
    const H = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < n; i++) {
      const z = Z[i]!;
      let s = 0;
      for (let k = 0; k <= d; k++) s += w[k]! * z[k]!;
      const p = sigmoid(s);
      const r = p - y[i]!;
      const v = Math.max(p * (1 - p), 1e-9);
      for (let a = 0; a <= d; a++) {
        g[a]! += r * z[a]!;
        const za = v * z[a]!;
        const row = H[a]!;
        for (let b = a; b <= d; b++) row[b]! += za * z[b]!;
      }
    }
    for (let a = 0; a <= d; a++) for (let b = 0; b < a; b++) H[a]![b] = H[b]![a]!;
    for (let k = 1; k <= d; k++) {
      g[k]! += l2 * w[k]!;
      H[k]![k]! += l2;
    }
    const step = solve(H, g);
    let change = 0;
    w = w.map((v, k) => {
      change = Math.max(change, Math.abs(step[k]!));
      return v - step[k]!;
    });
    if (change < 1e-9) break;
  }
  const weights = w.slice(1).map((v, k) => v / sd[k]!);
  const bias = w[0]! - weights.reduce((s, v, k) => s + v * mean[k]!, 0);
  return { bias, weights, standardized: { bias: w[0]!, weights: w.slice(1), mean, sd } };
}
