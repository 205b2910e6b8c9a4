import type { RgbaImage } from '../image.js';
import { allOpaque } from './opaque.js';

// Gaussian blur for an interpreter without a JIT, where the cost is the number
// of bytecodes per pixel. What keeps that number small, and independent of
// sigma:
//
// - Pixels are never unpacked in script. Widening the RGBA bytes to 16-bit
//   units (one native TypedArray.set) and reading every 8 bytes as a double
//   gives, for an opaque pixel, C + (R + G * 2^16 + B * 2^32) * 2^-1060 with
//   the same constant C for all pixels (alpha 255 lands in the exponent). A
//   difference of two such doubles, or one minus C, is exact and free of C,
//   so every add and multiply-add handles three channels.
// - The kernel is a "triangle" (box a * box b, plus a small centre weight so
//   the weights sum to exactly 256), run as two running sums fed by four
//   samples: the same cost per pixel for any sigma. Small sigmas, where boxes
//   are too coarse, use a 5- or 7-tap kernel directly; large ones, three
//   boxes one after the other. Against the exact Gaussian on the reference
//   photo that is 64, 59 and 57 dB for sigma 1, 2 and 5; near the borders the
//   edge rule differs (see below; test/unit/ops-speed-equivalence.test.ts).
// - A pass writes doubles whose bit pattern already is the output pixel (see
//   FINAL); narrowing them to bytes is again one native TypedArray.set.
// - Each pass filters rows and writes its result transposed, so the next pass
//   filters the columns as rows, reading memory in order.
//
// Edges extend the border pixel (the exact version renormalised instead):
// flat images stay exactly flat and borders do not darken.

// Widened opaque pixels are 2^-1060 * (31 * 2^48 + lanes): alpha 255 gives
// exponent bits 0x00F and mantissa top nibble 0xF.
const WIDE_BASE = 31 * 2 ** -1012;

// A pass writes doubles whose bit pattern is the output pixel. With lanes
// X = R' + G' * 2^16 + B' * 2^32, where R' = 256 * R plus a fraction,
// FINAL = 31 * 2^-996 + X * 2^-1052 has exponent 0x01F and mantissa top
// nibble 0xF, so its bytes are R, x, G, x, B, 0, 0xFF, 0x01: read as 16-bit
// units and narrowed to bytes, that is R G B 255. Between passes alpha 0 is
// written instead (2^-991 + X * 2^-1051: exponent 0x020, top nibble 0), so
// the next pass widens to doubles free of any constant: plain sums suffice.
// The scales are 2^8 or 2^9 times a widened unit, carried by the weights, so
// no multiply is spent on them. Lane 0 is rounded by the floating-point
// addition itself; lanes 1 and 2 get +128 in the bias.
interface Format { scale: number; bias: number }
const FINAL: Format = { scale: 256, bias: 31 * 2 ** -996 + 128 * (2 ** 16 + 2 ** 32) * 2 ** -1052 };
const BETWEEN: Format = { scale: 512, bias: 2 ** -991 + 128 * (2 ** 16 + 2 ** 32) * 2 ** -1051 };

/**
 * A 1-D kernel with integer weights summing to exactly 256, so the sum of a
 * pass is 256 * value in every lane, what the output pattern needs.
 */
export type Kernel =
  | { kind: 'direct'; radius: 2 | 3; weights: number[] } // centre, +-1, +-2, +-3
  | { kind: 'triangle'; a: number; b: number; scale: number; centre: number }; // scale * (box a * box b) + centre * delta

/** Quantised Gaussian, radius 2 or 3, weights summing to 256. */
function directKernel(sigma: number): Kernel {
  const g = [0, 1, 2, 3].map((d) => Math.exp(-(d * d) / (2 * sigma * sigma)));
  const total = g[0] + 2 * (g[1] + g[2] + g[3]);
  const weights = g.map((v) => Math.round((v / total) * 256));
  const radius = weights[3] <= 1 ? 2 : 3;
  if (radius === 2) weights[3] = 0;
  weights[0] = 256 - 2 * (weights[1] + weights[2] + weights[3]);
  return { kind: 'direct', radius, weights };
}

