import { resampleWide, type TapsFor } from './resample.js';
import { resizeTaps, type ResizeFilter } from './resize.js';
import type { Taps } from './taps.js';

// Resizing ONE channel (a JPEG's Y, Cb or Cr plane) for about a third of
// the cost of an RGB resize. The resampler (resample.ts) carries three
// channels in the lanes of one double, so a plane resized as a gray image
// would pay for three identical lanes. Instead each pass gives the lanes
// three bands of the plane: along x, three horizontal strips of rows (x taps
// never mix rows, so no strip needs its neighbours' rows); along y, three
// vertical strips of columns. The x pass's output goes straight into the
// y pass's column strips, with no plane in between.
//
// The lanes are packed by script into the resampler's wide layout, where
// both passes take 8-bit weights (lanczos included) and no constant rides
// along: a tap is one load and one multiply-add for three samples.

const W1 = 131072; // 2^17: lane 1 (the resampler's B)
const W2 = 17179869184; // 2^34: lane 2 (its G)

/**
 * Resamples the `srcWidth` x `srcHeight` samples of `src` (rows `srcStride`
 * apart) to `width` x `height` into `dst` (rows `dstStride` apart), as
 * `resize` with `filter` would resample a gray image, up to the rounding
 * between the passes. `scaleX` / `scaleY`: source samples per output sample,
 * by default the size ratio.
 */
export function resamplePlane(
  src: Uint8Array, srcStride: number, srcWidth: number, srcHeight: number,
  dst: Uint8Array, dstStride: number, width: number, height: number,
  filter: ResizeFilter, scaleX = srcWidth / width, scaleY = srcHeight / height,
): void {
  const xTaps = width === srcWidth && scaleX === 1 ? null : tapsOnce(srcWidth, width, filter, scaleX);
  const yTaps = height === srcHeight && scaleY === 1 ? null : tapsOnce(srcHeight, height, filter, scaleY);
  if (!xTaps && !yTaps) {
    for (let y = 0; y < height; y++) dst.set(src.subarray(y * srcStride, y * srcStride + width), y * dstStride);
    return;
  }
  if (!yTaps) {
    unpackRows(alongRows(src, srcStride, srcWidth, srcHeight, width, xTaps!), width, srcHeight, dst, dstStride);
    return;
  }
  if (!xTaps) {
    alongColumns(packColumns(src, srcWidth, srcHeight, (y) => y * srcStride, 1), srcWidth, srcHeight, dst, dstStride, height, yTaps);
    return;
  }
  // Work ~ outputs * (taps + a fixed cost), each pass a third of the outputs (as resample.ts's rowsFirst).
  const tx = xTaps(8).taps + 8, ty = yTaps(8).taps + 8;
  if (width * srcHeight * tx + width * height * ty <= srcWidth * height * ty + width * height * tx) {
    const rows = alongRows(src, srcStride, srcWidth, srcHeight, width, xTaps);
    const strip = Math.ceil(srcHeight / 3);
    alongColumns(packColumns(rows, width, srcHeight, rowInStrips(width, strip), 4), width, srcHeight, dst, dstStride, height, yTaps);
  } else {
    const mid = new Uint8Array(srcWidth * height);
    alongColumns(packColumns(src, srcWidth, srcHeight, (y) => y * srcStride, 1), srcWidth, srcHeight, mid, srcWidth, height, yTaps);
    unpackRows(alongRows(mid, srcWidth, srcWidth, height, width, xTaps), width, height, dst, dstStride);
  }
}

/** An axis's taps, built at most once per weight precision. */
function tapsOnce(srcSize: number, dstSize: number, filter: ResizeFilter, scale: number): TapsFor {
  const built = new Map<number, Taps>();
  return (bits) => {
    let taps = built.get(bits);
    if (!taps) built.set(bits, (taps = resizeTaps(srcSize, dstSize, filter, bits, scale)));
    return taps;
  };
}

/** Where plane row y starts in RGBA row strips of `strip` rows, `width` pixels each: its lane's byte of its row. */
function rowInStrips(width: number, strip: number): (y: number) => number {
  return (y) => {
    const k = (y / strip) | 0;
    return (y - k * strip) * width * 4 + k;
  };
}

