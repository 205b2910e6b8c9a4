import { createImage, type RgbaImage } from '../image.js';

/**
 * Contributions of source samples to each destination sample along one axis,
 * flattened into typed arrays: for destination i, `count[i]` taps start at
 * source index `start[i]`, with 14-bit fixed-point weights at `weights[i * taps]`.
 */
interface Taps {
  readonly start: Int32Array;
  readonly count: Int32Array;
  readonly weights: Int32Array;
  readonly taps: number;
}

const WEIGHT_BITS = 14;
const WEIGHT_ONE = 1 << WEIGHT_BITS;

/**
 * Triangle (tent) filter whose support widens with the reduction factor, so
 * downscaling averages every covered source pixel (area-aware "bilinear", as
 * ImageMagick -filter Triangle, libvips "linear" and Pillow BILINEAR do);
 * when upscaling it is plain bilinear interpolation. Pixel centres map as
 * (i + 0.5) * scale - 0.5, and taps outside the image are dropped and the
 * remaining weights renormalised, so edges are not darkened.
 */
function triangleTaps(srcSize: number, dstSize: number): Taps {
  const scale = srcSize / dstSize;
  const support = Math.max(1, scale);
  const taps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(dstSize);
  const count = new Int32Array(dstSize);
  const weights = new Int32Array(dstSize * taps);
  const floatWeights = new Float64Array(taps);
  for (let i = 0; i < dstSize; i++) {
    const center = (i + 0.5) * scale - 0.5;
    const first = Math.max(0, Math.floor(center - support) + 1);
    const last = Math.min(srcSize - 1, Math.ceil(center + support) - 1);
    let total = 0;
    let n = 0;
    for (let s = first; s <= last && n < taps; s++, n++) {
      const w = Math.max(0, 1 - Math.abs(s - center) / support);
      floatWeights[n] = w;
      total += w;
    }
    if (total === 0) {
      // Degenerate (tiny source): take the nearest sample.
      floatWeights[0] = 1;
      total = 1;
      n = 1;
    }
    // Quantise so the integer weights sum exactly to WEIGHT_ONE: no drift in flat areas.
    let sum = 0;
    let largest = 0;
    for (let k = 0; k < n; k++) {
      const w = Math.round((floatWeights[k] / total) * WEIGHT_ONE);
      weights[i * taps + k] = w;
      sum += w;
      if (w > weights[i * taps + largest]) largest = k;
    }
    weights[i * taps + largest] += WEIGHT_ONE - sum;
    start[i] = first;
    count[i] = n;
  }
  return { start, count, weights, taps };
}

const ROUND = 1 << (WEIGHT_BITS - 1);

function clamp255(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** Resamples to exactly `width` x `height` with a separable triangle filter. */
export function resize(image: RgbaImage, width: number, height: number): RgbaImage {
  if (width === image.width && height === image.height) return image;
  const src = image.data;
  const sw = image.width;
  const sh = image.height;
  // Horizontal pass into an intermediate sw -> width, keeping all source rows.
  const h = triangleTaps(sw, width);
  const mid = new Uint8Array(width * sh * 4);
  for (let y = 0; y < sh; y++) {
    const rowIn = y * sw * 4;
    let o = y * width * 4;
    for (let x = 0; x < width; x++, o += 4) {
      let r = ROUND, g = ROUND, b = ROUND, a = ROUND;
      let p = rowIn + h.start[x] * 4;
      const wBase = x * h.taps;
      for (let k = 0, n = h.count[x]; k < n; k++, p += 4) {
        const w = h.weights[wBase + k];
        r += src[p] * w; g += src[p + 1] * w; b += src[p + 2] * w; a += src[p + 3] * w;
      }
      mid[o] = clamp255(r >> WEIGHT_BITS); mid[o + 1] = clamp255(g >> WEIGHT_BITS);
      mid[o + 2] = clamp255(b >> WEIGHT_BITS); mid[o + 3] = clamp255(a >> WEIGHT_BITS);
    }
  }
  // Vertical pass.
  const v = triangleTaps(sh, height);
  const out = createImage(width, height);
  const dst = out.data;
  const stride = width * 4;
  for (let y = 0; y < height; y++) {
    const wBase = y * v.taps;
    const n = v.count[y];
    const first = v.start[y] * stride;
    let o = y * stride;
    for (let x = 0; x < stride; x++, o++) {
      let acc = ROUND;
      let p = first + x;
      for (let k = 0; k < n; k++, p += stride) acc += mid[p] * v.weights[wBase + k];
      dst[o] = clamp255(acc >> WEIGHT_BITS);
    }
  }
  return out;
}

/**
 * The largest size that fits inside both bounds keeping the aspect ratio
 * (the upstream worker's `resize`, from the image crate). A missing bound
 * leaves that side free.
 */
export function fitInside(
  width: number, height: number, maxWidth: number | undefined, maxHeight: number | undefined,
): { width: number; height: number } {
  const wRatio = maxWidth === undefined ? Infinity : maxWidth / width;
  const hRatio = maxHeight === undefined ? Infinity : maxHeight / height;
  if (wRatio <= hRatio) {
    return { width: maxWidth!, height: Math.max(1, Math.round(height * wRatio)) };
  }
  return { width: Math.max(1, Math.round(width * hRatio)), height: maxHeight! };
}
