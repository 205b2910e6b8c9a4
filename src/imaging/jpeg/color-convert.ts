/**
 * Colour conversion of decoded sample rows into RGBA rows. Gray and YCbCr
 * write whole RGBA words (one 32-bit store per pixel, clamping by table);
 * the rarer RGB, CMYK and YCCK write R, G, B into a Uint8ClampedArray whose
 * alpha the caller has set to 255, where the store itself clamps.
 */

// libjpeg's jdcolor.c tables: 16-bit fixed point, identical results to djpeg.
const CR_R = new Int32Array(256);
const CB_B = new Int32Array(256);
const CR_G = new Int32Array(256);
const CB_G = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  const x = i - 128;
  CR_R[i] = (91881 * x + 32768) >> 16; // 1.402
  CB_B[i] = (116130 * x + 32768) >> 16; // 1.772
  CR_G[i] = -46802 * x; // 0.71414
  CB_G[i] = -22554 * x + 32768; // 0.34414, with the rounding half
}

/** RGBA words of gray levels, built through bytes so they are right on either endianness. */
export const GRAY_WORDS = new Int32Array(256);

/** One gray row: a table load and one 32-bit store per pixel, four pixels per loop turn. */
export function grayRow(y: Uint8ClampedArray, yo: number, out: Int32Array, po: number, width: number): void {
  const words = GRAY_WORDS;
  const fours = po + (width & ~3);
  const end = po + width;
  for (; po < fours; po += 4, yo += 4) {
    out[po] = words[y[yo]];
    out[po + 1] = words[y[yo + 1]];
    out[po + 2] = words[y[yo + 2]];
    out[po + 3] = words[y[yo + 3]];
  }
  for (; po < end; po++, yo++) out[po] = words[y[yo]];
}

// YCbCr pixels are whole RGBA words: three clamping table loads OR-ed
// together and one 32-bit store are fewer interpreter operations than three
// byte stores with their index arithmetic (20% faster, measured). Indexes
// are luma + chroma delta + BIAS; the deltas below carry the BIAS already.
const BIAS = 256;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const WORD_R = new Int32Array(1024);
const WORD_G = new Int32Array(1024);
const WORD_BA = new Int32Array(1024);
const CR_R_B = CR_R.map((v) => v + BIAS);
const CB_B_B = CB_B.map((v) => v + BIAS);
const CB_G_B = CB_G.map((v) => v + (BIAS << 16));

/** Fills the gray and YCbCr word tables (built through bytes for GRAY_WORDS, right on either endianness), each level first passed through `map`. */
function fillWords(map: (v: number) => number): void {
  const bytes = new Uint8Array(GRAY_WORDS.buffer);
  for (let g = 0; g < 256; g++) bytes.set([map(g), map(g), map(g), 255], g * 4);
  for (let i = 0; i < 1024; i++) {
    const v = map(i < BIAS ? 0 : i - BIAS > 255 ? 255 : i - BIAS);
    WORD_R[i] = LITTLE_ENDIAN ? v : v << 24;
    WORD_G[i] = LITTLE_ENDIAN ? v << 8 : v << 16;
    WORD_BA[i] = LITTLE_ENDIAN ? (v << 16) | (255 << 24) : (v << 8) | 255;
  }
}

fillWords((v) => v);

/**
 * Runs `decode` with the gray and YCbCr conversions writing `table[v]`
 * wherever they would write the level v (R, G and B; alpha stays 255): a
 * per-channel step (brightness, contrast, invert) that comes first in a job
 * costs nothing then, where it costs a pass over every pixel afterwards
 * (~0.5 s for 1080p in the component), with the same result, since it maps
 * the very levels the conversion clamps. Synchronous, so nothing else runs
 * while the tables are swapped; restored even if `decode` throws.
 */
export function withChannelMap<T>(table: Uint8Array, decode: () => T): T {
  fillWords((v) => table[v]);
  try {
    return decode();
  } finally {
    fillWords((v) => v);
  }
}

/** The word and delta tables, for loops that fuse the conversion with other work (quarter-420.ts). */
export const YCC_WORDS = { r: WORD_R, g: WORD_G, ba: WORD_BA, crR: CR_R_B, cbB: CB_B_B, cbG: CB_G_B, crG: CR_G } as const;

/** YCbCr with chroma at full horizontal resolution (4:4:4, 4:4:0, or chroma already upsampled). */
export function yccRow(
  y: Uint8ClampedArray, yo: number, cb: Uint8ClampedArray, bo: number, cr: Uint8ClampedArray, ro: number,
  out: Int32Array, p: number, width: number,
): void {
  const tr = WORD_R, tg = WORD_G, tb = WORD_BA, crr = CR_R_B, cbb = CB_B_B, cbg = CB_G_B, crg = CR_G;
  const end = p + width;
  let l, b, r;
  for (; p < end; p++, yo++, bo++, ro++) {
    l = y[yo];
    b = cb[bo];
    r = cr[ro];
    out[p] = tr[l + crr[r]] | tg[l + ((cbg[b] + crg[r]) >> 16)] | tb[l + cbb[b]];
  }
}

