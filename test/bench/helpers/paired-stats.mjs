// Paired ratios of load times, estimated robustly with a confidence interval that says
// whether a run can resolve a 5 % goal at all. Load times are heavy-tailed (a burst of work
// elsewhere on the machine doubles one load), so ratios are taken per pair and in logs:
// - Hodges–Lehmann: the median of the Walsh averages (x_i + x_j) / 2, i ≤ j, of the log
//   ratios, with the distribution-free interval from the Wilcoxon signed-rank test
//   (normal approximation of its critical value; accurate from about 10 pairs);
// - the median of the ratios with the sign-test interval (order statistics of Binomial(n, ½)).
// Both intervals assume only that pairs are independent and the log ratio's distribution is
// symmetric (HL) or nothing (sign test); neither needs normal data.

/** Two-sided 95 %: the standard normal quantile 0.975. */
const Z95 = 1.959963984540054;

const sorted = (values) => [...values].sort((a, b) => a - b);

function median(values) {
  const s = sorted(values);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The Walsh averages of `values`, sorted: n(n+1)/2 of them. */
export function walshAverages(values) {
  const out = [];
  for (let i = 0; i < values.length; i++)
    for (let j = i; j < values.length; j++) out.push((values[i] + values[j]) / 2);
  return sorted(out);
}

/**
 * Hodges–Lehmann estimate of the centre of `values` with its 95 % interval (Wilcoxon
 * signed-rank): { estimate, low, high }. With fewer than 6 values no interval excludes
 * anything at 95 %: low and high are the extremes.
 */
export function hodgesLehmann(values) {
  const n = values.length;
  if (n === 0) return { estimate: Number.NaN, low: Number.NaN, high: Number.NaN };
  const w = walshAverages(values);
  const m = w.length;
  // Critical value of the signed-rank statistic: the interval drops k Walsh averages each side
  // (n = 20: k = 52, the interval W_(53)..W_(158) of the exact tables).
  const k = Math.floor((n * (n + 1)) / 4 - Z95 * Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24));
  const lowIndex = Math.max(0, k);
  const highIndex = Math.min(m - 1, m - 1 - k);
  return { estimate: median(w), low: w[lowIndex], high: w[highIndex] };
}

/** P(X ≤ k) for X ~ Binomial(n, ½). */
function binomialHalfCdf(k, n) {
  let term = 0.5 ** n; // C(n, 0) / 2^n
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term = (term * (n - i + 1)) / i;
    sum += term;
  }
  return sum;
}

/**
 * The median of `values` with its distribution-free 95 % interval (sign test): the order
 * statistics x_(k+1) and x_(n−k) (1-based), k the largest with P(Binomial(n, ½) ≤ k) ≤ 2.5 %.
 */
export function medianWithInterval(values) {
  const s = sorted(values);
  const n = s.length;
  if (n === 0) return { estimate: Number.NaN, low: Number.NaN, high: Number.NaN };
  let k = -1;
  while (k + 1 < n && binomialHalfCdf(k + 1, n) <= 0.025) k++;
  // k = −1: no order statistic excludes anything at 95 % (n < 6): the extremes.
  return { estimate: median(s), low: s[Math.max(0, k)], high: s[Math.min(n - 1, n - 1 - k)] };
}

/**
 * Paired ratios a[i] / b[i] (pairs where either side is missing or not positive are left
 * out): the Hodges–Lehmann ratio (exp of the HL estimate of the log ratios) with its 95 %
 * interval, and the plain median ratio with its sign-test interval.
 */
export function pairedRatio(a, b) {
  const logs = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++)
    if (a[i] > 0 && b[i] > 0) logs.push(Math.log(a[i] / b[i]));
  const hl = hodgesLehmann(logs);
  const med = medianWithInterval(logs);
  const exp = (r) => ({ estimate: Math.exp(r.estimate), low: Math.exp(r.low), high: Math.exp(r.high) });
  return { pairs: logs.length, hl: exp(hl), median: exp(med) };
}

/**
 * Paired ratios measured in blocks (each block in fresh tabs: helpers/portal-load.mjs
 * `measureBlocks`), where pairs within a block share a bias of their own: per block, the HL
 * of its pairs' log ratios; across blocks, the HL of those and its 95 % interval, so the
 * interval counts the blocks, not the pairs, as the independent draws. `block[i]` is pair
 * i's block; pairs with a missing side are left out, and blocks left with none.
 */
export function blockedRatio(a, b, block) {
  const byBlock = new Map();
  for (let i = 0; i < Math.min(a.length, b.length, block.length); i++) {
    if (!(a[i] > 0 && b[i] > 0)) continue;
    if (!byBlock.has(block[i])) byBlock.set(block[i], []);
    byBlock.get(block[i]).push(Math.log(a[i] / b[i]));
  }
  const blocks = [...byBlock.keys()].sort((x, y) => x - y).map((k) => byBlock.get(k));
  const perBlock = blocks.map((logs) => hodgesLehmann(logs).estimate);
  const hl = hodgesLehmann(perBlock);
  return {
    blocks: perBlock.length,
    pairs: blocks.reduce((n, logs) => n + logs.length, 0),
    perBlock: perBlock.map(Math.exp),
    hl: { estimate: Math.exp(hl.estimate), low: Math.exp(hl.low), high: Math.exp(hl.high) },
  };
}

/**
 * Per index, the geometric mean of two measurements of the same thing (NaN where either is
 * missing or not positive): the page without us measured twice a round (the baseline URL and
 * its A/A twin) makes a baseline with half the variance of either, so the paired ratio to it
 * has σ² + σ²/2 instead of 2σ²: the interval of N rounds is that of 1.33 N.
 */
export function geometricMeans(a, b) {
  return Array.from({ length: Math.min(a.length, b.length) }, (_, i) =>
    a[i] > 0 && b[i] > 0 ? Math.sqrt(a[i] * b[i]) : Number.NaN,
  );
}

/**
 * A goal "ratio ≤ limit" judged on an interval: `met` only when the whole 95 % interval is
 * within it; `MISSED` otherwise, with why (the estimate above the line, or a run too noisy to
 * tell: the interval straddles it).
 */
export function judge(interval, limit) {
  if (interval.high <= limit) return { met: true, word: 'met' };
  if (interval.estimate > limit) return { met: false, word: 'MISSED' };
  return { met: false, word: 'MISSED (not resolved: the 95 % interval crosses the line)' };
}

/**
 * Whether an A/A control's interval shows a run can tell a difference of `within` (5 %): it
 * holds 1.00 (no bias between the two sides) and lies within 1/(1 + within)..1 + within.
 */
export function resolves(interval, within = 0.05) {
  return (
    interval.low <= 1 && interval.high >= 1 && interval.low >= 1 / (1 + within) && interval.high <= 1 + within
  );
}

/** "1.02× (95 % CI 0.99..1.05)" */
export const formatRatio = (r) =>
  `${r.estimate.toFixed(3)}× (95 % CI ${r.low.toFixed(3)}..${r.high.toFixed(3)})`;
