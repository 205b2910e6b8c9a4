import { ZIGZAG_TO_NATURAL } from './coefficients.js';
import type { HuffmanSpec } from './huffman-encode.js';

/**
 * A growable output buffer and the JPEG marker segments written around the
 * entropy-coded data. The scan writer works on `buf`/`pos` directly (in
 * locals); headers are few bytes and use the methods.
 */
export class ByteWriter {
  buf: Uint8Array;
  pos = 0;

  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(capacity, 1024));
  }

  /** Makes room for `extra` more bytes, doubling so that total copying stays linear. */
  ensure(extra: number): Uint8Array {
    const needed = this.pos + extra;
    if (needed > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < needed) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.buf.subarray(0, this.pos));
      this.buf = grown;
    }
    return this.buf;
  }

  byte(value: number): void {
    this.ensure(1);
    this.buf[this.pos++] = value;
  }

  u16(value: number): void {
    this.ensure(2);
    this.buf[this.pos++] = value >> 8;
    this.buf[this.pos++] = value & 255;
  }

  bytes(values: ArrayLike<number>): void {
    this.ensure(values.length);
    this.buf.set(values, this.pos);
    this.pos += values.length;
  }

  /** The written bytes; copied out when the spare capacity is large, so the big buffer can be freed. */
  result(): Uint8Array {
    return this.buf.length - this.pos > this.pos >> 3 ? this.buf.slice(0, this.pos) : this.buf.subarray(0, this.pos);
  }
}

export const SOI = 0xffd8;
export const EOI = 0xffd9;
/** Baseline sequential Huffman (8-bit quantizers). */
export const SOF0 = 0xffc0;
/** Extended sequential Huffman: needed only when a quantizer exceeds 255 (16-bit DQT). */
export const SOF1 = 0xffc1;

/** JFIF APP0, version 1.01, no density units, aspect 1:1, no thumbnail. */
export function writeJfif(w: ByteWriter): void {
  w.u16(0xffe0);
  w.u16(16);
  w.bytes([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
}

/** Adobe APP14: transform 0 = no colour transform (RGB, CMYK), 1 = YCbCr, 2 = YCCK. */
export function writeAdobe(w: ByteWriter, transform: number): void {
  w.u16(0xffee);
  w.u16(14);
  w.bytes([0x41, 0x64, 0x6f, 0x62, 0x65, 0, 100, 0, 0, 0, 0, transform]);
}

/** DQT for one table (natural order in, zigzag order out); 16-bit precision only when an entry needs it. */
export function writeDqt(w: ByteWriter, id: number, table: Uint16Array): void {
  const wide = table.some((q) => q > 255);
  w.u16(0xffdb);
  w.u16(2 + 1 + (wide ? 128 : 64));
  w.byte(((wide ? 1 : 0) << 4) | id);
  for (let k = 0; k < 64; k++) {
    const q = table[ZIGZAG_TO_NATURAL[k]];
    if (wide) w.u16(q);
    else w.byte(q);
  }
}

export interface FrameComponent {
  readonly id: number;
  readonly h: number;
  readonly v: number;
  readonly quantId: number;
}

export function writeSof(w: ByteWriter, marker: number, width: number, height: number, components: readonly FrameComponent[]): void {
  w.u16(marker);
  w.u16(8 + 3 * components.length);
  w.byte(8);
  w.u16(height);
  w.u16(width);
  w.byte(components.length);
  for (const c of components) {
    w.byte(c.id);
    w.byte((c.h << 4) | c.v);
    w.byte(c.quantId);
  }
}

/** DHT for one table: tableClass 0 = DC, 1 = AC. */
export function writeDht(w: ByteWriter, tableClass: number, id: number, spec: HuffmanSpec): void {
  w.u16(0xffc4);
  w.u16(2 + 1 + 16 + spec.values.length);
  w.byte((tableClass << 4) | id);
  w.bytes(spec.bits.subarray(1, 17));
  w.bytes(spec.values);
}

export interface ScanComponent {
  readonly id: number;
  readonly dcTable: number;
  readonly acTable: number;
}

/** SOS for a sequential scan: all 64 coefficients, no successive approximation. */
export function writeSos(w: ByteWriter, components: readonly ScanComponent[]): void {
  w.u16(0xffda);
  w.u16(6 + 2 * components.length);
  w.byte(components.length);
  for (const c of components) {
    w.byte(c.id);
    w.byte((c.dcTable << 4) | c.acTable);
  }
  w.byte(0);
  w.byte(63);
  w.byte(0);
}
