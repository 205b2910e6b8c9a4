/**
 * Forward DCT fused with quantization, for encoding from pixels.
 *
 * The transform is the AAN (Arai, Agui, Nakajima) float DCT of libjpeg's
 * jfdctflt.c: 5 multiplies and 29 adds per 8-point pass. Its outputs come out
 * scaled per coefficient, so that scale is folded together with 1/quantizer
 * into one multiplier per coefficient (libjpeg's jcdctmgr.c does the same),
 * and quantizing is one multiply and one add.
 *
 * The code is unrolled by hand because StarlingMonkey interprets it without a
 * JIT: every bytecode costs, and a typed-array access costs several times a
 * local variable. So the 8x8 intermediate lives in 64 locals (no workspace
 * array), the multipliers are hoisted into 64 locals once per plane, samples
 * are read four at a time as 32-bit words, and each coefficient is written
 * exactly once. Measured in the probe, this is about as fast as the integer
 * (jfdctfst-style) variant and more accurate, so the float one is kept.
 *
 * Rounding: `out[i] = v + 65536.5` stores ToInt16(trunc(v + 65536.5)), which
 * is round-half-up(v) for |v| < 32768 (the +65536 vanishes modulo 2^16), so
 * the Int16Array store does the rounding and no `| 0` or `Math.round` is
 * needed; libjpeg's float path rounds the same way.
 */

/** libjpeg's aanscalefactor: cos(k*pi/16) * sqrt(2) for k > 0, 1 for k = 0. */
const AAN_SCALE = [1.0, 1.387039845, 1.306562965, 1.175875602, 1.0, 0.785694958, 0.5411961, 0.275899379];

/**
 * Per-coefficient multipliers (natural order) for a quantization table:
 * 1 / (q * 8 * aan[row] * aan[col]), undoing the AAN output scale and
 * dividing by the quantizer at once.
 */
export function quantMultipliers(quantTable: Uint16Array): Float64Array {
  const multipliers = new Float64Array(64);
  for (let i = 0; i < 64; i++) multipliers[i] = 1 / (quantTable[i] * 8 * AAN_SCALE[i >> 3] * AAN_SCALE[i & 7]);
  return multipliers;
}

/**
 * Transforms and quantizes every 8x8 block of an 8-bit sample plane into
 * `out` (64 natural-order coefficients per block, blocks in raster order).
 * The plane is `blocksPerLine * 8` samples wide (`strideWords` = width / 4
 * 32-bit words, little-endian byte order as on every WebAssembly host) and
 * `blocksPerColumn * 8` rows high; samples are unsigned (not level-shifted).
 */