/** box a * box b scaled to nearly 256, the rest as a centre weight. */
function triangle(a: number, b: number): Kernel {
  const scale = Math.floor(256 / (a * b));
  return { kind: 'triangle', a, b, scale, centre: 256 - scale * a * b };
}

/**
 * The kernels to apply along each axis, in turn. A triangle of boxes a, b has
 * variance (a^2 + b^2 - 2) / 12 (a + b even keeps it centred); the centre
 * weight is at most a few percent for the sizes chosen here.
 */
export function blurKernels(sigma: number): Kernel[] {
  if (sigma < 1.5) return [directKernel(sigma)];
  const target = sigma * sigma;
  if (sigma <= 2.6) {
    let best = triangle(1, 1);
    let error = Infinity;
    for (let a = 2; a <= 7; a++) {
      for (const b of [a, a + 2]) {
        const k = triangle(a, b) as Extract<Kernel, { kind: 'triangle' }>;
        const variance = (k.scale * a * b * ((a * a + b * b - 2) / 12)) / 256;
        const e = Math.abs(variance - target) / target + (2 * k.centre) / 256;
        if (e < error) {
          error = e;
          best = k;
        }
      }
    }
    return [best];
  }
  // Three boxes of odd widths wl or wl + 2 matching the variance (Kutskir).
  let wl = Math.floor(Math.sqrt(4 * target + 1));
  if (wl % 2 === 0) wl--;
  const m = Math.round((12 * target - 3 * wl * wl - 12 * wl - 9) / (-4 * wl - 4));
  const kernels: Kernel[] = [];
  for (let i = 0; i < 3; i++) kernels.push(triangle(Math.min(255, i < m ? wl : wl + 2), 1)); // box w * box 1 = box w
  return kernels;
}

/**
 * How far the kernels reach, in pixels, along each axis once all are applied
 * (a triangle of boxes a, b reaches (a + b - 2) / 2 each side).
 */
export function kernelsReach(kernels: readonly Kernel[]): number {
  let reach = 0;
  for (const k of kernels) reach += k.kind === 'direct' ? k.radius : (k.a + k.b - 2) / 2;
  return reach;
}

/**
 * Filters every row of `src` (RGBA, width x height, alpha all 255 or, when
 * `constant` is 0, all 0) with `kernel` and writes doubles in `format`
 * transposed: dst[x * height + y].
 */
