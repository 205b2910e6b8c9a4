// Work handed to the engine's native zlib (CompressionStream/DecompressionStream)
// instead of interpreted loops: inflating into place, and CRC-32 of large byte
// ranges through the gzip format's own CRC (computed and checked by compiled code).

async function readAll(readable: ReadableStream<Uint8Array>, onChunk: (chunk: Uint8Array) => void): Promise<void> {
  const reader = readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    onChunk(value);
  }
}

async function pump(
  stream: CompressionStream | DecompressionStream, input: Uint8Array, onChunk: (chunk: Uint8Array) => void,
): Promise<void> {
  const writer = stream.writable.getWriter();
  // Write and read concurrently: a large input would otherwise stall on back-pressure.
  const written = writer.write(input as Uint8Array<ArrayBuffer>).then(() => writer.close());
  await Promise.all([readAll(stream.readable, onChunk), written]);
}

/**
 * Inflates a zlib stream, handing each output piece (16 KiB from the engine) to
 * `onChunk` as it comes, so the caller can copy it straight to its final place
 * (no list of pieces, no concatenated copy). Rejects when the data is corrupt.
 */
export function inflateChunks(data: Uint8Array, onChunk: (chunk: Uint8Array) => void): Promise<void> {
  return pump(new DecompressionStream('deflate'), data, onChunk);
}

/**
 * zlib-compresses `count` blocks of input, each made by `fill(index)` just
 * before it is written, and returns the compressed pieces (16 KiB each from
 * the engine) in order. The next block is made only after the compressor has
 * taken the previous one (its transform consumes a written chunk whole,
 * synchronously), so `fill` may return the same scratch buffer every time: the
 * input never exists as one large array, which keeps megabytes of garbage out
 * of the instance's linear memory (it grows until the collector runs and never
 * shrinks).
 */
export async function deflateBlocks(count: number, fill: (index: number) => Uint8Array): Promise<Uint8Array[]> {
  const stream = new CompressionStream('deflate');
  const writer = stream.writable.getWriter();
  const pieces: Uint8Array[] = [];
  const writeAll = async () => {
    for (let i = 0; i < count; i++) await writer.write(fill(i) as Uint8Array<ArrayBuffer>);
    await writer.close();
  };
  // Read while writing: the compressor only runs while its output is being read.
  await Promise.all([readAll(stream.readable, (piece) => pieces.push(piece)), writeAll()]);
  return pieces;
}

/**
 * CRC-32 of `data` by gzip-compressing it natively and reading the trailer.
 * For large inputs this is several times faster than the interpreted
 * slicing-by-8 loop, even though the compressor also does its normal work.
 */
export async function gzipCrc32(data: Uint8Array): Promise<number> {
  let last: Uint8Array = new Uint8Array(0);
  let before: Uint8Array = new Uint8Array(0);
  await pump(new CompressionStream('gzip'), data, (chunk) => {
    before = last;
    last = chunk;
  });
  // The trailer (CRC-32, then length, little-endian) may straddle the last two pieces.
  const tail = new Uint8Array(8);
  if (last.length >= 8) tail.set(last.subarray(last.length - 8));
  else {
    tail.set(before.subarray(before.length - (8 - last.length)));
    tail.set(last, 8 - last.length);
  }
  return (tail[0] | (tail[1] << 8) | (tail[2] << 16) | (tail[3] << 24)) >>> 0;
}

const STORED_MAX = 65535;

// The gzip member of gunzipCheckCrc32 is built in one buffer kept between
// calls (up to this size), since a fresh one per file would be megabytes of
// garbage per decode for the collector (one write of a whole member is also
// far cheaper than many small writes: the stream costs ~0.1 ms per chunk).
const KEPT_MEMBER_MAX = 16 * 1024 * 1024;
let keptMember: Uint8Array | undefined;
let keptMemberBusy = false; // another decode, interleaved at an await, is using it

/**
 * Checks natively that the byte ranges, read one after another, have CRC-32
 * `expected`: wraps them in a gzip member made of stored (uncompressed) blocks
 * and lets the native gunzip verify its trailer. Costs a few native copies
 * instead of an interpreted pass over every byte.
 */
export async function gunzipCheckCrc32(ranges: readonly Uint8Array[], expected: number): Promise<boolean> {
  let total = 0;
  for (const range of ranges) total += range.length;
  const blocks = Math.max(1, Math.ceil(total / STORED_MAX));
  const size = 10 + blocks * 5 + total + 8;
  const reuse = size <= KEPT_MEMBER_MAX && !keptMemberBusy;
  if (reuse && (!keptMember || keptMember.length < size)) keptMember = new Uint8Array(size);
  const member = reuse ? keptMember!.subarray(0, size) : new Uint8Array(size);
  if (reuse) keptMemberBusy = true;
  member.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  let o = 10;
  let block = 0;
  let room = 0; // bytes left in the current stored block
  const openBlock = () => {
    const size = Math.min(STORED_MAX, total - block * STORED_MAX);
    block++;
    member[o] = block === blocks ? 1 : 0;
    member[o + 1] = size & 0xff;
    member[o + 2] = size >> 8;
    member[o + 3] = ~size & 0xff;
    member[o + 4] = (~size >> 8) & 0xff;
    o += 5;
    room = size;
  };
  if (total === 0) openBlock();
  for (const range of ranges) {
    for (let s = 0; s < range.length;) {
      if (room === 0) openBlock();
      const n = Math.min(room, range.length - s);
      member.set(range.subarray(s, s + n), o);
      o += n;
      s += n;
      room -= n;
    }
  }
  member.set([expected & 0xff, (expected >>> 8) & 0xff, (expected >>> 16) & 0xff, expected >>> 24], o);
  member.set([total & 0xff, (total >>> 8) & 0xff, (total >>> 16) & 0xff, (total >>> 24) & 0xff], o + 4);
  try {
    await pump(new DecompressionStream('gzip'), member, () => {});
    return true;
  } catch {
    return false;
  } finally {
    if (reuse) keptMemberBusy = false;
  }
}