/** YCbCr with chroma at half horizontal resolution (4:2:2): one chroma lookup per pixel pair. */
export function yccRowH2(
  y: Uint8ClampedArray, yo: number, cb: Uint8ClampedArray, cr: Uint8ClampedArray, co: number,
  out: Int32Array, p: number, width: number,
): void {
  const tr = WORD_R, tg = WORD_G, tb = WORD_BA, crr = CR_R_B, cbb = CB_B_B, cbg = CB_G_B, crg = CR_G;
  const pairsEnd = yo + (width & ~1);
  for (; yo < pairsEnd; yo += 2, co++, p += 2) {
    const b = cb[co];
    const r = cr[co];
    const dr = crr[r];
    const dg = (cbg[b] + crg[r]) >> 16;
    const db = cbb[b];
    let l = y[yo];
    out[p] = tr[l + dr] | tg[l + dg] | tb[l + db];
    l = y[yo + 1];
    out[p + 1] = tr[l + dr] | tg[l + dg] | tb[l + db];
  }
  if (width & 1) {
    const b = cb[co];
    const r = cr[co];
    const l = y[yo];
    out[p] = tr[l + crr[r]] | tg[l + ((cbg[b] + crg[r]) >> 16)] | tb[l + cbb[b]];
  }
}

/** Two output rows of 4:2:0: one chroma lookup per 2x2 pixels. */
export function yccRowsH2V2(
  y: Uint8ClampedArray, yo0: number, yo1: number, cb: Uint8ClampedArray, cr: Uint8ClampedArray, co: number,
  out: Int32Array, p0: number, p1: number, width: number,
): void {
  const tr = WORD_R, tg = WORD_G, tb = WORD_BA, crr = CR_R_B, cbb = CB_B_B, cbg = CB_G_B, crg = CR_G;
  const pairsEnd = yo0 + (width & ~1);
  let b, r, dr, dg, db, l;
  for (; yo0 < pairsEnd; yo0 += 2, yo1 += 2, co++, p0 += 2, p1 += 2) {
    b = cb[co];
    r = cr[co];
    dr = crr[r];
    dg = (cbg[b] + crg[r]) >> 16;
    db = cbb[b];
    l = y[yo0];
    out[p0] = tr[l + dr] | tg[l + dg] | tb[l + db];
    l = y[yo0 + 1];
    out[p0 + 1] = tr[l + dr] | tg[l + dg] | tb[l + db];
    l = y[yo1];
    out[p1] = tr[l + dr] | tg[l + dg] | tb[l + db];
    l = y[yo1 + 1];
    out[p1 + 1] = tr[l + dr] | tg[l + dg] | tb[l + db];
  }
  if (width & 1) {
    b = cb[co];
    r = cr[co];
    dr = crr[r];
    dg = (cbg[b] + crg[r]) >> 16;
    db = cbb[b];
    l = y[yo0];
    out[p0] = tr[l + dr] | tg[l + dg] | tb[l + db];
    l = y[yo1];
    out[p1] = tr[l + dr] | tg[l + dg] | tb[l + db];
  }
}

/**
 * Two output rows of 4:2:0, one MCU column (2 x `size` pixels) at a time,
 * using the blocks' extents: where both chroma blocks are DC-only the colour
 * deltas are computed once for the MCU column instead of once per 2x2
 * pixels, and where the luma block is DC-only too, its row segments are
 * single native fills. Smooth photos (and anything upscaled) are mostly such
 * blocks.
 */