function pass(
  src: Uint8Array, width: number, height: number, kernel: Kernel, dst: Float64Array, constant: number, format: Format,
): void {
  // Row buffer: `pad` copies of the edge pixels on both sides of the row.
  const pad = kernel.kind === 'direct' ? kernel.radius + 7 : kernel.a + kernel.b + 1;
  const buf = new Float64Array(width + 2 * pad);
  const wide = new Uint16Array(buf.buffer);
  // at(k)[x] is the sample k places after pixel x (k may be negative), and
  // out(t)[o] is the output t pixels further along: one index for all.
  const at = (k: number) => buf.subarray(pad + k);
  const out = (t: number) => dst.subarray(t * height);
  const c = constant;
  // Constant-free widened pixels are subnormal, in units of 2^-1074, not 2^-1060.
  const W = format.scale * (c === 0 ? 16384 : 1);
  const bias = format.bias;
  const h = height;
  for (let y = 0; y < height; y++) {
    wide.set(src.subarray(y * width * 4, (y + 1) * width * 4), pad * 4);
    buf.fill(buf[pad], 0, pad);
    buf.fill(buf[pad + width - 1], pad + width);
    if (kernel.kind === 'direct') {
      // The samples slide through locals, one load per pixel: the loop is
      // unrolled by the window size and the locals rotate.
      const [w0, w1, w2, w3] = kernel.weights;
      const k0 = 256 * W, kc = w0 * W, k1 = w1 * W, k2 = w2 * W, k3 = w3 * W;
      let x = 0;
      let o = y;
      // Each sample is loaded once and C taken off right away (exact), so
      // the sums need no differences.
      if (kernel.radius === 2) {
        const n0 = at(2), n1 = at(3), n2 = at(4), n3 = at(5), n4 = at(6);
        const o0 = out(0), o1 = out(1), o2 = out(2), o3 = out(3), o4 = out(4);
        let q0 = buf[pad - 2] - c, q1 = buf[pad - 1] - c, q2 = buf[pad] - c, q3 = buf[pad + 1] - c, q4 = 0;
        for (const step = 5 * h; x + 5 <= width; x += 5, o += step) {
          q4 = n0[x] - c;
          o0[o] = q2 * kc + (q1 + q3) * k1 + (q0 + q4) * k2 + bias;
          q0 = n1[x] - c;
          o1[o] = q3 * kc + (q2 + q4) * k1 + (q1 + q0) * k2 + bias;
          q1 = n2[x] - c;
          o2[o] = q4 * kc + (q3 + q0) * k1 + (q2 + q1) * k2 + bias;
          q2 = n3[x] - c;
          o3[o] = q0 * kc + (q4 + q1) * k1 + (q3 + q2) * k2 + bias;
          q3 = n4[x] - c;
          o4[o] = q1 * kc + (q0 + q2) * k1 + (q4 + q3) * k2 + bias;
        }
      } else {
        const n0 = at(3), n1 = at(4), n2 = at(5), n3 = at(6), n4 = at(7), n5 = at(8), n6 = at(9);
        const o0 = out(0), o1 = out(1), o2 = out(2), o3 = out(3), o4 = out(4), o5 = out(5), o6 = out(6);
        let q0 = buf[pad - 3] - c, q1 = buf[pad - 2] - c, q2 = buf[pad - 1] - c, q3 = buf[pad] - c, q4 = buf[pad + 1] - c;
        let q5 = buf[pad + 2] - c, q6 = 0;
        for (const step = 7 * h; x + 7 <= width; x += 7, o += step) {
          q6 = n0[x] - c;
          o0[o] = q3 * kc + (q2 + q4) * k1 + (q1 + q5) * k2 + (q0 + q6) * k3 + bias;
          q0 = n1[x] - c;
          o1[o] = q4 * kc + (q3 + q5) * k1 + (q2 + q6) * k2 + (q1 + q0) * k3 + bias;
          q1 = n2[x] - c;
          o2[o] = q5 * kc + (q4 + q6) * k1 + (q3 + q0) * k2 + (q2 + q1) * k3 + bias;
          q2 = n3[x] - c;
          o3[o] = q6 * kc + (q5 + q0) * k1 + (q4 + q1) * k2 + (q3 + q2) * k3 + bias;
          q3 = n4[x] - c;
          o4[o] = q0 * kc + (q6 + q1) * k1 + (q5 + q2) * k2 + (q4 + q3) * k3 + bias;
          q4 = n5[x] - c;
          o5[o] = q1 * kc + (q0 + q2) * k1 + (q6 + q3) * k2 + (q5 + q4) * k3 + bias;
          q5 = n6[x] - c;
          o6[o] = q2 * kc + (q1 + q3) * k1 + (q0 + q4) * k2 + (q6 + q5) * k3 + bias;
        }
      }
      // The last few pixels, plainly.
      const s0 = at(0), m1 = at(-1), p1 = at(1), m2 = at(-2), p2 = at(2), m3 = at(-3), p3 = at(3);
      for (; x < width; x++, o += h) {
        const v = s0[x];
        dst[o] = (v - c) * k0 + ((m1[x] - v) + (p1[x] - v)) * k1 + ((m2[x] - v) + (p2[x] - v)) * k2
          + ((m3[x] - v) + (p3[x] - v)) * k3 + bias;
      }
      continue;
    }
    // Triangle: second differences of the samples feed two running sums.
    // With the left edge extended forever they start at a * b * (edge - C)
    // and 0; the newest sample is `half` places right of the output pixel.
    const { a, b } = kernel;
    const half = (a + b - 2) / 2;
    const scale = kernel.scale * W;
    const centre = kernel.centre * W;
    const s0 = at(0), da = at(-a), db = at(-b), dab = at(-a - b), mid = at(-half);
    const s1 = at(1), da1 = at(1 - a), db1 = at(1 - b), dab1 = at(1 - a - b), mid1 = at(1 - half);
    const o1 = out(1);
    let slope = 0;
    let level = (buf[pad] - c) * (a * b);
    for (let x = 1; x <= half; x++) {
      slope += (s0[x] - da[x]) - (db[x] - dab[x]);
      level += slope;
    }
    dst[y] = level * scale + (mid[half] - c) * centre + bias;
    let x = half + 1;
    let o = y + h;
    const end = width + half;
    // Two pixels per turn, through views one apart, to halve the loop's own cost.
    for (const step = 2 * h; x + 1 < end; x += 2, o += step) {
      slope += (s0[x] - da[x]) - (db[x] - dab[x]);
      level += slope;
      dst[o] = level * scale + (mid[x] - c) * centre + bias;
      slope += (s1[x] - da1[x]) - (db1[x] - dab1[x]);
      level += slope;
      o1[o] = level * scale + (mid1[x] - c) * centre + bias;
    }
    if (x < end) {
      slope += (s0[x] - da[x]) - (db[x] - dab[x]);
      level += slope;
      dst[o] = level * scale + (mid[x] - c) * centre + bias;
    }
  }
}

