import { concatBytes } from '../shared/bytes.js';

/**
 * zlib through the engine's native CompressionStream/DecompressionStream.
 * Why: inside the component there is no node:zlib, and a JS inflate would run
 * interpreted; the web streams are backed by the engine's compiled zlib.
 */
async function collect(readable: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const reader = readable.getReader();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return concatBytes(chunks);
}

async function transform(stream: CompressionStream | DecompressionStream, input: Uint8Array): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // Write and read concurrently: a large input would otherwise stall on back-pressure.
  const written = writer.write(input as Uint8Array<ArrayBuffer>).then(() => writer.close());
  const [out] = await Promise.all([collect(stream.readable), written]);
  return out;
}

export function inflate(data: Uint8Array): Promise<Uint8Array> {
  return transform(new DecompressionStream('deflate'), data);
}

export function deflate(data: Uint8Array): Promise<Uint8Array> {
  return transform(new CompressionStream('deflate'), data);
}