export function fdctQuantizePlane(
  samples: Uint32Array, strideWords: number, blocksPerLine: number, blocksPerColumn: number, multipliers: Float64Array, out: Int16Array,
): void {
  // The 64 multipliers live in locals for the whole plane: a local read is one cheap bytecode, a typed-array read is not.
  const m0 = multipliers[0], m1 = multipliers[1], m2 = multipliers[2], m3 = multipliers[3], m4 = multipliers[4], m5 = multipliers[5], m6 = multipliers[6], m7 = multipliers[7];
  const m8 = multipliers[8], m9 = multipliers[9], m10 = multipliers[10], m11 = multipliers[11], m12 = multipliers[12], m13 = multipliers[13], m14 = multipliers[14], m15 = multipliers[15];
  const m16 = multipliers[16], m17 = multipliers[17], m18 = multipliers[18], m19 = multipliers[19], m20 = multipliers[20], m21 = multipliers[21], m22 = multipliers[22], m23 = multipliers[23];
  const m24 = multipliers[24], m25 = multipliers[25], m26 = multipliers[26], m27 = multipliers[27], m28 = multipliers[28], m29 = multipliers[29], m30 = multipliers[30], m31 = multipliers[31];
  const m32 = multipliers[32], m33 = multipliers[33], m34 = multipliers[34], m35 = multipliers[35], m36 = multipliers[36], m37 = multipliers[37], m38 = multipliers[38], m39 = multipliers[39];
  const m40 = multipliers[40], m41 = multipliers[41], m42 = multipliers[42], m43 = multipliers[43], m44 = multipliers[44], m45 = multipliers[45], m46 = multipliers[46], m47 = multipliers[47];
  const m48 = multipliers[48], m49 = multipliers[49], m50 = multipliers[50], m51 = multipliers[51], m52 = multipliers[52], m53 = multipliers[53], m54 = multipliers[54], m55 = multipliers[55];
  const m56 = multipliers[56], m57 = multipliers[57], m58 = multipliers[58], m59 = multipliers[59], m60 = multipliers[60], m61 = multipliers[61], m62 = multipliers[62], m63 = multipliers[63];
  // Level shift (-128 per sample) folded into the DC term only: it cancels out of every AC difference.
  const dcBias = 65536.5 - 8192 * m0;
  let q = 0, w = 0, x = 0, s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
  let t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, t6 = 0, t7 = 0, t10 = 0, t11 = 0, t12 = 0, t13 = 0;
  let z1 = 0, z2 = 0, z3 = 0, z4 = 0, z5 = 0, z11 = 0, z13 = 0;
  let a00 = 0, a01 = 0, a02 = 0, a03 = 0, a04 = 0, a05 = 0, a06 = 0, a07 = 0;
  let a10 = 0, a11 = 0, a12 = 0, a13 = 0, a14 = 0, a15 = 0, a16 = 0, a17 = 0;
  let a20 = 0, a21 = 0, a22 = 0, a23 = 0, a24 = 0, a25 = 0, a26 = 0, a27 = 0;
  let a30 = 0, a31 = 0, a32 = 0, a33 = 0, a34 = 0, a35 = 0, a36 = 0, a37 = 0;
  let a40 = 0, a41 = 0, a42 = 0, a43 = 0, a44 = 0, a45 = 0, a46 = 0, a47 = 0;
  let a50 = 0, a51 = 0, a52 = 0, a53 = 0, a54 = 0, a55 = 0, a56 = 0, a57 = 0;
  let a60 = 0, a61 = 0, a62 = 0, a63 = 0, a64 = 0, a65 = 0, a66 = 0, a67 = 0;
  let a70 = 0, a71 = 0, a72 = 0, a73 = 0, a74 = 0, a75 = 0, a76 = 0, a77 = 0;
  const rowStep = strideWords * 8;
  let o = 0;
  for (let by = 0; by < blocksPerColumn; by++) {
    let p = by * rowStep;
    for (let bx = 0; bx < blocksPerLine; bx++, p += 2, o += 64) {
      // Row 0: 8 samples from two words.
      q = p; w = samples[q]; x = samples[q + 1];
      s0 = w & 255; s1 = (w >>> 8) & 255; s2 = (w >>> 16) & 255; s3 = w >>> 24; s4 = x & 255; s5 = (x >>> 8) & 255; s6 = (x >>> 16) & 255; s7 = x >>> 24;
      t0 = s0 + s7; t7 = s0 - s7; t1 = s1 + s6; t6 = s1 - s6; t2 = s2 + s5; t5 = s2 - s5; t3 = s3 + s4; t4 = s3 - s4;
      t10 = t0 + t3; t13 = t0 - t3; t11 = t1 + t2; t12 = t1 - t2;
      a00 = t10 + t11; a04 = t10 - t11;
      z1 = (t12 + t13) * 0.707106781; a02 = t13 + z1; a06 = t13 - z1;
      t10 = t4 + t5; t11 = t5 + t6; t12 = t6 + t7;
      z5 = (t10 - t12) * 0.382683433; z2 = 0.5411961 * t10 + z5; z4 = 1.306562965 * t12 + z5; z3 = t11 * 0.707106781;
      z11 = t7 + z3; z13 = t7 - z3;
      a05 = z13 + z2; a03 = z13 - z2; a01 = z11 + z4; a07 = z11 - z4;
      // Row 1: 8 samples from two words.
      q += strideWords; w = samples[q]; x = samples[q + 1];
      s0 = w & 255; s1 = (w >>> 8) & 255; s2 = (w >>> 16) & 255; s3 = w >>> 24; s4 = x & 255; s5 = (x >>> 8) & 255; s6 = (x >>> 16) & 255; s7 = x >>> 24;
      t0 = s0 + s7; t7 = s0 - s7; t1 = s1 + s6; t6 = s1 - s6; t2 = s2 + s5; t5 = s2 - s5; t3 = s3 + s4; t4 = s3 - s4;
      t10 = t0 + t3; t13 = t0 - t3; t11 = t1 + t2; t12 = t1 - t2;
      a10 = t10 + t11; a14 = t10 - t11;
      z1 = (t12 + t13) * 0.707106781; a12 = t13 + z1; a16 = t13 - z1;
      t10 = t4 + t5; t11 = t5 + t6; t12 = t6 + t7;
      z5 = (t10 - t12) * 0.382683433; z2 = 0.5411961 * t10 + z5; z4 = 1.306562965 * t12 + z5; z3 = t11 * 0.707106781;
      z11 = t7 + z3; z13 = t7 - z3;
      a15 = z13 + z2; a13 = z13 - z2; a11 = z11 + z4; a17 = z11 - z4;
      // Row 2: 8 samples from two words.
      q += strideWords; w = samples[q]; x = samples[q + 1];
      s0 = w & 255; s1 = (w >>> 8) & 255; s2 = (w >>> 16) & 255; s3 = w >>> 24; s4 = x & 255; s5 = (x >>> 8) & 255; s6 = (x >>> 16) & 255; s7 = x >>> 24;
      t0 = s0 + s7; t7 = s0 - s7; t1 = s1 + s6; t6 = s1 - s6; t2 = s2 + s5; t5 = s2 - s5; t3 = s3 + s4; t4 = s3 - s4;
      t10 = t0 + t3; t13 = t0 - t3; t11 = t1 + t2; t12 = t1 - t2;
      a20 = t10 + t11; a24 = t10 - t11;
      z1 = (t12 + t13) * 0.707106781; a22 = t13 + z1; a26 = t13 - z1;
      t10 = t4 + t5; t11 = t5 + t6; t12 = t6 + t7;
      z5 = (t10 - t12) * 0.382683433; z2 = 0.5411961 * t10 + z5; z4 = 1.306562965 * t12 + z5; z3 = t11 * 0.707106781;
      z11 = t7 + z3; z13 = t7 - z3;
      a25 = z13 + z2; a23 = z13 - z2; a21 = z11 + z4; a27 = z11 - z4;
      // Row 3: 8 samples from two words.
      q += strideWords; w = samples[q]; x = samples[q + 1];
      s0 = w & 255; s1 = (w >>> 8) & 255; s2 = (w >>> 16) & 255; s3 = w >>> 24; s4 = x & 255; s5 = (x >>> 8) & 255; s6 = (x >>> 16) & 255; s7 = x >>> 24;
      t0 = s0 + s7; t7 = s0 - s7; t1 = s1 + s6; t6 = s1 - s6; t2 = s2 + s5; t5 = s2 - s5; t3 = s3 + s4; t4 = s3 - s4;
      t10 = t0 + t3; t13 = t0 - t3; t11 = t1 + t2; t12 = t1 - t2;
      a30 = t10 + t11; a34 = t10 - t11;
      z1 = (t12 + t13) * 0.707106781; a32 = t13 + z1; a36 = t13 - z1;
      t10 = t4 + t5; t11 = t5 + t6; t12 = t6 + t7;
      z5 = (t10 - t12) * 0.382683433; z2 = 0.5411961 * t10 + z5; z4 = 1.306562965 * t12 + z5; z3 = t11 * 0.707106781;
      z11 = t7 + z3; z13 = t7 - z3;
      a35 = z13 + z2; a33 = z13 - z2; a31 = z11 + z4; a37 = z11 - z4;
      // Row 4: 8 samples from two words.
      q += strideWords; w = samples[q]; x = samples[q + 1];
      s0 = w & 255; s1 = (w >>> 8) & 255; s2 = (w >>> 16) & 255; s3 = w >>> 24; s4 = x & 255; s5 = (x >>> 8) & 255; s6 = (x >>> 16) & 255; s7 = x >>> 24;
      t0 = s0 + s7; t7 = s0 - s7; t1 = s1 + s6; t6 = s1 - s6; t2 = s2 + s5; t5 = s2 - s5; t3 = s3 + s4; t4 = s3 - s4;
      t10 = t0 + t3; t13 = t0 - t3; t11 = t1 + t2; t12 = t1 - t2;
      a40 = t10 + t11; a44 = t10 - t11;
      z1 = (t12 + t13) * 0.707106781; a42 = t13 + z1; a46 = t13 - z1;
      t10 = t4 + t5; t11 = t5 + t6; t12 = t6 + t7;
      z5 = (t10 - t12) * 0.382683433; z2 = 0.5411961 * t10 + z5; z4 = 1.306562965 * t12 + z5; z3 = t11 * 0.707106781;
      z11 = t7 + z3; z13 = t7 - z3;
      a45 = z13 + z2; a43 = z13 - z2; a41 = z11 + z4; a47 = z11 - z4;
      // Row 5: 8 samples from two words.
      q += strideWords; w = samples[q]; x = samples[q + 1];
      s0 = w & 255; s1 = (w >>> 8) & 255; s2 = (w >>> 16) & 255; s3 = w >>> 24; s4 = x & 255; s5 = (x >>> 8) & 255; s6 = (x >>> 16) & 255; s7 = x >>> 24;
      t0 = s0 + s7; t7 = s0 - s7; t1 = s1 + s6; t6 = s1 - s6; t2 = s2 + s5; t5 = s2 - s5; t3 = s3 + s4; t4 = s3 - s4;
      t10 = t0 + t3; t13 = t0 - t3; t11 = t1 + t2; t12 = t1 - t2;
      a50 = t10 + t11; a54 = t10 - t11;
      z1 = (t12 + t13) * 0.707106781; a52 = t13 + z1; a56 = t13 - z1;
      t10 = t4 + t5; t11 = t5 + t6; t12 = t6 + t7;
      z5 = (t10 - t12) * 0.382683433; z2 = 0.5411961 * t10 + z5; z4 = 1.306562965 * t12 + z5; z3 = t11 * 0.707106781;
      z11 = t7 + z3; z13 = t7 - z3;
      a55 = z13 + z2; a53 = z13 - z2; a51 = z11 + z4; a57 = z11 - z4;
      // Row 6: 8 samples from two words.
      q += strideWords; w = samples[q]; x = samples[q + 1];
      s0 = w & 255; s1 = (w >>> 8) & 255; s2 = (w >>> 16) & 255; s3 = w >>> 24; s4 = x & 255; s5 = (x >>> 8) & 255; s6 = (x >>> 16) & 255; s7 = x >>> 24;
      t0 = s0 + s7; t7 = s0 - s7; t1 = s1 + s6; t6 = s1 - s6; t2 = s2 + s5; t5 = s2 - s5; t3 = s3 + s4; t4 = s3 - s4;
      t10 = t0 + t3; t13 = t0 - t3; t11 = t1 + t2; t12 = t1 - t2;
      a60 = t10 + t11; a64 = t10 - t11;
      z1 = (t12 + t13) * 0.707106781; a62 = t13 + z1; a66 = t13 - z1;
      t10 = t4 + t5; t11 = t5 + t6; t12 = t6 + t7;
      z5 = (t10 - t12) * 0.382683433; z2 = 0.5411961 * t10 + z5; z4 = 1.306562965 * t12 + z5; z3 = t11 * 0.707106781;
      z11 = t7 + z3; z13 = t7 - z3;
      a65 = z13 + z2; a63 = z13 - z2; a61 = z11 + z4; a67 = z11 - z4;
      // Row 7: 8 samples from two words.
      q += strideWords; w = samples[q]; x = samples[q + 1];
      s0 = w & 255; s1 = (w >>> 8) & 255; s2 = (w >>> 16) & 255; s3 = w >>> 24; s4 = x & 255; s5 = (x >>> 8) & 255; s6 = (x >>> 16) & 255; s7 = x >>> 24;
      t0 = s0 + s7; t7 = s0 - s7; t1 = s1 + s6; t6 = s1 - s6; t2 = s2 + s5; t5 = s2 - s5; t3 = s3 + s4; t4 = s3 - s4;
      t10 = t0 + t3; t13 = t0 - t3; t11 = t1 + t2; t12 = t1 - t2;
      a70 = t10 + t11; a74 = t10 - t11;
      z1 = (t12 + t13) * 0.707106781; a72 = t13 + z1; a76 = t13 - z1;
      t10 = t4 + t5; t11 = t5 + t6; t12 = t6 + t7;
      z5 = (t10 - t12) * 0.382683433; z2 = 0.5411961 * t10 + z5; z4 = 1.306562965 * t12 + z5; z3 = t11 * 0.707106781;
      z11 = t7 + z3; z13 = t7 - z3;
      a75 = z13 + z2; a73 = z13 - z2; a71 = z11 + z4; a77 = z11 - z4;
      // Column 0, quantized straight into the block.
      t0 = a00 + a70; t7 = a00 - a70; t1 = a10 + a60; t6 = a10 - a60; t2 = a20 + a50; t5 = a20 - a50; t3 = a30 + a40; t4 = a30 - a40;
      t10 = t0 + t3; t13 = t0 - t3; t11 = t1 + t2; t12 = t1 - t2;
      out[o + 0] = (t10 + t11) * m0 + dcBias; out[o + 32] = (t10 - t11) * m32 + 65536.5;
      z1 = (t12 + t13) * 0.707106781; out[o + 16] = (t13 + z1) * m16 + 65536.5; out[o + 48] = (t13 - z1) * m48 + 65536.5;
      t10 = t4 + t5; t11 = t5 + t6; t12 = t6 + t7;
      z5 = (t10 - t12) * 0.382683433; z2 = 0.5411961 * t10 + z5; z4 = 1.306562965 * t12 + z5; z3 = t11 * 0.707106781;
      z11 = t7 + z3; z13 = t7 - z3;
      out[o + 40] = (z13 + z2) * m40 + 65536.5; out[o + 24] = (z13 - z2) * m24 + 65536.5; out[o + 8] = (z11 + z4) * m8 + 65536.5; out[o + 56] = (z11 - z4) * m56 + 65536.5;
      // Column 1, quantized straight into the block.
      t0 = a01 + a71; t7 = a01 - a71; t1 = a11 + a61; t6 = a11 - a61; t2 = a21 + a51; t5 = a21 - a51; t3 = a31 + a41; t4 = a31 - a41;
      t10 = t0 + t3; t13 = t0 - t3; t11 = t1 + t2; t12 = t1 - t2;
      out[o + 1] = (t10 + t11) * m1 + 65536.5; out[o + 33] = (t10 - t11) * m33 + 65536.5;
      z1 = (t12 + t13) * 0.707106781; out[o + 17] = (t13 + z1) * m17 + 65536.5; out[o + 49] = (t13 - z1) * m49 + 65536.5;
      t10 = t4 + t5; t11 = t5 + t6; t12 = t6 + t7;
      z5 = (t10 - t12) * 0.382683433; z2 = 0.5411961 * t10 + z5; z4 = 1.306562965 * t12 + z5; z3 = t11 * 0.707106781;
      z11 = t7 + z3; z13 = t7 - z3;
      out[o + 41] = (z13 + z2) * m41 + 65536.5; out[o + 25] = (z13 - z2) * m25 + 65536.5; out[o + 9] = (z11 + z4) * m9 + 65536.5; out[o + 57] = (z11 - z4) * m57 + 65536.5;
      // Column 2, quantized straight into the block.
      t0 = a02 + a72; t7 = a02 - a72; t1 = a12 + a62; t6 = a12 - a62; t2 = a22 + a52; t5 = a22 - a52; t3 = a32 + a42; t4 = a32 - a42;
      t10 = t0 + t3; t13 = t0 - t3; t11 = t1 + t2; t12 = t1 - t2;
      out[o + 2] = (t10 + t11) * m2 + 65536.5; out[o + 34] = (t10 - t11) * m34 + 65536.5;
      z1 = (t12 + t13) * 0.707106781; out[o + 18] = (t13 + z1) * m18 + 65536.5; out[o + 50] = (t13 - z1) * m50 + 65536.5;
      t10 = t4 + t5; t11 = t5 + t6; t12 = t6 + t7;
      z5 = (t10 - t12) * 0.382683433; z2 = 0.5411961 * t10 + z5; z4 = 1.306562965 * t12 + z5; z3 = t11 * 0.707106781;
      z11 = t7 + z3; z13 = t7 - z3;
      out[o + 42] = (z13 + z2) * m42 + 65536.5; out[o + 26] = (z13 - z2) * m26 + 65536.5; out[o + 10] = (z11 + z4) * m10 + 65536.5; out[o + 58] = (z11 - z4) * m58 + 65536.5;
      // Column 3, quantized straight into the block.
      t0 = a03 + a73; t7 = a03 - a73; t1 = a13 + a63; t6 = a13 - a63; t2 = a23 + a53; t5 = a23 - a53; t3 = a33 + a43; t4 = a33 - a43;
      t10 = t0 + t3; t13 = t0 - t3; t11 = t1 + t2; t12 = t1 - t2;
      out[o + 3] = (t10 + t11) * m3 + 65536.5; out[o + 35] = (t10 - t11) * m35 + 65536.5;
      z1 = (t12 + t13) * 0.707106781; out[o + 19] = (t13 + z1) * m19 + 65536.5; out[o + 51] = (t13 - z1) * m51 + 65536.5;
      t10 = t4 + t5; t11 = t5 + t6; t12 = t6 + t7;
      z5 = (t10 - t12) * 0.382683433; z2 = 0.5411961 * t10 + z5; z4 = 1.306562965 * t12 + z5; z3 = t11 * 0.707106781;
      z11 = t7 + z3; z13 = t7 - z3;
      out[o + 43] = (z13 + z2) * m43 + 65536.5; out[o + 27] = (z13 - z2) * m27 + 65536.5; out[o + 11] = (z11 + z4) * m11 + 65536.5; out[o + 59] = (z11 - z4) * m59 + 65536.5;
      // Column 4, quantized straight into the block.
      t0 = a04 + a74; t7 = a04 - a74; t1 = a14 + a64; t6 = a14 - a64; t2 = a24 + a54; t5 = a24 - a54; t3 = a34 + a44; t4 = a34 - a44;
      t10 = t0 + t3; t13 = t0 - t3; t11 = t1 + t2; t12 = t1 - t2;
      out[o + 4] = (t10 + t11) * m4 + 65536.5; out[o + 36] = (t10 - t11) * m36 + 65536.5;
      z1 = (t12 + t13) * 0.707106781; out[o + 20] = (t13 + z1) * m20 + 65536.5; out[o + 52] = (t13 - z1) * m52 + 65536.5;
      t10 = t4 + t5; t11 = t5 + t6; t12 = t6 + t7;
      z5 = (t10 - t12) * 0.382683433; z2 = 0.5411961 * t10 + z5; z4 = 1.306562965 * t12 + z5; z3 = t11 * 0.707106781;
      z11 = t7 + z3; z13 = t7 - z3;
      out[o + 44] = (z13 + z2) * m44 + 65536.5; out[o + 28] = (z13 - z2) * m28 + 65536.5; out[o + 12] = (z11 + z4) * m12 + 65536.5; out[o + 60] = (z11 - z4) * m60 + 65536.5;
      // Column 5, quantized straight into the block.
      t0 = a05 + a75; t7 = a05 - a75; t1 = a15 + a65; t6 = a15 - a65; t2 = a25 + a55; t5 = a25 - a55; t3 = a35 + a45; t4 = a35 - a45;
      t10 = t0 + t3; t13 = t0 - t3; t11 = t1 + t2; t12 = t1 - t2;
      out[o + 5] = (t10 + t11) * m5 + 65536.5; out[o + 37] = (t10 - t11) * m37 + 65536.5;
      z1 = (t12 + t13) * 0.707106781; out[o + 21] = (t13 + z1) * m21 + 65536.5; out[o + 53] = (t13 - z1) * m53 + 65536.5;
      t10 = t4 + t5; t11 = t5 + t6; t12 = t6 + t7;
      z5 = (t10 - t12) * 0.382683433; z2 = 0.5411961 * t10 + z5; z4 = 1.306562965 * t12 + z5; z3 = t11 * 0.707106781;
      z11 = t7 + z3; z13 = t7 - z3;
      out[o + 45] = (z13 + z2) * m45 + 65536.5; out[o + 29] = (z13 - z2) * m29 + 65536.5; out[o + 13] = (z11 + z4) * m13 + 65536.5; out[o + 61] = (z11 - z4) * m61 + 65536.5;
      // Column 6, quantized straight into the block.
      t0 = a06 + a76; t7 = a06 - a76; t1 = a16 + a66; t6 = a16 - a66; t2 = a26 + a56; t5 = a26 - a56; t3 = a36 + a46; t4 = a36 - a46;
      t10 = t0 + t3; t13 = t0 - t3; t11 = t1 + t2; t12 = t1 - t2;
      out[o + 6] = (t10 + t11) * m6 + 65536.5; out[o + 38] = (t10 - t11) * m38 + 65536.5;
      z1 = (t12 + t13) * 0.707106781; out[o + 22] = (t13 + z1) * m22 + 65536.5; out[o + 54] = (t13 - z1) * m54 + 65536.5;
      t10 = t4 + t5; t11 = t5 + t6; t12 = t6 + t7;
      z5 = (t10 - t12) * 0.382683433; z2 = 0.5411961 * t10 + z5; z4 = 1.306562965 * t12 + z5; z3 = t11 * 0.707106781;
      z11 = t7 + z3; z13 = t7 - z3;
      out[o + 46] = (z13 + z2) * m46 + 65536.5; out[o + 30] = (z13 - z2) * m30 + 65536.5; out[o + 14] = (z11 + z4) * m14 + 65536.5; out[o + 62] = (z11 - z4) * m62 + 65536.5;
      // Column 7, quantized straight into the block.
      t0 = a07 + a77; t7 = a07 - a77; t1 = a17 + a67; t6 = a17 - a67; t2 = a27 + a57; t5 = a27 - a57; t3 = a37 + a47; t4 = a37 - a47;
      t10 = t0 + t3; t13 = t0 - t3; t11 = t1 + t2; t12 = t1 - t2;
      out[o + 7] = (t10 + t11) * m7 + 65536.5; out[o + 39] = (t10 - t11) * m39 + 65536.5;
      z1 = (t12 + t13) * 0.707106781; out[o + 23] = (t13 + z1) * m23 + 65536.5; out[o + 55] = (t13 - z1) * m55 + 65536.5;
      t10 = t4 + t5; t11 = t5 + t6; t12 = t6 + t7;
      z5 = (t10 - t12) * 0.382683433; z2 = 0.5411961 * t10 + z5; z4 = 1.306562965 * t12 + z5; z3 = t11 * 0.707106781;
      z11 = t7 + z3; z13 = t7 - z3;
      out[o + 47] = (z13 + z2) * m47 + 65536.5; out[o + 31] = (z13 - z2) * m31 + 65536.5; out[o + 15] = (z11 + z4) * m15 + 65536.5; out[o + 63] = (z11 - z4) * m63 + 65536.5;
    }
  }
}
