import { ImageError } from '../errors.js';
import type { ScanHeader } from './markers.js';

/** Zero bytes kept after a scan's data, so the bit reader's lookahead past the end reads zeros. */
export const SCAN_PADDING = 8;

/**
 * Copies a scan's entropy-coded data into `clean` without its byte stuffing
 * (0xFF 0x00 -> 0xFF) and without its RSTn markers, and returns where each
 * restart interval starts in `clean` (entry `segments` is the end of the
 * data). Doing this once per scan with native indexOf/set means the bit
 * reader, which runs once per code, never has to test a byte for 0xFF.
 */
export function unstuffScan(bytes: Uint8Array, scan: ScanHeader, clean: Uint8Array, segments: number): Int32Array {
  const starts = new Int32Array(segments + 1);
  const end = scan.dataEnd;
  let p = scan.dataStart;
  let o = 0;
  let found = 0; // restart markers seen
  let extraAt = -1; // clean length when a restart marker beyond the expected ones appeared
  for (;;) {
    let ff = bytes.indexOf(0xff, p);
    if (ff < 0 || ff >= end) ff = end;
    if (ff > p) {
      clean.set(bytes.subarray(p, ff), o);
      o += ff - p;
    }
    if (ff >= end) break;
    const next = bytes[ff + 1];
    if (next === 0) {
      clean[o++] = 0xff;
      p = ff + 2;
    } else if (next === 0xff) {
      p = ff + 1; // fill byte
    } else {
      // RSTn (scanDataEnd stops at every other marker)
      if ((next & 7) !== (found & 7)) throw new ImageError('JPEG is corrupt: restart marker out of sequence');
      found++;
      if (found < segments) starts[found] = o;
      else if (extraAt < 0) extraAt = o;
      p = ff + 2;
    }
  }
  // A restart marker after the last interval is harmless; data after it is not.
  if (extraAt >= 0 && o > extraAt) throw new ImageError('JPEG is corrupt: more restart intervals than the image has');
  if (found < segments - 1) {
    throw new ImageError(scan.cutShort ? 'JPEG is truncated' : 'JPEG is corrupt: missing restart marker');
  }
  starts[segments] = extraAt >= 0 ? extraAt : o;
  clean.fill(0, o, o + SCAN_PADDING);
  return starts;
}
