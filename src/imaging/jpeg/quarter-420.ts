import { blockExtents } from './block-extents.js';
import type { JpegCoefficients } from './coefficients.js';
import { YCC_WORDS } from './color-convert.js';
import { idctTable } from './idct.js';

/**
 * 4:2:0 YCbCr decoded at 1/4 scale (the thumbnail shrink-on-load), in one
 * pass per MCU: every block's 2-point IDCT (as idct2x2) and the colour
 * conversion (as yccRowsH2V2) inline, no per-block call, no sample planes.
 * At this scale each chroma block gives 2x2 samples and each of them covers
 * exactly the 2x2 pixels of one luma block, so an MCU is four luma blocks
 * each paired with one chroma sample. The general path spends more on calls
 * and 2-pixel native fills than on arithmetic here.
 *
 * Samples pass through a small Uint8ClampedArray so they round and clamp
 * exactly as the general path's sample planes do: the output is identical.
 *
 * Returns `words`-sized RGBA words for the MCU-padded image, `stride` words
 * per row; the caller crops.
 */
export function quarter420(c: JpegCoefficients): { words: Int32Array; stride: number } {
  const [yp, bp, rp] = c.planes;
  const mcusX = bp.blocksPerLine;
  const mcusY = bp.blocksPerColumn;
  const stride = mcusX * 4;
  const words = new Int32Array(stride * mcusY * 4);
  const { r: tr, g: tg, ba: tb, crR: crr, cbB: cbb, cbG: cbg, crG: crg } = YCC_WORDS;
  const yc = yp.coefficients, bc = bp.coefficients, rc = rp.coefficients;
  const ye = blockExtents(yp), be = blockExtents(bp), re = blockExtents(rp);
  const yq = idctTable(yp.quantTable, 4), bq = idctTable(bp.quantTable, 4), rq = idctTable(rp.quantTable, 4);
  const y0 = yq[0], y1 = yq[1], y8 = yq[8], y9 = yq[9];
  const b0 = bq[0], b1 = bq[1], b8 = bq[8], b9 = bq[9];
  const r0 = rq[0], r1 = rq[1], r8 = rq[8], r9 = rq[9];
  // s[0-3]: the current luma block's 2x2, s[4-7] Cb, s[8-11] Cr (row-major 2x2).
  const s = new Uint8ClampedArray(12);
  const yLine = yp.blocksPerLine;
  let a, b, d, e, o, blk, cb, cr, dr, dg, db, l, p, j;
  for (let my = 0; my < mcusY; my++) {
    for (let mx = 0, cBlock = my * mcusX; mx < mcusX; mx++, cBlock++) {
      o = cBlock * 64;
      a = bc[o] * b0 + 128;
      if (be[cBlock] <= 1) s[4] = s[5] = s[6] = s[7] = a;
      else {
        b = bc[o + 1] * b1; d = bc[o + 8] * b8; e = bc[o + 9] * b9;
        s[4] = a + b + d + e; s[5] = a - b + d - e; s[6] = a + b - d - e; s[7] = a - b - d + e;
      }
      a = rc[o] * r0 + 128;
      if (re[cBlock] <= 1) s[8] = s[9] = s[10] = s[11] = a;
      else {
        b = rc[o + 1] * r1; d = rc[o + 8] * r8; e = rc[o + 9] * r9;
        s[8] = a + b + d + e; s[9] = a - b + d - e; s[10] = a + b - d - e; s[11] = a - b - d + e;
      }
      for (j = 0; j < 4; j++) {
        // Luma block (j >> 1, j & 1) of the MCU and its chroma sample j.
        blk = (my * 2 + (j >> 1)) * yLine + mx * 2 + (j & 1);
        o = blk * 64;
        cb = s[4 + j];
        cr = s[8 + j];
        dr = crr[cr];
        dg = (cbg[cb] + crg[cr]) >> 16;
        db = cbb[cb];
        p = (my * 4 + (j & 2)) * stride + mx * 4 + (j & 1) * 2;
        a = yc[o] * y0 + 128;
        if (ye[blk] <= 1) {
          s[0] = a;
          l = s[0];
          words[p] = words[p + 1] = words[p + stride] = words[p + stride + 1] = tr[l + dr] | tg[l + dg] | tb[l + db];
          continue;
        }
        b = yc[o + 1] * y1; d = yc[o + 8] * y8; e = yc[o + 9] * y9;
        s[0] = a + b + d + e; s[1] = a - b + d - e; s[2] = a + b - d - e; s[3] = a - b - d + e;
        l = s[0]; words[p] = tr[l + dr] | tg[l + dg] | tb[l + db];
        l = s[1]; words[p + 1] = tr[l + dr] | tg[l + dg] | tb[l + db];
        l = s[2]; words[p + stride] = tr[l + dr] | tg[l + dg] | tb[l + db];
        l = s[3]; words[p + stride + 1] = tr[l + dr] | tg[l + dg] | tb[l + db];
      }
    }
  }
  return { words, stride };
}
