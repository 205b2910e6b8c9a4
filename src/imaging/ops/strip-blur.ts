import { blurKernels, blurOpaque, kernelsReach } from './blur.js';

// Gaussian blur of ONE channel (a gray plane) for about a third of the cost
// of an RGB blur. The RGB blur (blur.ts) carries three channels in the lanes
// of one double, so a gray plane blurred as a gray image would pay for three
// identical lanes. Instead the plane is cut into three horizontal strips of
// S = ceil(H / 3) rows, which become the R, G and B channels of one opaque
// image W x (S + 2r), r being how far the kernels reach: each strip comes
// with r rows of its neighbours above and below (rows outside the plane are
// the edge row, which is the blur's own edge rule), so the middle S rows of
// each lane are exactly what blurring the whole plane gives there.
//
// With several kernels one after the other (large sigmas), the rows outside
// the plane must again equal the edge row before each later kernel, since
// the whole-plane blur extends its edge afresh at every pass; `resetEdges`
// does that per lane between kernels.

/** Where the three strips of a `width` x `height` plane sit in the packed image. */
export interface StripLayout {
  readonly width: number;
  readonly height: number;
  /** Plane rows per strip (the last may hold fewer real ones). */
  readonly strip: number;
  /** Rows of context above and below each strip: how far the blur reaches. */
  readonly margin: number;
  /** Rows of the packed image: strip + 2 * margin. */
  readonly rows: number;
  readonly sigma: number;
}

export function stripLayout(width: number, height: number, sigma: number): StripLayout {
  const strip = Math.ceil(height / 3);
  const margin = kernelsReach(blurKernels(sigma));
  return { width, height, strip, margin, rows: strip + 2 * margin, sigma };
}

/** The plane row that packed row `p` of lane `k` holds, clamped to the plane. */
export function sourceRow(layout: StripLayout, k: number, p: number): number {
  const y = k * layout.strip + p - layout.margin;
  return y < 0 ? 0 : y >= layout.height ? layout.height - 1 : y;
}

/**
 * The packed image (RGBA, alpha 255) of a plane of 8-bit samples, rows
 * `stride` apart. One word store per packed pixel for three samples.
 */
export function packPlane(samples: Uint8Array, stride: number, layout: StripLayout): Uint8Array {
  const { width, rows } = layout;
  const packed = new Uint8Array(width * rows * 4);
  const words = new Int32Array(packed.buffer);
  for (let p = 0; p < rows; p++) {
    // Views one per lane, so the loop indexes all three with the same x.
    const a = samples.subarray(sourceRow(layout, 0, p) * stride);
    const b = samples.subarray(sourceRow(layout, 1, p) * stride);
    const c = samples.subarray(sourceRow(layout, 2, p) * stride);
    const out = words.subarray(p * width, (p + 1) * width);
    // -16777216 is alpha 255 in the top byte of a signed word.
    for (let x = width - 1; x >= 0; x--) out[x] = a[x] | (b[x] << 8) | (c[x] << 16) | -16777216;
  }
  return packed;
}

/**
 * Blurs a packed image (see packPlane) with the Gaussian of the layout's
 * sigma; lane k's middle rows (margin .. margin + strip) are strip k blurred.
 */
export function blurStrips(packed: Uint8Array, layout: StripLayout): Uint8Array {
  const kernels = blurKernels(layout.sigma);
  const image = { width: layout.width, height: layout.rows, data: packed };
  return blurOpaque(image, kernels, kernels.length > 1 ? (bytes) => resetEdges(bytes, layout) : undefined);
}

/**
 * Sets each lane's rows beyond the plane's top and bottom to that lane's edge
 * row, as the whole-plane blur's edge rule sees them. Per byte, since only
 * one lane of a row is outside; these are a few rows at most per lane.
 */
function resetEdges(bytes: Uint8Array, layout: StripLayout): void {
  const { width, height, strip, margin, rows } = layout;
  const line = width * 4;
  for (let k = 0; k < 3; k++) {
    // Packed rows of the plane's first and last rows in this lane.
    const top = margin - k * strip;
    const bottom = height - 1 - k * strip + margin;
    for (let p = 0; p < top && p < rows; p++) copyLane(bytes, top * line + k, p * line + k, width);
    for (let p = Math.max(bottom + 1, 0); p < rows; p++) copyLane(bytes, bottom * line + k, p * line + k, width);
  }
}

function copyLane(bytes: Uint8Array, from: number, to: number, width: number): void {
  for (let x = 0; x < width * 4; x += 4) bytes[to + x] = bytes[from + x];
}

/**
 * Blurs the `width` x `height` area of a gray plane (8-bit samples, rows
 * `stride` apart) in place: the same as `blur` on a gray image (R = G = B),
 * for a third of its cost (see above).
 */
export function blurPlane(samples: Uint8Array, stride: number, width: number, height: number, sigma: number): void {
  if (width === 0 || height === 0) return;
  const layout = stripLayout(width, height, sigma);
  const blurred = blurStrips(packPlane(samples, stride, layout), layout);
  const { strip, margin } = layout;
  let x = 0, q = 0;
  for (let row = 0; row < height; row++) {
    const k = (row / strip) | 0;
    const from = ((row - k * strip + margin) * width) * 4 + k;
    // Four samples per turn through fixed-offset views (as sharpenPlane), so
    // the loop's own cost is paid once per four.
    const b0 = blurred.subarray(from), b1 = blurred.subarray(from + 4), b2 = blurred.subarray(from + 8), b3 = blurred.subarray(from + 12);
    const o0 = samples.subarray(row * stride), o1 = samples.subarray(row * stride + 1);
    const o2 = samples.subarray(row * stride + 2), o3 = samples.subarray(row * stride + 3);
    for (x = 0, q = 0; x + 4 <= width; x += 4, q += 16) {
      o0[x] = b0[q];
      o1[x] = b1[q];
      o2[x] = b2[q];
      o3[x] = b3[q];
    }
    for (; x < width; x++, q += 4) o0[x] = b0[q];
  }
}
