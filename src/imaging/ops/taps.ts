/**
 * Contributions of source samples to each destination sample along one axis,
 * flattened into typed arrays: destination i reads `count[i]` samples from
 * source index `start[i]`, weighted by fixed-point `weights[i * taps + k]`
 * that sum to exactly 1 << bits. Computed once per axis, so the pixel loops
 * do only integer multiply-adds.
 */
export interface Taps {
  readonly start: Int32Array;
  readonly count: Int32Array;
  readonly weights: Int32Array;
  /** Row length of `weights`: at least the largest count. */
  readonly taps: number;
}

/**
 * Builds taps from a kernel of radius `support` (in destination-sample units
 * scaled to the source). `center(i)` is destination i's position in source
 * coordinates. Samples past the edges are dropped and the rest renormalised,
 * so borders are neither darkened nor smeared with repeated edge pixels.
 * Taps whose weight rounds to zero are trimmed from both ends: at 8 bits the
 * far lanczos lobes often vanish, and each tap costs a multiply-add per pixel.
 */
export function buildTaps(
  srcSize: number, dstSize: number, support: number, center: (i: number) => number, kernel: (distance: number) => number,
  bits: number,
): Taps {
  const one = 1 << bits;
  const taps = Math.ceil(support) * 2 + 2;
  const start = new Int32Array(dstSize);
  const count = new Int32Array(dstSize);
  const weights = new Int32Array(dstSize * taps);
  const floats = new Float64Array(taps);
  // Interior positions repeat a few phases (3:2 has two), so their weights
  // are computed once per phase and copied: kernel calls (sin, closures) are
  // the expensive part here.
  const phases = new Map<number, number>();
  const firsts = new Int32Array(dstSize);
  for (let i = 0; i < dstSize; i++) {
    const c = center(i);
    const first = Math.max(0, Math.ceil(c - support));
    const last = Math.min(srcSize - 1, Math.floor(c + support));
    const base = i * taps;
    firsts[i] = first;
    const interior = first === Math.ceil(c - support) && last === Math.floor(c + support);
    const key = Math.round((c - first) * 1048576) * 64 + (last - first);
    const same = interior ? phases.get(key) : undefined;
    if (same !== undefined) {
      weights.copyWithin(base, same * taps, same * taps + taps);
      start[i] = first + start[same] - firsts[same];
      count[i] = count[same];
      continue;
    }
    let total = 0;
    let n = 0;
    for (let s = first; s <= last && n < taps; s++, n++) {
      floats[n] = kernel(s - c);
      total += floats[n];
    }
    let from = first;
    if (n === 0 || Math.abs(total) < 1e-9) {
      // Nothing inside the support (tiny source): take the nearest sample.
      from = Math.min(srcSize - 1, Math.max(0, Math.round(c)));
      floats[0] = 1;
      total = 1;
      n = 1;
    }
    // Quantise so the integer weights sum exactly to `one`: flat areas stay flat.
    let sum = 0;
    let largest = 0;
    for (let k = 0; k < n; k++) {
      const w = Math.round((floats[k] / total) * one);
      weights[base + k] = w;
      sum += w;
      if (w > weights[base + largest]) largest = k;
    }
    weights[base + largest] += one - sum;
    let lo = 0;
    let hi = n;
    while (weights[base + lo] === 0) lo++;
    while (weights[base + hi - 1] === 0) hi--;
    if (lo > 0) weights.copyWithin(base, base + lo, base + hi);
    weights.fill(0, base + hi - lo, base + taps);
    start[i] = from + lo;
    count[i] = hi - lo;
    if (interior && from === first) phases.set(key, i);
  }
  return { start, count, weights, taps };
}