export function yccRowsH2V2Blocks(
  y: Uint8ClampedArray, yo0: number, yo1: number, cb: Uint8ClampedArray, cr: Uint8ClampedArray, co: number,
  out: Int32Array, p0: number, p1: number, width: number, size: number,
  cbExt: Uint8Array, crExt: Uint8Array, cBlock: number, yExt: Uint8Array, yBlock: number,
): void {
  const tr = WORD_R, tg = WORD_G, tb = WORD_BA, crr = CR_R_B, cbb = CB_B_B, cbg = CB_G_B, crg = CR_G;
  const dy = yo1 - yo0;
  const dp = p1 - p0;
  const last = p0 + width;
  let b, r, dr, dg, db, l, end, half, n, i;
  for (; p0 < last; cBlock++, yBlock += 2) {
    if (cbExt[cBlock] <= 1 && crExt[cBlock] <= 1) {
      b = cb[co];
      r = cr[co];
      dr = crr[r];
      dg = (cbg[b] + crg[r]) >> 16;
      db = cbb[b];
      co += size;
      for (half = 0; half < 2 && p0 < last; half++) {
        end = p0 + size < last ? p0 + size : last;
        n = end - p0;
        if (yExt[yBlock + half] <= 1) {
          l = y[yo0];
          l = tr[l + dr] | tg[l + dg] | tb[l + db];
          out.fill(l, p0, end);
          out.fill(l, p0 + dp, end + dp);
        } else {
          for (i = 0; i < n; i++) {
            l = y[yo0 + i];
            out[p0 + i] = tr[l + dr] | tg[l + dg] | tb[l + db];
            l = y[yo0 + dy + i];
            out[p0 + dp + i] = tr[l + dr] | tg[l + dg] | tb[l + db];
          }
        }
        p0 += n;
        yo0 += n;
      }
      continue;
    }
    end = p0 + 2 * size < last ? p0 + 2 * size : last;
    for (; p0 + 1 < end; p0 += 2, yo0 += 2, co++) {
      b = cb[co];
      r = cr[co];
      dr = crr[r];
      dg = (cbg[b] + crg[r]) >> 16;
      db = cbb[b];
      l = y[yo0];
      out[p0] = tr[l + dr] | tg[l + dg] | tb[l + db];
      l = y[yo0 + 1];
      out[p0 + 1] = tr[l + dr] | tg[l + dg] | tb[l + db];
      l = y[yo0 + dy];
      out[p0 + dp] = tr[l + dr] | tg[l + dg] | tb[l + db];
      l = y[yo0 + dy + 1];
      out[p0 + dp + 1] = tr[l + dr] | tg[l + dg] | tb[l + db];
    }
    if (p0 < end) {
      // odd image width: the last pixel of the row
      b = cb[co];
      r = cr[co];
      dr = crr[r];
      dg = (cbg[b] + crg[r]) >> 16;
      db = cbb[b];
      l = y[yo0];
      out[p0] = tr[l + dr] | tg[l + dg] | tb[l + db];
      l = y[yo0 + dy];
      out[p0 + dp] = tr[l + dr] | tg[l + dg] | tb[l + db];
      p0++;
      yo0++;
      co++;
    }
  }
}

/** RGB stored as is (Adobe transform 0). */
export function rgbRow(
  r: Uint8ClampedArray | Uint8Array, ro: number, g: Uint8ClampedArray | Uint8Array, go: number,
  b: Uint8ClampedArray | Uint8Array, bo: number, out: Uint8ClampedArray, o: number, width: number,
): void {
  for (let x = 0; x < width; x++, o += 4) {
    out[o] = r[ro + x];
    out[o + 1] = g[go + x];
    out[o + 2] = b[bo + x];
  }
}

/**
 * CMYK as Adobe stores it (inverted: 255 means no ink), to RGB the way
 * libjpeg-based tools do without a colour profile: R = C * K / 255 on the
 * stored values, i.e. 255 * (1 - c) * (1 - k).
 */
export function cmykRow(
  c: Uint8ClampedArray | Uint8Array, co: number, m: Uint8ClampedArray | Uint8Array, mo: number,
  y: Uint8ClampedArray | Uint8Array, yo: number, k: Uint8ClampedArray | Uint8Array, ko: number,
  out: Uint8ClampedArray, o: number, width: number,
): void {
  for (let x = 0; x < width; x++, o += 4) {
    const kk = k[ko + x] / 255;
    out[o] = c[co + x] * kk;
    out[o + 1] = m[mo + x] * kk;
    out[o + 2] = y[yo + x] * kk;
  }
}

/** YCCK (Adobe transform 2): YCbCr of the inverted CMY, then as CMYK (libjpeg's ycck_cmyk_convert). */
export function ycckRow(
  y: Uint8ClampedArray | Uint8Array, yo: number, cb: Uint8ClampedArray | Uint8Array, bo: number,
  cr: Uint8ClampedArray | Uint8Array, ro: number, k: Uint8ClampedArray | Uint8Array, ko: number,
  out: Uint8ClampedArray, o: number, width: number,
): void {
  for (let x = 0; x < width; x++, o += 4) {
    const l = y[yo + x];
    const b = cb[bo + x];
    const r = cr[ro + x];
    const kk = k[ko + x] / 255;
    // clamp(255 - (l + delta)) * kk, with the clamp done by hand because the subtraction comes after it
    const cc = l + CR_R[r];
    const mm = l + ((CB_G[b] + CR_G[r]) >> 16);
    const yy = l + CB_B[b];
    out[o] = (255 - (cc < 0 ? 0 : cc > 255 ? 255 : cc)) * kk;
    out[o + 1] = (255 - (mm < 0 ? 0 : mm > 255 ? 255 : mm)) * kk;
    out[o + 2] = (255 - (yy < 0 ? 0 : yy > 255 ? 255 : yy)) * kk;
  }
}
