import type { RgbaImage } from '../image.js';
import type { CoefficientPlane, JpegCoefficients } from './coefficients.js';
import { YCC_WORDS } from './color-convert.js';

/**
 * The 1/8 image of 4:2:0 YCbCr DC-only planes (a 12 MP photo's 1/8 decode
 * is 282,000 blocks): each block's DC is one sample, so the luma plane is
 * the image itself and each chroma DC covers 2x2 pixels. One pass from the
 * DCs to RGBA words, where to-pixels.ts first stores every DC as a sample
 * (an MCU row at a time) and then converts the sample rows: a DC becomes its
 * sample through a table instead of a multiply-add and a clamping store.
 * The same arithmetic, so the same pixels (tested against it).
 */
export function dcImage420(c: JpegCoefficients, outW: number, outH: number): RgbaImage {
  const [yPlane, cbPlane, crPlane] = c.planes;
  const yt = sampleTable(yPlane, 0), cbt = sampleTable(cbPlane, 1), crt = sampleTable(crPlane, 2);
  // The DCs read as unsigned 16 bits, so a negative one indexes its table with no offset to add.
  const yc = unsigned(yPlane), cbc = unsigned(cbPlane), crc = unsigned(crPlane);
  const yLine = yPlane.blocksPerLine, cLine = cbPlane.blocksPerLine;
  const words = new Int32Array(outW * outH);
  const { r: tr, g: tg, ba: tb, crR: crr, cbB: cbb, cbG: cbg, crG: crg } = YCC_WORDS;
  const pairs = outW >> 1;
  // One pixel from its luma and chroma DC indexes: the edges only (an odd last column or row), so a call each is cheap.
  const pixel = (p: number, q: number, c: number): void => {
    const cb = cbt[cbc[c]], cr = crt[crc[c]], y = yt[yc[q]];
    words[p] = tr[y + crr[cr]] | tg[y + ((cbg[cb] + crg[cr]) >> 16)] | tb[y + cbb[cb]];
  };
  let p0, p1, q0, q1, co, end, b, r, dr, dg, db, l;
  for (let y = 0; y < outH; y += 2) {
    p0 = y * outW;
    q0 = y * yLine;
    co = (y >> 1) * cLine;
    end = co + pairs;
    if (y + 1 < outH) {
      // Two rows: one chroma lookup per 2x2 pixels (color-convert.ts's yccRowsH2V2).
      p1 = p0 + outW;
      q1 = q0 + yLine;
      for (; co < end; co++, p0 += 2, p1 += 2, q0 += 2, q1 += 2) {
        b = cbt[cbc[co]];
        r = crt[crc[co]];
        dr = crr[r];
        dg = (cbg[b] + crg[r]) >> 16;
        db = cbb[b];
        l = yt[yc[q0]];
        words[p0] = tr[l + dr] | tg[l + dg] | tb[l + db];
        l = yt[yc[q0 + 1]];
        words[p0 + 1] = tr[l + dr] | tg[l + dg] | tb[l + db];
        l = yt[yc[q1]];
        words[p1] = tr[l + dr] | tg[l + dg] | tb[l + db];
        l = yt[yc[q1 + 1]];
        words[p1 + 1] = tr[l + dr] | tg[l + dg] | tb[l + db];
      }
      if (outW & 1) {
        pixel(p0, q0, co);
        pixel(p1, q1, co);
      }
      continue;
    }
    // The last row of an odd height.
    for (; co < end; co++, p0 += 2, q0 += 2) {
      pixel(p0, q0, co);
      pixel(p0 + 1, q0 + 1, co);
    }
    if (outW & 1) pixel(p0, q0, co);
  }
  return { width: outW, height: outH, data: new Uint8Array(words.buffer) };
}

function unsigned(p: CoefficientPlane): Uint16Array {
  const c = p.coefficients;
  return new Uint16Array(c.buffer, c.byteOffset, c.length);
}

// One per plane, reused from job to job (only the entries a plane's DCs reach are written and read).
const tables: Uint8ClampedArray[] = [];

/**
 * DC (as unsigned 16 bits) -> sample: what to-pixels.ts's 1x1 IDCT stores,
 * DC * (quant / 8) + 128 into a clamping, rounding Uint8ClampedArray. Only
 * the plane's own range of DCs, found natively, is computed.
 */
function sampleTable(p: CoefficientPlane, slot: number): Uint8ClampedArray {
  const table = (tables[slot] ??= new Uint8ClampedArray(65536));
  const q0 = p.quantTable[0] / 8;
  const { min, max } = range(p.coefficients);
  for (let v = min; v <= max; v++) table[v & 0xffff] = v * q0 + 128;
  return table;
}

/** Smallest and largest value: Math.min/max.apply walk a typed array natively (see ops/opaque.ts). */
function range(values: Int16Array): { min: number; max: number } {
  const minOf = Math.min as unknown as (...v: ArrayLike<number>[]) => number;
  const maxOf = Math.max as unknown as (...v: ArrayLike<number>[]) => number;
  let min = 0, max = 0;
  for (let i = 0; i < values.length; i += 65536) {
    const chunk = values.subarray(i, i + 65536);
    min = Math.min(min, minOf.apply(null, chunk as never));
    max = Math.max(max, maxOf.apply(null, chunk as never));
  }
  return { min, max };
}
