/**
 * Contributions of source samples to each destination sample along one axis,
 * flattened into typed arrays: destination i reads `count[i]` samples from
 * source index `start[i]`, weighted by 14-bit fixed-point `weights[i * taps + k]`.
 * Computed once per axis, so the pixel loops do only integer multiply-adds.
 */
export interface Taps {
  readonly start: Int32Array;
  readonly count: Int32Array;
  readonly weights: Int32Array;
  readonly taps: number;
}

export const WEIGHT_BITS = 14;
const WEIGHT_ONE = 1 << WEIGHT_BITS;
export const ROUND = 1 << (WEIGHT_BITS - 1);

/**
 * Builds taps from a kernel of radius `support` (in destination-sample units
 * scaled to the source). `center(i)` is destination i's position in source
 * coordinates. Samples past the edges are dropped and the rest renormalised,
 * so borders are neither darkened nor smeared with repeated edge pixels.
 */
export function buildTaps(
  srcSize: number, dstSize: number, support: number, center: (i: number) => number, kernel: (distance: number) => number,
): Taps {
  const taps = Math.ceil(support) * 2 + 2;
  const start = new Int32Array(dstSize);
  const count = new Int32Array(dstSize);
  const weights = new Int32Array(dstSize * taps);
  const floats = new Float64Array(taps);
  for (let i = 0; i < dstSize; i++) {
    const c = center(i);
    const first = Math.max(0, Math.ceil(c - support));
    const last = Math.min(srcSize - 1, Math.floor(c + support));
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
    // Quantise so the integer weights sum exactly to WEIGHT_ONE: flat areas stay flat.
    let sum = 0;
    let largest = 0;
    const base = i * taps;
    for (let k = 0; k < n; k++) {
      const w = Math.round((floats[k] / total) * WEIGHT_ONE);
      weights[base + k] = w;
      sum += w;
      if (w > weights[base + largest]) largest = k;
    }
    weights[base + largest] += WEIGHT_ONE - sum;
    start[i] = from;
    count[i] = n;
  }
  return { start, count, weights, taps };
}

function clamp255(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** Applies horizontal taps to every row: width changes from `srcWidth` to `dstWidth`. */
export function convolveRows(src: Uint8Array, srcWidth: number, height: number, taps: Taps, dstWidth: number): Uint8Array {
  const out = new Uint8Array(dstWidth * height * 4);
  const { start, count, weights } = taps;
  const tapCount = taps.taps;
  for (let y = 0; y < height; y++) {
    const rowIn = y * srcWidth * 4;
    let o = y * dstWidth * 4;
    for (let x = 0; x < dstWidth; x++, o += 4) {
      let r = ROUND, g = ROUND, b = ROUND, a = ROUND;
      let p = rowIn + start[x] * 4;
      const wBase = x * tapCount;
      for (let k = 0, n = count[x]; k < n; k++, p += 4) {
        const w = weights[wBase + k];
        r += src[p] * w; g += src[p + 1] * w; b += src[p + 2] * w; a += src[p + 3] * w;
      }
      out[o] = clamp255(r >> WEIGHT_BITS); out[o + 1] = clamp255(g >> WEIGHT_BITS);
      out[o + 2] = clamp255(b >> WEIGHT_BITS); out[o + 3] = clamp255(a >> WEIGHT_BITS);
    }
  }
  return out;
}

/** Applies vertical taps to every column: height changes from `srcHeight` to `dstHeight`. */
export function convolveColumns(src: Uint8Array, width: number, taps: Taps, dstHeight: number): Uint8Array {
  const stride = width * 4;
  const out = new Uint8Array(stride * dstHeight);
  const { start, count, weights } = taps;
  for (let y = 0; y < dstHeight; y++) {
    const wBase = y * taps.taps;
    const n = count[y];
    const first = start[y] * stride;
    let o = y * stride;
    // Row-major inner loop over bytes: every tap reads a contiguous source row.
    for (let x = 0; x < stride; x++, o++) {
      let acc = ROUND;
      let p = first + x;
      for (let k = 0; k < n; k++, p += stride) acc += src[p] * weights[wBase + k];
      out[o] = clamp255(acc >> WEIGHT_BITS);
    }
  }
  return out;
}