/** Output-pattern doubles to RGBA bytes (see FINAL), natively. */
function narrow(d: Float64Array, out: Uint8Array): void {
  out.set(new Uint16Array(d.buffer, d.byteOffset, d.length * 4));
}

/**
 * Called with the upright image between one kernel and the next (after its
 * pass along y): the strip blur (strip-blur.ts) resets its rows beyond the
 * plane's edges there. The bytes are the intermediate format, but still four
 * per pixel, one per channel.
 */
export type BetweenKernels = (bytes: Uint8Array, width: number, height: number) => void;

/** Blurs an opaque image; the result is opaque too. */
export function blurOpaque(image: RgbaImage, kernels: readonly Kernel[], between?: BetweenKernels): Uint8Array {
  let { width, height } = image;
  let bytes = image.data;
  const d = new Float64Array(width * height);
  const passes = kernels.length * 2;
  for (let i = 0; i < passes; i++) {
    // Along x, written transposed; then along the former y, upright again.
    const last = i === passes - 1;
    pass(bytes, width, height, kernels[i >> 1], d, i === 0 ? WIDE_BASE : 0, last ? FINAL : BETWEEN);
    if (bytes === image.data) bytes = new Uint8Array(width * height * 4);
    narrow(d, bytes);
    [width, height] = [height, width];
    if (between && (i & 1) === 1 && !last) between(bytes, width, height);
  }
  return bytes;
}

/**
 * Gaussian blur (see the notes above). Alpha, when not all opaque, is blurred
 * the same way on its own, straight (not premultiplied), as before.
 */
export function blur(image: RgbaImage, sigma: number): RgbaImage {
  const { width, height, data } = image;
  const kernels = blurKernels(sigma);
  if (width === 0 || height === 0) return { width, height, data: new Uint8Array(data) };
  if (allOpaque(data)) return { width, height, data: blurOpaque(image, kernels) };
  // Translucent: colour with alpha forced to 255, then alpha as a grey image.
  const colour = new Uint8Array(data);
  const alpha = new Uint8Array(data.length).fill(255);
  for (let i = 3; i < data.length; i += 4) {
    colour[i] = 255;
    alpha[i - 3] = data[i];
  }
  const out = blurOpaque({ width, height, data: colour }, kernels);
  const a = blurOpaque({ width, height, data: alpha }, kernels);
  for (let i = 3; i < out.length; i += 4) out[i] = a[i - 3];
  return { width, height, data: out };
}