/**
 * The x pass: the plane's rows in three strips of ceil(height / 3), lane k
 * holding strip k (rows past the plane repeat its last row); returns the
 * resized strips as RGBA, `width` pixels a row.
 */
function alongRows(src: Uint8Array, stride: number, srcWidth: number, height: number, width: number, taps: TapsFor): Uint8Array {
  const strip = Math.ceil(height / 3);
  const packed = new Float64Array(srcWidth * strip);
  for (let p = 0; p < strip; p++) {
    // Views one per lane, so the loop indexes all three with the same x.
    const a = src.subarray(Math.min(p, height - 1) * stride);
    const b = src.subarray(Math.min(p + strip, height - 1) * stride);
    const c = src.subarray(Math.min(p + 2 * strip, height - 1) * stride);
    const out = packed.subarray(p * srcWidth, (p + 1) * srcWidth);
    for (let x = srcWidth - 1; x >= 0; x--) out[x] = a[x] + b[x] * W2 + c[x] * W1;
  }
  return resampleWide(packed, srcWidth, strip, width, strip, taps, null);
}

/** The y pass on column strips (see packColumns), written into the plane `dst`. */
function alongColumns(
  packed: Float64Array, width: number, srcHeight: number, dst: Uint8Array, dstStride: number, height: number, taps: TapsFor,
): void {
  const columns = Math.ceil(width / 3);
  unpackColumns(resampleWide(packed, columns, srcHeight, columns, height, null, taps), columns, height, dst, dstStride, width);
}

/**
 * Wide lanes of ceil(width / 3) columns holding the left, middle and right
 * thirds of a plane whose row y's samples are `step` apart from
 * `samples[rowStart(y)]`: a plain plane (step 1), or an x pass's RGBA row
 * strips (step 4), which so become column strips in one go. The right third
 * may read up to two samples past a row's end: those lanes hold garbage
 * that no later step reads (a column pass never mixes columns).
 */
function packColumns(samples: Uint8Array, width: number, height: number, rowStart: (y: number) => number, step: 1 | 4): Float64Array {
  const columns = Math.ceil(width / 3);
  const packed = new Float64Array(columns * height);
  const third = columns * step;
  for (let y = 0; y < height; y++) {
    const from = rowStart(y);
    const a = samples.subarray(from), b = samples.subarray(from + third), c = samples.subarray(from + 2 * third);
    const out = packed.subarray(y * columns, (y + 1) * columns);
    // `| 0` turns a read past the array (undefined) into 0.
    for (let x = 0, q = 0; x < columns; x++, q += step) out[x] = a[q] + (b[q] | 0) * W2 + (c[q] | 0) * W1;
  }
  return packed;
}

/** Writes RGBA row strips (see alongRows) into a plane's `width` x `height` samples. */
function unpackRows(strips: Uint8Array, width: number, height: number, samples: Uint8Array, stride: number): void {
  const start = rowInStrips(width, Math.ceil(height / 3));
  for (let y = 0; y < height; y++) unpackLane(strips, start(y), samples.subarray(y * stride), width);
}

/** Writes RGBA column strips (see packColumns) into a plane's `width` x `height` samples. */
function unpackColumns(strips: Uint8Array, columns: number, height: number, samples: Uint8Array, stride: number, width: number): void {
  for (let y = 0; y < height; y++) {
    for (let k = 0; k < 3; k++) {
      unpackLane(strips, y * columns * 4 + k, samples.subarray(y * stride + k * columns), Math.min(columns, width - k * columns));
    }
  }
}

/** Copies every fourth byte from `from` on into `out[0..n)`. */
function unpackLane(strips: Uint8Array, from: number, out: Uint8Array, n: number): void {
  // Four samples per turn through fixed-offset views, so the loop's own cost is paid once per four.
  const b0 = strips.subarray(from), b1 = strips.subarray(from + 4), b2 = strips.subarray(from + 8), b3 = strips.subarray(from + 12);
  const o1 = out.subarray(1), o2 = out.subarray(2), o3 = out.subarray(3);
  let x = 0, q = 0;
  for (; x + 4 <= n; x += 4, q += 16) {
    out[x] = b0[q];
    o1[x] = b1[q];
    o2[x] = b2[q];
    o3[x] = b3[q];
  }
  for (; x < n; x++, q += 4) out[x] = b0[q];
}
